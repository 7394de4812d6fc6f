"""The virtual board's UART: a finite receive buffer, the interrupt character, and line-rate pacing.

This is what makes the virtual board a board on a wire rather than a pipe:
- received bytes go into a ring buffer of `rx_capacity` bytes (256, like the ESP32 port's stdin
  buffer). While the REPL collects input, or running code reads stdin, the buffer drains as fast
  as bytes arrive; while code runs and is not reading, bytes that do not fit are lost, as on a
  real board;
- while code runs, the interrupt character (Ctrl-C) never enters the buffer: it raises
  KeyboardInterrupt in the running program (MicroPython's `mp_sched_keyboard_interrupt`);
- with a baud rate, each direction carries at most baud/10 bytes per second (8N1 framing).

The UART is also the board thread's one place to wait: reading a byte, sleeping in `utime.sleep`,
waiting for scheduled callbacks. All those waits wake on Ctrl-C.
"""

from __future__ import annotations

import collections
import ctypes
import threading
import time
from typing import Callable

CTRL_C = 0x03
RX_CAPACITY = 256


class BoardClosed(BaseException):
    """Raised in the board thread when the board is shut down; unwinds everything."""


class Pacer:
    """Spaces out bytes to `baud`/10 per second; with no baud it never waits."""

    def __init__(self, baud: int | None) -> None:
        self.byte_time = 10.0 / baud if baud else 0.0
        self._free_at = 0.0

    def delay_for(self, nbytes: int) -> float:
        """Reserve line time for `nbytes` and return how long to wait before they are through."""
        if not self.byte_time:
            return 0.0
        now = time.monotonic()
        self._free_at = max(self._free_at, now) + nbytes * self.byte_time
        return self._free_at - now


def _async_raise(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Raise `exc_type` in the thread `thread_id` at its next bytecode (None cancels a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type else None
    )


class Uart:
    """Receive side, interrupt delivery and the board thread's waits."""

    def __init__(self, rx_capacity: int = RX_CAPACITY) -> None:
        self.rx_capacity = rx_capacity
        self._rx: collections.deque[int] = collections.deque()
        self._cv = threading.Condition()
        self._closed = False
        self.dropped = 0
        # interrupt state, all guarded by _cv
        self._interrupt_char = -1
        self._board_thread: int | None = None
        self._in_wait = False
        self._pending_interrupt = False
        self._consuming = 0
        self._busy = 0
        self._wakers: list[Callable[[], bool]] = []

    # -- host side (transport threads) -------------------------------------------------------
    def feed(self, data: bytes) -> None:
        """Bytes arriving on the wire (already paced by the transport)."""
        with self._cv:
            for byte in data:
                if byte == self._interrupt_char:
                    self._raise_interrupt()
                    continue
                while len(self._rx) >= self.rx_capacity and self._draining() and not self._closed:
                    self._cv.notify_all()  # the REPL drains faster than any wire fills it
                    self._cv.wait(0.05)
                if len(self._rx) >= self.rx_capacity:
                    self.dropped += 1
                    continue
                self._rx.append(byte)
            self._cv.notify_all()

    def _draining(self) -> bool:
        """True while someone empties the buffer: the REPL (no code running) or a stdin read."""
        return not self._busy or self._consuming > 0

    def interrupt(self) -> None:
        """Deliver a keyboard interrupt to running code (no-op when nothing runs)."""
        with self._cv:
            self._raise_interrupt()

    def _raise_interrupt(self) -> None:
        if self._board_thread is None:
            return
        if self._in_wait:
            self._pending_interrupt = True
            self._cv.notify_all()
        else:
            _async_raise(self._board_thread, KeyboardInterrupt)

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- board side --------------------------------------------------------------------------
    def set_interrupt_char(self, char: int) -> None:
        """Arm (CTRL_C) or disarm (-1) Ctrl-C for the calling (board) thread, like mp_hal_set_interrupt_char."""
        with self._cv:
            self._interrupt_char = char
            if char < 0:
                if self._board_thread is not None:
                    _async_raise(self._board_thread, None)
                self._board_thread = None
                self._pending_interrupt = False
            else:
                self._board_thread = threading.get_ident()

    @property
    def interrupt_char(self) -> int:
        return self._interrupt_char

    def add_waker(self, ready: Callable[[], bool]) -> None:
        """Make every board wait return early when `ready()` is true (scheduled callbacks)."""
        self._wakers.append(ready)

    def notify(self) -> None:
        """Wake the board thread to re-check its wakers."""
        with self._cv:
            self._cv.notify_all()

    def consuming(self) -> "_Counter":
        """Context: running code reads stdin, so incoming bytes are not dropped meanwhile."""
        return _Counter(self, "_consuming")

    def running(self) -> "_Counter":
        """Context: the board runs code; bytes beyond the buffer are lost unless it reads stdin."""
        return _Counter(self, "_busy")

    def read_byte(self, timeout: float | None = None, wake: bool = False) -> int | None:
        """Next received byte; None after `timeout`, or when a waker fires if `wake`.

        Raises KeyboardInterrupt on Ctrl-C while the interrupt character is armed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cv:
            while True:
                self._check_wait_state()
                if self._rx:
                    byte = self._rx.popleft()
                    self._cv.notify_all()
                    return byte
                if wake and any(w() for w in self._wakers):
                    return None
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._wait_locked(remaining)

    def read_available(self) -> bytes:
        with self._cv:
            data = bytes(self._rx)
            self._rx.clear()
            self._cv.notify_all()
            return data

    def any(self) -> int:
        return len(self._rx)

    def sleep(self, seconds: float, until: Callable[[], bool] | None = None) -> bool:
        """Wait `seconds` (interruptible); return early with True when `until()` or a waker fires."""
        deadline = time.monotonic() + max(0.0, seconds)
        with self._cv:
            while True:
                self._check_wait_state()
                if (until and until()) or any(w() for w in self._wakers):
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wait_locked(remaining)

    def _wait_locked(self, timeout: float | None) -> None:
        self._in_wait = True
        try:
            self._cv.wait(timeout)
        finally:
            self._in_wait = False

    def _check_wait_state(self) -> None:
        if self._closed:
            raise BoardClosed()
        if self._pending_interrupt:
            self._pending_interrupt = False
            raise KeyboardInterrupt()


class _Counter:
    def __init__(self, uart: Uart, name: str) -> None:
        self.uart = uart
        self.name = name

    def __enter__(self) -> None:
        with self.uart._cv:
            setattr(self.uart, self.name, getattr(self.uart, self.name) + 1)

    def __exit__(self, *exc: object) -> None:
        with self.uart._cv:
            setattr(self.uart, self.name, getattr(self.uart, self.name) - 1)
            self.uart._cv.notify_all()
