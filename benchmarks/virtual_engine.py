"""The virtual board's engine (MicroPython in WebAssembly) against the engine it replaced.

    PYTHONPATH=. python3 benchmarks/virtual_engine.py [--baseline CHECKOUT] [--runs 3]

Each figure is measured in a fresh Python process with this checkout's `ide` package, and, with
`--baseline`, in the same way with another checkout's (e.g. a worktree of commit a2f2809, the last
CPython-engine commit: `git worktree add --detach ../baseline a2f2809`), so both run on the same
machine in one run. Prints medians and the ratio new/baseline (no assertions):
- start: process start to the board's first `>>>` (imports, Wasm module from the disk cache, boot)
- soft reset: Ctrl-D to `>>>` (a fresh VM; mpremote does this before every command)
- CPU loop: `for i in range(300000): x = i * i + 1` in the raw REPL
- print flood: 20000 lines of 60 bytes printed as fast as the board can, bytes/s on the wire
- deploy: `haas-ide deploy PROJECT --port virtual --no-run` of benchmarks/deploy.py's 100 KB
  project to an empty board, process start to exit
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

PROBE = r'''
import json, sys, time
t0 = time.perf_counter()
from ide.virtualboard.board import VirtualBoard
from tests.boardio import BoardIO
board = VirtualBoard()
io = BoardIO(board)
board.start()
io.wait_idle_prompt()
out = {}
resets = []
for _ in range(10):
    t = time.perf_counter(); io.send(b"\x04"); io.expect(b">>> ", 30); resets.append(time.perf_counter() - t)
out["soft reset"] = sorted(resets)[len(resets) // 2]
io.raw()
t = time.perf_counter()
io.exec_raw("for i in range(300000):\n x = i * i + 1", 120)
out["CPU loop"] = time.perf_counter() - t
t = time.perf_counter()
printed, _ = io.exec_raw("s = 'x' * 58\nfor i in range(20000):\n print(s)", 300)
out["print flood (B/s)"] = len(printed) / (time.perf_counter() - t)
board.close()
print("RESULT " + json.dumps(out))
'''


def measure(checkout: Path) -> dict:
    """One set of figures for the engine in `checkout` (fresh processes, throw-away data)."""
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, PYTHONPATH=str(checkout), HAAS_IDE_DATA_DIR=data, QT_QPA_PLATFORM="offscreen")
        figures = {"start": _process_start(checkout, env)}
        result = subprocess.run([sys.executable, "-c", PROBE], cwd=checkout, env=env, capture_output=True,
                                text=True, timeout=900)
        figures.update(_result(result))
        figures["deploy"] = _deploy(checkout, env)
        return figures


def _result(result: subprocess.CompletedProcess) -> dict:
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"benchmark probe failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def _process_start(checkout: Path, env: dict) -> float:
    """Process start to the first prompt, timed from outside the process."""
    code = ("from ide.virtualboard.board import VirtualBoard\nfrom tests.boardio import BoardIO\n"
            "b = VirtualBoard(); io = BoardIO(b); b.start(); io.wait_idle_prompt(); b.close()")
    subprocess.run([sys.executable, "-c", code], cwd=checkout, env=env, capture_output=True, timeout=300)  # warm caches
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=checkout, env=env, capture_output=True, check=True, timeout=300)
    return time.perf_counter() - started


def _deploy(checkout: Path, env: dict) -> float:
    sys.path.insert(0, str(HERE))
    from benchmarks.deploy import make_project

    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "project")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ide.cli", "deploy", str(project), "--port", "virtual", "--no-run"],
                       cwd=checkout, env=env, capture_output=True, check=True, timeout=600)
        return time.perf_counter() - started


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a checkout of the engine to compare against")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    new = median_of([measure(HERE) for _ in range(args.runs)])
    old = median_of([measure(args.baseline.resolve()) for _ in range(args.runs)]) if args.baseline else None
    print(f"{'figure':<20}{'this engine':>14}" + (f"{'baseline':>14}{'new/baseline':>14}" if old else ""))
    for key, value in new.items():
        row = f"{key:<20}{value:>14.3f}"
        if old:
            row += f"{old[key]:>14.3f}{value / old[key]:>14.2f}"
        print(row)


if __name__ == "__main__":
    main()
