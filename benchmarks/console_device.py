"""A flooding board in the IDE's console: how fast output is shown, and how fast Stop ends it.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python3 benchmarks/console_device.py [--seconds 3]
        [--ports virtual,pty,socket,rfc2217,baud]

For each kind of port, an offscreen main window (`MainWindow(connect=False)`, then
`connect_port(port)`, as a user picking the port) runs a `while True: print(...)` program typed
into the console in paste mode, as after a deploy. Measured:

- shown: bytes per second the console parsed (taken from the board and put through the console's
  stream, ready to draw) over `--seconds`, after a 0.5 s warm-up; and the longest event-loop gap
  meanwhile (a 10 ms heartbeat; target: no gap over 50 ms);
- stop: from triggering the toolbar's Stop to `KeyboardInterrupt` arriving from the board, and to
  the console showing the prompt after it (target: 0.5 s); then that nothing more is printed.

Named baseline, measured in the same run on the same port: a bare pyserial reader (a thread
calling `read(65536)` in a loop) running the same program, and its Ctrl-C to prompt time. The
ratio shown / bare says how much of what the board can print the console keeps up with.

Ports: `virtual` is the IDE's embedded board (in this process, as the IDE runs it);
`pty`, `socket` and `rfc2217` are `haas-ide board serve` in a child process, unthrottled;
`baud` is a pty at 115200 baud, whose line rate (11,520 B/s with 8N1) is the target;
`rfc2217-921600` is an RFC 2217 bridge to a fast UART (92 KB/s), as ser2net or esp-link serve one.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.userdirs import use_temporary_user_dirs  # noqa: E402

use_temporary_user_dirs("haas-console-bench-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.heartbeat import Heartbeat  # noqa: E402
from benchmarks.qtwait import run_for, wait_until  # noqa: E402

FLOOD = (b"i = 0\nwhile True:\n    i += 1\n"
         b"    print('flood line', i, 'the quick brown fox jumps over the lazy dog')\n")
PASTE = b"\x03\x03\x05" + FLOOD + b"\x04"
BAUD = 115200
FLOODING = b"flood line 1 "  # the program's first line (the echo of the code has no number)
STOP_TARGET = 0.5
STOP_GIVE_UP = 20.0  # seconds; reported as ">= 20 s"
BARE_STOP_GIVE_UP = 30.0  # seconds the baseline reader may take to show the prompt after Ctrl-C
KINDS = {"virtual": [], "pty": [], "socket": ["--socket", "127.0.0.1:0"],
         "rfc2217": ["--rfc2217", "127.0.0.1:0"], "baud": ["--baud", str(BAUD)],
         "rfc2217-921600": ["--rfc2217", "127.0.0.1:0", "--baud", "921600"]}


# -- the bare reader (baseline) ---------------------------------------------------------------------
def bare_reader(url: str, seconds: float) -> tuple[float, float | None]:
    """(bytes/s, seconds from Ctrl-C to the prompt, None if not within BARE_STOP_GIVE_UP) for a
    plain pyserial loop on `url` (pyserial's own RFC 2217 client can fall that far behind)."""
    import serial

    ser = serial.serial_for_url(url, baudrate=BAUD, timeout=0.02)
    try:
        ser.write(PASTE)
        _read_until(ser, FLOODING, 10)
        _read_for(ser, 0.5)
        start = time.perf_counter()
        count = _read_for(ser, seconds)
        rate = count / (time.perf_counter() - start)
        start = time.perf_counter()
        ser.write(b"\x03")
        if not _read_until(ser, b"KeyboardInterrupt: \r\n>>> ", BARE_STOP_GIVE_UP, give_up=True):
            return rate, None
        return rate, time.perf_counter() - start
    finally:
        ser.close()


def _read_for(ser, seconds: float) -> int:
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        count += len(ser.read(65536))
    return count


def _read_until(ser, marker: bytes, timeout: float, give_up: bool = False) -> bool:
    tail, end = b"", time.perf_counter() + timeout
    while marker not in tail:
        if time.perf_counter() > end:
            if give_up:
                return False
            raise SystemExit(f"bare reader: no {marker!r} within {timeout} s")
        tail = tail[-len(marker):] + ser.read(65536)
    return True


# -- the IDE --------------------------------------------------------------------------------------
class Watch:
    """Counts what the worker delivers to the console and notes when markers arrive."""

    def __init__(self, window) -> None:
        self.window = window
        self.received = 0
        self.marks: dict[bytes, float] = {}
        self._tail = b""
        window.worker.events.output.connect(self._output)

    def _output(self, data: bytes) -> None:
        self.received += len(data)
        joined = self._tail + data
        for marker in (FLOODING, b"KeyboardInterrupt"):
            if marker not in self.marks and marker in joined:
                self.marks[marker] = time.perf_counter()
        self._tail = joined[-20:]

    def parsed(self) -> int:
        return self.received - self.window.console.queued_bytes()


def ide_run(window, port: str, seconds: float) -> dict:
    app = QApplication.instance()
    events = window.worker.events
    window.connect_port(port)
    wait_until(lambda: window.worker.state == "idle", signals=[events.state_changed])
    watch = Watch(window)
    window.worker.send(PASTE)
    wait_until(lambda: FLOODING in watch.marks, signals=[events.output])
    run_for(0.5)
    heartbeat = Heartbeat()
    heartbeat.start()
    before, start = watch.parsed(), time.perf_counter()
    run_for(seconds)
    rate = (watch.parsed() - before) / (time.perf_counter() - start)
    heartbeat.timer.stop()
    prompts: list[float] = []
    window.console.state_changed.connect(lambda state: state == "prompt" and prompts.append(time.perf_counter()))
    stop = time.perf_counter()
    window.device_toolbar.stop_action.trigger()
    stopped = _within(STOP_GIVE_UP, lambda: b"KeyboardInterrupt" in watch.marks and bool(prompts), events.output)
    after = watch.received
    run_for(0.3)
    result = {"rate": rate, "gap": max(heartbeat.gaps, default=0.0),
              "stop_received": watch.marks.get(b"KeyboardInterrupt", stop + STOP_GIVE_UP) - stop,
              "stop_shown": (prompts[0] if stopped else stop + STOP_GIVE_UP) - stop,
              "after_prompt": watch.received - after}
    if not stopped:
        window.worker.hard_reset()
    window.worker.close_port()
    wait_until(lambda: window.worker.state == "disconnected", signals=[events.state_changed])
    app.processEvents()
    return result


def _within(timeout: float, predicate, signal) -> bool:
    try:
        wait_until(predicate, timeout=timeout, signals=[signal])
        return True
    except SystemExit:
        return False


# -- ports ----------------------------------------------------------------------------------------
def measure(kind: str, window, seconds: float) -> None:
    from tests.served import served_board

    if kind == "virtual":
        from ide.gui import virtual_service

        bare = bare_reader(virtual_service.embedded_board().url, seconds)
        report(kind, "virtual (embedded)", ide_run(window, "virtual", seconds), bare)
        return
    with served_board(KINDS[kind]) as served:
        bare = bare_reader(served.port, seconds)
        report(kind, served.port, ide_run(window, served.port, seconds), bare)


def report(kind: str, port: str, ide: dict, bare: tuple[float, float]) -> None:
    bare_rate, bare_stop = bare
    target = {"baud": f"line rate {BAUD // 10} B/s", "virtual": ">= 1 MB/s"}.get(kind, "")
    print(f"{kind:8s} {port}")
    print(f"  shown {ide['rate'] / 1e3:9.1f} KB/s   bare reader {bare_rate / 1e3:9.1f} KB/s   "
          f"ratio {ide['rate'] / bare_rate if bare_rate else 0:5.2f}   {target}")
    print(f"  longest event-loop gap during the flood {ide['gap'] * 1000:6.1f} ms   target <= 50 ms")
    verdict = "meets" if ide["stop_shown"] <= STOP_TARGET else "MISSES"
    print(f"  Stop -> KeyboardInterrupt received {ide['stop_received']:6.3f} s, prompt shown {ide['stop_shown']:6.3f} s "
          f"({verdict} {STOP_TARGET} s)   bare reader Ctrl-C -> prompt "
          + (f"{bare_stop:6.3f} s" if bare_stop is not None else f"not within {BARE_STOP_GIVE_UP} s"))
    print(f"  bytes after the prompt in the next 0.3 s: {ide['after_prompt']}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each measured flood")
    parser.add_argument("--ports", default=",".join(KINDS), help="which kinds of port: " + ",".join(KINDS))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from ide.gui.mainwindow import MainWindow

    window = MainWindow(connect=False)
    window.show()
    from ide.gui.app import freeze_startup_objects

    freeze_startup_objects()  # as the IDE does once its window is shown
    threading.current_thread().name = "gui"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; flood: {FLOOD.splitlines()[-1].strip().decode()}")
    for kind in args.ports.split(","):
        measure(kind, window, args.seconds)
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
