"""What the HaaS firmware modules cost the virtual board: a soft reset to `>>>`, and first use.

mpremote and the IDE soft-reset the board before every command, so the firmware's modules must
not slow a boot down: they are registered as lazy stand-ins and load on first use. This prints
the median time of a soft reset (Ctrl-D at the friendly prompt until the next `>>> `) with the
full firmware against the baseline "system modules only" (os, micropython, input/help: the
firmware as the engine first landed), measured alternately on one board in this process, and
the time each HaaS module takes on its first use after a boot.

    PYTHONPATH=. python3 benchmarks/virtual_firmware.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ide.virtualboard import firmware, system_services  # noqa: E402
from ide.virtualboard.board import VirtualBoard  # noqa: E402
from ide.virtualboard.engine.bridge import Bridge  # noqa: E402
from tests.boardio import BoardIO  # noqa: E402

FIRST_USES = {
    "driver": "import driver\ndriver.GPIO", "machine": "import machine\nmachine.Pin",
    "aliyunIoT": "import aliyunIoT\naliyunIoT.Device", "network": "import network\nnetwork.WLAN",
    "utime": "import utime\nutime.ticks_ms", "kv": "import kv\nkv.get",
}


def _system_only(board: VirtualBoard) -> Bridge:
    bridge = Bridge(sys_path=list(firmware.HAAS_SYS_PATH))
    system_services.install(bridge, board)
    return bridge


def _soft_reset(io: BoardIO) -> float:
    start = time.perf_counter()
    io.send(b"\x04")
    io.expect(b">>> ")
    return time.perf_counter() - start


def soft_resets(io: BoardIO, rounds: int) -> tuple[list[float], list[float]]:
    full, baseline = [], []
    real = firmware.bridge_for
    for _ in range(rounds):
        full.append(_soft_reset(io))
        firmware.bridge_for = _system_only
        try:
            baseline.append(_soft_reset(io))
        finally:
            firmware.bridge_for = real
    return full, baseline


def first_use(io: BoardIO, code: str) -> float:
    """Milliseconds of `code` in the raw REPL right after a soft reset, less a request that does nothing."""
    io.send(b"\x04")
    io.expect(b"raw REPL; CTRL-B to exit\r\n>")
    timings = []
    for source in ("pass", code):
        start = time.perf_counter()
        _out, err = io.exec_raw(source)
        timings.append(time.perf_counter() - start)
        if err:
            raise SystemExit(err.decode())
    return (timings[1] - timings[0]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    board = VirtualBoard()
    io = BoardIO(board)
    board.start()
    try:
        io.wait_idle_prompt()
        full, baseline = soft_resets(io, args.rounds)
        io.raw()
        uses = {name: first_use(io, code) for name, code in FIRST_USES.items()}
    finally:
        board.close()
    ms_full, ms_base = statistics.median(full) * 1000, statistics.median(baseline) * 1000
    print(f"soft reset to >>> (median of {args.rounds}): full firmware {ms_full:.1f} ms, "
          f"baseline system modules only {ms_base:.1f} ms, ratio {ms_full / ms_base:.2f}")
    print("first use after a boot: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in uses.items()))


if __name__ == "__main__":
    main()
