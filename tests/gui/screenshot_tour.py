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
happen in time ends the script with exit status 1 and says which.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

STEP_SECONDS = 30


def wait_for(app, what: str, condition, seconds: float = STEP_SECONDS) -> None:
    """Run the event loop until `condition()` holds; exit 1 naming `what` when it does not in time."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(loop.quit)
    timer.start()
    while not condition():
        if time.monotonic() > deadline:
            print(json.dumps({"error": f"timed out waiting for {what}"}))
            sys.exit(1)
        loop.exec()  # until the next tick, handling whatever events arrive meanwhile
    timer.stop()


def settle(app, seconds: float = 0.3) -> None:
    """Let layouts, repaints and queued signals finish before a photograph."""
    end = time.monotonic() + seconds
    wait_for(app, "the window to settle", lambda: time.monotonic() >= end, seconds + 5)


def photograph(app, window, out: Path, moment: str, suffix: str) -> str:
    settle(app)
    path = out / f"screenshot-{moment}{suffix}.png"
    if not window.grab().save(str(path)):
        print(json.dumps({"error": f"could not write {path}"}))
        sys.exit(1)
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
    from ide.gui.settings import Settings
    from ide.gui.welcome import open_example

    app = application()
    window = MainWindow()
    window.show()
    connected = lambda: window.connection_label.text() == state_text("idle")  # noqa: E731
    wait_for(app, "the virtual board to connect", connected)
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    args.out.mkdir(parents=True, exist_ok=True)
    shots = [photograph(app, window, args.out, "first-run", suffix)]

    folder = open_example(window, "helloworld")
    wait_for(app, "the example's main.py", lambda: window.tabs.currentWidget() is not window.welcome_page)
    wait_for(app, "the board after opening the example", connected)
    window.deploy()
    wait_for(app, "the program's output", lambda: "Hello, HaaS! 3" in window.console.text())
    shots.append(photograph(app, window, args.out, "deploy", suffix))

    settings = Settings(window.settings)
    settings.theme = "dark"
    settings.apply_to(window)
    window.edit_menu.open_find_in_project()
    window.edit_menu.find_panel.pattern_edit.setText("print")
    window.edit_menu.find_panel.search()
    wait_for(app, "the project search", lambda: bool(window.edit_menu.find_panel.match_items()))
    shots.append(photograph(app, window, args.out, "dark", suffix))

    panes = {"editor": window.editor_area.width(), "project": window.project_dock.width(),
             "virtual board": window.virtual_dock.width()}
    print(json.dumps({"shots": shots, "width": window.width(), "height": window.height(), "panes": panes,
                      "project": str(folder), "console": window.console.text()[-2000:]}, ensure_ascii=False))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
