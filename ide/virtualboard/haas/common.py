"""What the HaaS firmware's host services share: return codes, board.json nodes, handles, timers.

The MicroPython side of each module (`engine/vmlib/*.py`) holds host objects by integer handle
(`Handles`, one table per boot) and hands over its callbacks as `_vm.register` handles; the host
calls them back with `Callback.fire`, from any thread, and the VM runs them at its next safe
point, the way the firmware's `py_task_schedule_call` does. Host timers and the watchdog are
threads that only post such callbacks or ask the board for a reset; every boot stops its own
(`Bridge.on_end`).
"""

from __future__ import annotations

import errno
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge
    from ide.virtualboard.engine.vm import Vm

OK = 0
FAILED = -1               # the ESP32 Python adapters' answer for "not open" and friends
NODE_NOT_FOUND = -4       # no node of that name and type in board.json (BoardConfigParser)
ALREADY_OPEN = -6         # -ENXIO, as gpio.c answers for open() twice or use after close()
PWRON_RESET, HARD_RESET, WDT_RESET, DEEPSLEEP_RESET, SOFT_RESET = 1, 2, 3, 4, 5  # machine.reset_cause()
NEEDS_PORT = ("GPIO", "UART", "I2C", "SPI", "ADC", "PWM", "DAC")
MAX_TRANSFER = 16 * 1024  # bytes one bridge call carries (hex doubles them; a result holds 64 KiB)


def node_config(board: "VirtualBoard", name: Any, kind: str) -> dict | None:
    """The board.json node `name` if it exists and has type `kind`, else None.

    Like the firmware's parser, a node whose `port` is not a JSON number does not exist."""
    if not isinstance(name, str):
        raise ValueError("Node type should be str")
    vm = board.vm
    config = vm.board_config if vm is not None else None
    io = config.get("io") if isinstance(config, dict) else None
    node = io.get(name) if isinstance(io, dict) else None
    if not isinstance(node, dict) or node.get("type") != kind:
        return None
    if kind in NEEDS_PORT and not is_int(node.get("port")):
        return None
    return node


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def int_arg(value: Any, low: int | None = None, high: int | None = None, what: str = "value") -> int:
    """An integer argument from the VM (a bool counts, as in MicroPython); ValueError out of range."""
    if isinstance(value, float) or not isinstance(value, int):
        raise TypeError(f"can't convert {type(value).__name__} to int")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{what} out of range")
    return int(value)


def text_arg(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"can't convert '{type(value).__name__}' object to str implicitly")
    return value


def data_arg(value: Any) -> bytes:
    """Bytes the VM sent as hex (its faces hexlify buffers and strings)."""
    if not isinstance(value, str) or len(value) > 2 * MAX_TRANSFER:
        raise ValueError("data too large")
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise ValueError("bad data") from None


def size_arg(value: Any) -> int:
    return int_arg(value, 0, MAX_TRANSFER, "size")


class Handles:
    """Host objects of one boot, by the integer handle the VM holds."""

    def __init__(self) -> None:
        self._objects: dict[int, Any] = {}
        self._next = 0
        self._lock = threading.Lock()

    def add(self, obj: Any) -> int:
        with self._lock:
            self._next += 1
            self._objects[self._next] = obj
            return self._next

    def get(self, handle: Any, kind: type | tuple[type, ...] = object) -> Any:
        obj = self._objects.get(handle) if is_int(handle) else None
        if obj is None or not isinstance(obj, kind):
            raise ValueError("invalid handle")
        return obj

    def pop(self, handle: Any) -> Any:
        with self._lock:
            return self._objects.pop(handle, None) if is_int(handle) else None

    def values(self) -> list[Any]:
        with self._lock:
            return list(self._objects.values())


def add_objects(bridge: "Bridge", prefix: str, factories: dict[str, Callable[[], Any]]) -> None:
    """Host calls for a face's objects: `prefix.new(kind)` makes one and answers its handle,
    `prefix.call(handle, method, *args)` runs one of the methods its class lists in `CALLS`."""
    handles = Handles()

    def new(kind: Any) -> int:
        factory = factories.get(kind) if isinstance(kind, str) else None
        if factory is None:
            raise ValueError(f"unknown {prefix} class")
        return handles.add(factory())

    def call(handle: Any, method: Any, *args: Any) -> Any:
        obj = handles.get(handle)
        if method not in obj.CALLS:
            raise ValueError(f"unknown {prefix} method")
        return getattr(obj, method)(*args)

    bridge.add(prefix, {"new": new, "call": call})


class Callback:
    """A VM callback (a `_vm.register` handle) of the VM that was running when it was given."""

    def __init__(self, board: "VirtualBoard", handle: Any) -> None:
        if not is_int(handle) or handle <= 0:
            raise TypeError("a callback is required")
        self._vm: "Vm | None" = board.vm
        self.handle = handle

    def fire(self, *args: Any) -> None:
        """Ask the VM to call the callback with `args` (JSON values), from any thread."""
        if self._vm is not None:
            self._vm.post(self.handle, list(args))


def optional_callback(board: "VirtualBoard", handle: Any) -> Callback | None:
    return None if handle is None or handle == 0 else Callback(board, handle)


def call_later(delay: float, func: Callable[[], None]) -> threading.Timer:
    """Run `func` on a daemon host thread after `delay` seconds (cancel() stops it)."""
    timer = threading.Timer(max(0.0, delay), func)
    timer.daemon = True
    timer.start()
    return timer


class HostTimer:
    """A host thread that fires a VM callback every `period` seconds, or once.

    At most one call is in the VM's queue at a time (the callback's face reports `ran()` first):
    a board too busy to run it skips ticks rather than piling them up, as MicroPython's small
    schedule queue does. `cancel()` stops it; the boot's end cancels every timer."""

    def __init__(self, period: float, periodic: bool, callback: Callback) -> None:
        if period <= 0:
            raise ValueError("period must be positive")
        self._period = period
        self._periodic = periodic
        self._callback = callback
        self._stop = threading.Event()
        self._queued = False
        self._thread = threading.Thread(target=self._run, name="virtual-board-timer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        due = time.monotonic() + self._period
        while not self._stop.wait(max(0.0, due - time.monotonic())):
            if not self._queued:
                self._queued = True
                self._callback.fire()
            if not self._periodic:
                return
            due = max(due + self._period, time.monotonic())

    def ran(self) -> None:
        """The VM took the queued call: the next tick may queue another."""
        self._queued = False

    def cancel(self) -> None:
        self._stop.set()


class Watchdog:
    """Fires once (a "wdt" event and a reset of the chip) unless fed within `timeout` seconds."""

    def __init__(self, board: "VirtualBoard", bridge: "Bridge", timeout: float, name: str | None) -> None:
        if not timeout > 0:
            raise ValueError("timeout must be positive")
        self._board, self._timeout, self._name = board, timeout, name
        self._cv = threading.Condition()
        self._deadline = time.monotonic() + timeout
        self._stopped = False
        threading.Thread(target=self._run, name="virtual-board-wdt", daemon=True).start()
        bridge.on_end(self.cancel)

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
        hardware = self._board.hardware
        hardware.emit("wdt", name=self._name, timeout=self._timeout)
        hardware.request_reset(WDT_RESET, "wdt")


def i2c_write(hardware: Any, bus: int, addr: Any, data: bytes) -> None:
    """One write transaction; OSError(ENODEV) when nothing acknowledges the address (as on ESP32)."""
    device = hardware.i2c_device(bus, addr) if is_int(addr) else None
    if device is None:
        raise OSError(errno.ENODEV, "ENODEV")
    device.write(bytes(data))


def i2c_read(hardware: Any, bus: int, addr: Any, size: int) -> bytes:
    device = hardware.i2c_device(bus, addr) if is_int(addr) else None
    if device is None:
        raise OSError(errno.ENODEV, "ENODEV")
    return bytes(device.read(size))[:size].ljust(size, b"\xff")


def mem_address(memaddr: Any, addrsize: Any = 8) -> bytes:
    """A register address as sent before memRead/memWrite data: 8 bits one byte, 16 bits two."""
    size = max(1, int_arg(addrsize, 8, 32, "addrsize") // 8)
    return (int_arg(memaddr, 0, None, "memaddr") & ((1 << (8 * size)) - 1)).to_bytes(size, "big")
