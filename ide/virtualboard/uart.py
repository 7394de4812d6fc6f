"""The virtual board's UART: a finite receive buffer, the interrupt character, and line-rate pacing.

This is what makes the virtual board a board on a wire rather than a pipe:
- received bytes go into a ring buffer of `rx_capacity` bytes (256, like the ESP32 port's stdin
  buffer). While the REPL collects input, or running code reads stdin, the buffer drains as fast
  as bytes arrive; while code runs and is not reading, bytes that do not fit are lost, as on a
  real board. Running code gets READ_GRACE from the moment the buffer fills up to start reading:
  on a wire the rest takes time to arrive, so a board loses nothing between two reads (rshell
  sends a 512-byte block on each ack, then the board reads it), but a line with no baud rate
  delivers it all at once;
- the interrupt character (Ctrl-C while code runs, or whatever `micropython.kbd_intr()` set) never
  enters the buffer: it goes to `on_interrupt`, as the UART's ISR calls mp_sched_keyboard_interrupt;
- with a baud rate, each direction carries at most baud/10 bytes per second (8N1 framing).

The UART's condition is also where the board's threads wait: for a byte, for a sleep to end, for
the VM's callbacks or a reset. `notify()` wakes them to look again.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Callable

RX_CAPACITY = 256
READ_GRACE = 0.1  # seconds running code has to start reading stdin once the buffer is full


class BoardClosed(BaseException):
    """Raised in the board's threads when the board is shut down; unwinds everything."""


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


class Uart:
    """Receive side and interrupt delivery; the board's threads wait on it."""

    def __init__(self, rx_capacity: int = RX_CAPACITY) -> None:
        self.rx_capacity = rx_capacity
        self._rx: collections.deque[int] = collections.deque()
        self._cv = threading.Condition()
        self._closed = False
        self.dropped = 0
        self._consuming = 0
        self._busy = 0
        self._full_since: float | None = None  # when the buffer filled up, with no read since
        self._wakers: list[Callable[[], bool]] = []
        # what the VM has as its interrupt character right now, and what to do on one
        self.interrupt_char: Callable[[], int] = lambda: -1
        self.on_interrupt: Callable[[], None] = lambda: None
        # run before a board thread blocks (for input, a sleep): output still queued goes out now
        self.before_wait: Callable[[], None] = lambda: None

    # -- host side (transport threads) -------------------------------------------------------
    def feed(self, data: bytes) -> None:
        """Bytes arriving on the wire (already paced by the transport)."""
        char = self.interrupt_char()
        interrupts = 0
        with self._cv:
            for byte in data:
                if byte == char:
                    interrupts += 1
                    continue
                while (len(self._rx) >= self.rx_capacity and not self._closed
                       and (self._draining() or self._in_grace())):
                    self._cv.notify_all()  # the REPL drains faster than any wire fills it
                    self._cv.wait(0.05)
                if len(self._rx) >= self.rx_capacity:
                    self.dropped += 1
                    continue
                self._rx.append(byte)
            self._cv.notify_all()
        if interrupts:
            self.on_interrupt()

    def _draining(self) -> bool:
        """True while someone empties the buffer: the REPL (no code running) or a stdin read."""
        return not self._busy or self._consuming > 0

    def _in_grace(self) -> bool:
        """The buffer is full and running code is not reading stdin: less than READ_GRACE since
        the buffer filled up (the code may be between two reads)."""
        now = time.monotonic()
        if self._full_since is None:
            self._full_since = now
        return now - self._full_since < READ_GRACE

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- board side --------------------------------------------------------------------------
    def add_waker(self, ready: Callable[[], bool]) -> None:
        """Make `read_byte(wake=True)` and `sleep` return early when `ready()` is true (a reset)."""
        self._wakers.append(ready)

    def notify(self) -> None:
        """Wake the board's threads to look again at what they wait for."""
        with self._cv:
            self._cv.notify_all()

    def consuming(self) -> "_Counter":
        """Context: running code reads stdin, so incoming bytes are not dropped meanwhile."""
        return _Counter(self, "_consuming")

    def running(self) -> "_Counter":
        """Context: the board runs code; bytes beyond the buffer are lost unless it reads stdin."""
        return _Counter(self, "_busy")

    def wait(self, ready: Callable[[], bool], timeout: float | None) -> bool:
        """Wait until `ready()` (True) or `timeout` seconds (False); BoardClosed when closed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        flushed = False
        with self._cv:
            while True:
                if self._closed:
                    raise BoardClosed()
                if ready():
                    return True
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                if not flushed:
                    self.before_wait()
                    flushed = True
                self._cv.wait(remaining)

    def read_byte(self, timeout: float | None = None, wake: bool = False) -> int | None:
        """Next received byte; None after `timeout`, or when a waker fires if `wake`."""
        woken = (lambda: any(w() for w in self._wakers)) if wake else (lambda: False)
        if not self.wait(lambda: bool(self._rx) or woken(), timeout) or not self._rx:
            return None
        with self._cv:
            byte = self._rx.popleft()
            self._full_since = None
            self._cv.notify_all()
            return byte

    def read_available(self, limit: int | None = None) -> bytes:
        with self._cv:
            count = len(self._rx) if limit is None else min(limit, len(self._rx))
            data = bytes(self._rx.popleft() for _ in range(count))
            if count:
                self._full_since = None
            self._cv.notify_all()
            return data

    def any(self) -> int:
        return len(self._rx)

    def sleep(self, seconds: float, until: Callable[[], bool] | None = None) -> bool:
        """Wait `seconds`; return early with True when `until()` or a waker fires."""
        return self.wait(lambda: bool(until and until()) or any(w() for w in self._wakers), seconds)


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


LINGER = 0.002  # seconds the transmit thread waits for more output after a delivery


class TxQueue:
    """The UART's transmit side for a board with no line rate: writes are queued and one thread
    hands them to the wire in as few calls as it can, so a flooding program is not held back by
    per-write costs of the host side. A writer waits only while `limit` writes are still queued
    (a full TX buffer); output keeps its order. The fast path takes no lock (deque operations are
    atomic): the writer wakes the thread only when it sleeps."""

    def __init__(self, deliver: Callable[[bytes], None], limit: int = 4096) -> None:
        self._deliver = deliver
        self._limit = limit
        self._chunks: collections.deque[bytes] = collections.deque()
        self._wake = threading.Event()
        self._room = threading.Condition()
        self._idle = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="virtual-board-tx", daemon=True)
        self._thread.start()

    def put(self, data: bytes) -> None:
        if self._closed:
            raise BoardClosed()
        if len(self._chunks) >= self._limit:
            with self._room:
                while len(self._chunks) >= self._limit and not self._closed:
                    self._wake.set()
                    self._room.wait(0.05)
        self._chunks.append(data)
        if self._idle:
            self._wake.set()

    def flush(self) -> None:
        """Hand what is queued to the wire now, rather than after the thread's linger."""
        if self._chunks:
            self._wake.set()

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued has been handed to the wire (True) or `timeout` passes."""
        deadline = time.monotonic() + timeout
        with self._room:
            while (self._chunks or not self._idle) and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wake.set()
                self._room.wait(min(remaining, 0.05))
            return True

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        with self._room:
            self._room.notify_all()

    def _run(self) -> None:
        chunks = self._chunks
        while not self._closed:
            self._idle = True
            if not chunks:
                with self._room:
                    self._room.notify_all()  # a drain() or a writer waiting for room
                self._wake.wait()
                self._wake.clear()
            self._idle = False
            pieces = []
            while chunks:
                pieces.append(chunks.popleft())
            if pieces:
                self._deliver(b"".join(pieces))
                # stay awake a moment: a flooding writer's next writes join one delivery instead
                # of each waking this thread (a wake-up costs more than the write); a writer that
                # is about to wait for an answer calls flush() and its output goes out at once
                self._wake.wait(LINGER)
                self._wake.clear()
