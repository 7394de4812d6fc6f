"""HaaS1000 deploy (boot window + YMODEM-1K) against the raw-REPL deploy, same project, same baud.

    PYTHONPATH=. python3 benchmarks/haas1000_deploy.py

Prints figures and ratios (no assertions). The project is the house benchmark project
(benchmarks/deploy.py: about 100 KB, a dozen Python files with Chinese text and a 20 KB binary).
For each line rate (1500000 baud, the EDU K1's REPL rate, and 115200) it serves a HaaS EDU K1
virtual board with `haas-ide board serve --board haas-edu-k1 --baud N` and deploys through the
haas1000 plugin (loaded by the IDE's plugin loader); then, as the baseline, it deploys the same
files to an ESP32 virtual board served at the same baud with the built-in raw-REPL deploy.
"Payload rate" is project bytes per second of the whole deploy (reset and boot window included);
"wire efficiency" is pyamp.zip bytes per second of the YMODEM phase over the line's baud/10.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ide import api  # noqa: E402
from ide.core import deploymethods, plugins  # noqa: E402
from ide.core.deploy import deploy as raw_repl_deploy, local_files  # noqa: E402
from ide.core.link.connection import Connection  # noqa: E402
from ide.core.link.rawrepl import RawRepl  # noqa: E402
from tests.served import served_board  # noqa: E402

BAUDS = (1500000, 115200)


def house_project(root: Path):
    spec = importlib.util.spec_from_file_location("house_deploy_bench", ROOT / "benchmarks" / "deploy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_project(root), module.files_of


def booted(link: Connection) -> None:
    """Wait until the board is at its prompt (a freshly served EDU K1 is still in its boot window)."""
    link.write(b"\r")
    link.read_until(b">>> ", 10)
    link.drain()


def ymodem_deploy(registry, port: str, baud: int, project: Path) -> dict:
    with Connection(port, baud) as link:
        booted(link)
        session = api.DeploySession(link=link, files=api.project_files(project), project_dir=project,
                                    board=api.board_info("haas-edu-k1"))
        return deploymethods.run_method(session, registry)


def baseline(port: str, baud: int, pairs) -> float:
    with Connection(port, baud) as link:
        booted(link)
        started = time.perf_counter()
        raw_repl_deploy(RawRepl(link), local_files(pairs), run=False)
        return time.perf_counter() - started


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="haas1000-bench-"))
    project, files_of = house_project(work / "proj")
    pairs = files_of(project)
    size = sum(p.stat().st_size for _rel, p in pairs)
    registry = plugins.load_plugins(plugins.discover(ROOT / "plugins", None, []), set())
    print(f"project: {len(pairs)} files, {size} bytes")
    for baud in BAUDS:
        line_rate = baud / 10
        board_args = ["--board", "haas-edu-k1", "--baud", str(baud), "--fs", str(work / f"k1-{baud}")]
        with served_board(board_args) as board:
            summary = ymodem_deploy(registry, board.port, baud, project)
        with served_board(["--baud", str(baud), "--fs", str(work / f"esp32-{baud}")]) as board:
            theirs = baseline(board.port, baud, pairs)
        ours = summary["seconds"]
        transfer = summary["phases"]["transfer"]
        print(f"\n-- {baud} baud (line {line_rate:,.0f} B/s) --")
        print(f"ymodem deploy (EDU K1):       {ours:7.3f} s  (window {summary['phases']['window']:.3f} s, "
              f"transfer {transfer:.3f} s; pyamp.zip {summary['bytes']} bytes, reset by {summary['reset']})")
        print(f"payload rate / line rate:     {size / ours / line_rate:7.2f}x  ({size / ours:,.0f} B/s)")
        print(f"wire efficiency (zip/s/line): {summary['bytes'] / transfer / line_rate:7.2f}")
        print(f"raw-REPL deploy (ESP32):      {theirs:7.3f} s")
        print(f"ratio ymodem / raw-REPL:      {ours / theirs:7.3f}")


if __name__ == "__main__":
    main()
