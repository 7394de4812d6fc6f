"""Pieces shared by the HaaS modules: driver return codes, board.json node lookup, host timers.

HaaS `driver` objects are opened by node name from board.json and answer with integer codes
(0 success, negative failure) rather than exceptions. Timers and delayed completions run on host
threads that never touch board state: they only hand a function to `vm.schedule`, which runs it on
the board thread at its next safe point, the way the firmware's `py_task_schedule_call` does.
"""

from __future__ import annotations

import errno
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from ide.virtualboard.fs import mp_error

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

OK = 0
FAILED = -1               # the ESP32 Python adapters' answer for "not open" and friends
NODE_NOT_FOUND = -4       # no node of that name and type in board.json (BoardConfigParser)
ALREADY_OPEN = -6         # -ENXIO, as gpio.c answers for open() twice or use after close()
PWRON_RESET, HARD_RESET, WDT_RESET, DEEPSLEEP_RESET, SOFT_RESET = 1, 2, 3, 4, 5  # machine.reset_cause()
NEEDS_PORT = ("GPIO", "UART", "I2C", "SPI", "ADC", "PWM", "DAC")


def node_config(vm: "Vm", name: Any, kind: str) -> dict | None:
    """The board.json node `name` if it exists and has type `kind`, else None.

    Like the firmware's parser, a node whose `port` is not a JSON number does not exist."""
    if not isinstance(name, str):
        raise ValueError("Node type should be str")
    config = vm.board_config
    io = config.get("io") if isinstance(config, dict) else None
    node = io.get(name) if isinstance(io, dict) else None
    if not isinstance(node, dict) or node.get("type") != kind:
        return None
    if kind in NEEDS_PORT and (not isinstance(node.get("port"), int) or isinstance(node.get("port"), bool)):
        return None
    return node


def call_later(delay: float, func: Callable[[], None]) -> threading.Timer:
    """Run `func` on a daemon host thread after `delay` seconds (cancel() stops it)."""
    timer = threading.Timer(max(0.0, delay), func)
    timer.daemon = True
    timer.start()
    return timer


class HostTimer:
    """A host thread that schedules `fire(arg)` on the board every `period` seconds, or once.

    At most one call is queued at a time: a board too busy to run the callback skips ticks rather
    than piling them up (MicroPython's schedule queue is small too). Stopped by `cancel()`, which
    the owner registers with `vm.add_cleanup` so that a soft reset stops every timer."""

    def __init__(self, vm: "Vm", period: float, periodic: bool, fire: Callable[[Any], None], arg: Any) -> None:
        if period <= 0:
            raise ValueError("period must be positive")
        self._vm = vm
        self._period = period
        self._periodic = periodic
        self._fire = fire
        self._arg = arg
        self._stop = threading.Event()
        self._queued = False
        self._thread = threading.Thread(target=self._run, name="virtual-board-timer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        due = time.monotonic() + self._period
        while not self._stop.wait(max(0.0, due - time.monotonic())):
            if not self._queued:
                self._queued = True
                self._vm.schedule(self._call, None)
            if not self._periodic:
                return
            due = max(due + self._period, time.monotonic())

    def _call(self, _unused: Any) -> None:
        self._queued = False
        if not self._stop.is_set():
            self._fire(self._arg)

    def cancel(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stop.is_set()


class Watchdog:
    """Fires once (a "wdt" event and a reset request) unless fed within `timeout` seconds."""

    def __init__(self, vm: "Vm", timeout: float, name: str | None) -> None:
        self._vm, self._timeout, self._name = vm, timeout, name
        self._cv = threading.Condition()
        self._deadline = time.monotonic() + timeout
        self._stopped = False
        threading.Thread(target=self._run, name="virtual-board-wdt", daemon=True).start()
        vm.add_cleanup(self.cancel)

    def feed(self) -> None:
        with self._cv:
            self._deadline = time.monotonic() + self._timeout

    def cancel(self) -> None:
        with self._cv:
            self._stopped = True
            self._cv.notify_all()

    def _run(self) -> None:
        with self._cv:
            while not self._stopped and self._deadline > time.monotonic():
                self._cv.wait(self._deadline - time.monotonic())
            if self._stopped:
                return
            self._stopped = True
        hardware = self._vm.board.hardware
        hardware.emit("wdt", name=self._name, timeout=self._timeout)
        hardware.request_reset(WDT_RESET, "wdt")


def to_bytes(data: Any) -> bytes:
    """Bytes of a str (UTF-8) or any buffer, as MicroPython's buffer protocol accepts them."""
    if isinstance(data, str):
        return data.encode("utf-8")
    return bytes(data)


def fill(buf: Any, data: bytes) -> int:
    """Copy `data` into a writable buffer (bytearray/memoryview), as readinto does."""
    if not isinstance(buf, (bytearray, memoryview)):
        raise TypeError("object with buffer protocol required")
    buf[: len(data)] = data
    return len(data)


def i2c_write(hardware: Any, bus: int, addr: int, data: bytes) -> None:
    """One write transaction; OSError(ENODEV) when nothing acknowledges the address (as on ESP32)."""
    device = hardware.i2c_device(bus, addr)
    if device is None:
        raise mp_error(errno.ENODEV)
    device.write(bytes(data))


def i2c_read(hardware: Any, bus: int, addr: int, size: int) -> bytes:
    device = hardware.i2c_device(bus, addr)
    if device is None:
        raise mp_error(errno.ENODEV)
    return device.read(size)


def mem_address(memaddr: int, addrsize: int = 8) -> bytes:
    """A register address as sent before memRead/memWrite data: 8 bits one byte, 16 bits two."""
    return int(memaddr).to_bytes(max(1, addrsize // 8), "big")
