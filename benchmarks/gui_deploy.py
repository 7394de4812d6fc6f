"""Deploy button to first program output, for a one-file change, at 115200 baud on the virtual board.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python3 benchmarks/gui_deploy.py [--runs 5]

Serves a board with `haas-ide board serve --baud 115200`, creates a project from the helloworld
template, opens an offscreen main window on it (`MainWindow(connect=False)` then
`connect_port(port)`), waits for the worker to be idle and deploys once (the full project). Then,
each run: main.py is changed on disk (a print of a unique marker), the Deploy action is triggered,
and the time is taken from the trigger to `deployed` (the files are on the board) and to the
marker appearing in the console (the program's first output). The Qt event loop is driven
throughout (a QEventLoop, woken by the signals and a 2 ms poll); nothing sleeps.

Baseline in the same run: `haas-ide deploy DIR --port PORT --no-follow` as a fresh process for
the same one-file change (process start to exit, which includes starting Python and the reset).
Target (issue): one-file change to first output <= 1.0 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.userdirs import use_temporary_user_dirs  # noqa: E402

use_temporary_user_dirs("haas-deploy-bench-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.qtwait import wait_until  # noqa: E402
from ide.core.templates import create_project  # noqa: E402
from tests.served import served_board  # noqa: E402

BAUD = 115200


def change_main(project: Path) -> str:
    marker = f"bench-{uuid.uuid4().hex[:12]}"
    main_py = project / "main.py"
    text = main_py.read_text(encoding="utf-8")
    if text.startswith("print('bench-"):  # replace the previous run's marker
        text = text.split("\n", 1)[1]
    main_py.write_text(f"print('{marker}')\n" + text, encoding="utf-8")
    return marker


def gui_runs(port: str, project: Path, runs: int) -> list[tuple[float, float]]:
    from ide.gui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(connect=False)
    window.show()
    events = window.worker.events
    window.connect_port(port)
    deploy = window.device_toolbar.deploy_action
    wait_until(deploy.isEnabled, signals=[events.state_changed])  # the window has seen the idle worker
    window.set_project_dir(project)

    deployed: list[float] = []
    events.deployed.connect(lambda _summary: deployed.append(time.perf_counter()))
    failures: list[str] = []
    events.failed.connect(lambda message, hint: failures.append(f"{message} {hint}"))

    deploy.trigger()  # first deploy: the whole project, not measured
    wait_until(lambda: bool(deployed) or bool(failures), signals=[events.deployed, events.failed])
    if failures:
        raise SystemExit(f"deploy failed: {failures}")
    wait_until(lambda: "Hello, HaaS!" in window.console.text(), signals=[events.output])

    results = []
    for _ in range(runs):
        wait_until(deploy.isEnabled, signals=[events.state_changed])
        marker = change_main(project)
        deployed.clear()
        start = time.perf_counter()
        deploy.trigger()
        files_done = wait_until(lambda: bool(deployed) or bool(failures), signals=[events.deployed, events.failed])
        if failures:
            raise SystemExit(f"deploy failed: {failures}")
        output = wait_until(lambda: marker in window.console.text(), signals=[events.output])
        results.append((files_done - start, output - start))
    window.worker.close_port()
    wait_until(lambda: window.worker.state == "disconnected", signals=[events.state_changed])
    window.close()
    app.processEvents()
    return results


def cli_runs(port: str, project: Path, runs: int) -> list[tuple[float, bool]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    results = []
    for _ in range(runs):
        marker = change_main(project)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "ide.cli", "deploy", str(project), "--port", port,
                               "--baud", str(BAUD), "--no-follow"],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"haas-ide deploy failed: {done.stdout}{done.stderr}")
        results.append((elapsed, marker in done.stdout))
    return results


def summary(values: list[float]) -> str:
    return f"min {min(values):6.3f}  median {statistics.median(values):6.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="haas-deploy-proj-") as tmp:
        project = Path(tmp) / "hello"
        create_project(project, "helloworld", "esp32-devkitc", {})
        with served_board(["--baud", str(BAUD)]) as served:
            print(f"board served at {served.port}, {BAUD} baud; {args.runs} one-file changes each (seconds)")
            gui = gui_runs(served.port, project, args.runs)
            print(f"  GUI Deploy -> deployed signal      {summary([d for d, _ in gui])}")
            print(f"  GUI Deploy -> first program output {summary([o for _, o in gui])}")
            print(f"  GUI split (median): files on board {statistics.median(d for d, _ in gui):.3f}, "
                  f"then reset+run to output {statistics.median(o - d for d, o in gui):.3f}")
            cli = cli_runs(served.port, project, args.runs)
            print(f"  CLI haas-ide deploy --no-follow    {summary([t for t, _ in cli])}"
                  f"  (marker printed by the CLI in {sum(seen for _, seen in cli)}/{len(cli)} runs)")
            ratio = statistics.median(o for _, o in gui) / statistics.median(t for t, _ in cli)
            print(f"  ratio GUI to output / CLI process: {ratio:.2f}x")


if __name__ == "__main__":
    main()
