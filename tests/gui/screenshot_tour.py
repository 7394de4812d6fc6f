"""A new user's first minutes, played in a real window and photographed for the README.

    python -m tests.gui.screenshot_tour --lang en --out docs

Run on a real display (the real-window test starts Xvfb). With fresh settings and data folders
(the caller points HAAS_IDE_DATA_DIR, HAAS_IDE_CONFIG_DIR and XDG_CONFIG_HOME at empty places)
it photographs three moments, each named `screenshot-<moment>[-zh_CN].png` in `--out`:
`first-run` (the IDE as it first opens), `deploy` (an example opened from the Welcome page,
deployed to the virtual board, its output in the console) and `dark` (the same after switching
to the dark theme, with a word looked up in the whole project). On stdout it prints one JSON
object: the files written, the window size, the widths of the editor and the side panes, and
what the console showed; any step that does not
happen in time ends the script with exit status 1 and says which. Before the first photograph it
waits for the console to fall quiet, so the board's start-up text is all there.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

STEP_SECONDS = 30
QUIET_SECONDS = 1.0


class TourError(Exception):
    """A step did not happen in time."""


def wait_for(app, what: str, condition, seconds: float = STEP_SECONDS) -> None:
    """Run the event loop until `condition()` holds; TourError naming `what` when it does not in time."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(loop.quit)
    timer.start()
    try:
        while not condition():
            if time.monotonic() > deadline:
                raise TourError(f"timed out waiting for {what}")
            loop.exec()  # until the next tick, handling whatever events arrive meanwhile
    finally:
        timer.stop()


def settle(app, seconds: float = 0.3) -> None:
    """Let layouts, repaints and queued signals finish before a photograph."""
    end = time.monotonic() + seconds
    wait_for(app, "the window to settle", lambda: time.monotonic() >= end, seconds + 5)


def wait_quiet(app, text, quiet: float = QUIET_SECONDS, seconds: float = STEP_SECONDS) -> None:
    """Wait until `text()` (the console's) has not changed for `quiet` seconds, at most `seconds`."""
    last = {"text": text(), "since": time.monotonic()}

    def still() -> bool:
        now = text()
        if now != last["text"]:
            last.update(text=now, since=time.monotonic())
        return time.monotonic() - last["since"] >= quiet

    try:
        wait_for(app, "quiet output", still, seconds)
    except TourError:
        pass  # a board that keeps talking is photographed as it is


def photograph(app, window, out: Path, moment: str, suffix: str) -> str:
    settle(app)
    path = out / f"screenshot-{moment}{suffix}.png"
    if not window.grab().save(str(path)):
        raise TourError(f"could not write {path}")
    return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    from ide import i18n

    i18n.set_language(args.lang)
    from ide.gui.app import application
    from ide.gui.mainwindow import MainWindow, state_text

    app = application()
    window = MainWindow()
    window.show()
    try:
        report = tour(app, window, args.out, "" if args.lang == "en" else f"-{args.lang}", state_text("idle"))
    except TourError as error:
        report = {"error": str(error)}
    print(json.dumps(report, ensure_ascii=False))
    window.close()  # stops the board session before the process ends
    return 1 if "error" in report else 0


def tour(app, window, out: Path, suffix: str, connected_text: str) -> dict:
    from ide.gui.settings import Settings
    from ide.gui.welcome import open_example

    connected = lambda: window.connection_label.text() == connected_text  # noqa: E731
    wait_for(app, "the virtual board to connect", connected)
    wait_quiet(app, window.console.text)
    out.mkdir(parents=True, exist_ok=True)
    shots = [photograph(app, window, out, "first-run", suffix)]

    folder = open_example(window, "helloworld")
    wait_for(app, "the example's main.py", lambda: window.tabs.currentWidget() is not window.welcome_page)
    wait_for(app, "the board after opening the example", connected)
    window.deploy()
    wait_for(app, "the program's output", lambda: "Hello, HaaS! 3" in window.console.text())
    shots.append(photograph(app, window, out, "deploy", suffix))

    settings = Settings(window.settings)
    settings.theme = "dark"
    settings.apply_to(window)
    window.edit_menu.open_find_in_project()
    window.edit_menu.find_panel.pattern_edit.setText("print")
    window.edit_menu.find_panel.search()
    wait_for(app, "the project search", lambda: bool(window.edit_menu.find_panel.match_items()))
    shots.append(photograph(app, window, out, "dark", suffix))
    panes = {"editor": window.editor_area.width(), "project": window.project_dock.width(),
             "virtual board": window.virtual_dock.width()}
    return {"shots": shots, "width": window.width(), "height": window.height(), "panes": panes,
            "project": str(folder), "console": window.console.text()[-2000:]}


if __name__ == "__main__":
    sys.exit(main())
