"""The few MicroPython VM variables the host touches, found in the VM's memory and used like an ISR.

A real board's UART interrupt handler does two things MicroPython's own code cannot do from
outside: on Ctrl-C it sets `mp_pending_exception` to the VM's KeyboardInterrupt object and marks
the scheduler pending (`mp_sched_keyboard_interrupt`), and HaaS's drivers queue Python callbacks
with `mp_sched_schedule`. The VM notices both at its next bytecode branch. The host does exactly
that here, by writing those variables in the VM's linear memory, which is why Ctrl-C stops even
`while True: pass` at once, with the real KeyboardInterrupt traceback.

One more thing is set at every boot: the VM's `errno` numbers. The WASI build numbers errno as
WASI does (ENOENT is 44); a board numbers it as MicroPython does everywhere else (ENOENT is 2, what
`OSError: [Errno 2] ENOENT` and programs comparing `e.errno` expect). The `errno` module's tables
are rewritten to MicroPython's numbers, and the board's WASI layer answers with them.

The variables live in the VM's static state, at addresses fixed for the pinned artifact. They are
found once per process by `locate()` from facts the VM reports about itself (object ids, which in
MicroPython are addresses) and from before/after snapshots around scheduler calls, then checked at
every boot (`matches`) before anything is written.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ide.virtualboard.engine.wasm import HostFault, Memory

SCHED_IDLE, SCHED_PENDING = 1, 0
PENDING_FROM_LOCALS = 16  # dict_locals, dict_globals, nlr_top, nlr_jump_callback_top, mp_pending_exception
ARG_ZERO = 1              # MicroPython's small int 0 as an object word


@dataclass(frozen=True)
class Layout:
    """Addresses of the VM state variables the host uses (all in static memory)."""

    kbd_exception: int     # MP_STATE_VM(mp_kbd_exception), an exception object
    pending: int           # MP_STATE_THREAD(mp_pending_exception)
    sched_state: int       # int16: 1 idle, 0 pending, <0 locked
    sched_queue: int       # mp_sched_item_t[depth]: (function, argument) pairs
    sched_depth: int
    errno_patches: tuple[tuple[int, int, int], ...] = ()  # (address, WASI word, MicroPython word)

    @property
    def sched_len(self) -> int:
        return self.sched_state + 2

    @property
    def sched_idx(self) -> int:
        return self.sched_state + 3


class Probe:
    """Collects the VM's reports during a boot and works out the `Layout` from them."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self.kbd_type = self.empty_tuple = self.globals_dict = 0
        self.idle: bytes = b""
        self.kbd_exception = self.sched_state = self.sched_queue = 0
        self.depth = 0
        self.errno_patches: list[tuple[int, int, int]] = []

    def begin(self, kbd_type: int, empty_tuple: int, globals_dict: int) -> None:
        """At module level, scheduler idle: the KeyboardInterrupt object and the thread state."""
        self.kbd_type, self.empty_tuple, self.globals_dict = kbd_type, empty_tuple, globals_dict
        self.idle = self.memory.snapshot()
        self.kbd_exception = _only(_find_all(self.idle, struct.pack("<IIII", kbd_type, 0, 0, empty_tuple)),
                                   "KeyboardInterrupt object")

    def locked(self) -> None:
        """Inside a scheduled callback the scheduler state is LOCKED (-1): the one int16 that went
        from 1 to -1 near the VM state is it."""
        now = self.memory.snapshot()
        base = self.kbd_exception
        hits = [a for a in range(max(0, base - 4096), min(len(now), base + 8192) - 1, 2)
                if self.idle[a:a + 2] == b"\x01\x00" and now[a:a + 2] == b"\xff\xff"]
        self.sched_state = _only(hits, "scheduler state")

    def queued(self, function: int, depth: int) -> None:
        """Right after `micropython.schedule(function, 0)`: that item sits at queue[idx + len - 1]."""
        now = self.memory.snapshot()
        slot = _only(_find_all(now, struct.pack("<II", function, ARG_ZERO)), "scheduler queue item")
        idx, length = now[self.sched_state + 3], now[self.sched_state + 2]
        self.depth = depth
        self.sched_queue = slot - 8 * ((idx + length - 1) % depth)

    def errno_names(self, entries: list[list], numbers: dict[str, int]) -> None:
        """`entries` are (name, qstr word, WASI number) of the VM's errno module: find its table
        (name -> number) and `errorcode` (number -> name), to be given MicroPython's `numbers`.

        Each table is one run of 8-byte entries holding every name, which tells them apart from
        stray copies of such pairs elsewhere in memory (only those two get rewritten)."""
        now = self.memory.read(0, self.kbd_exception)  # read-only data lies below the VM state
        wanted = [(word, _small_int(value), _small_int(numbers[name])) for name, word, value in entries
                  if name in numbers]
        if not wanted:
            return
        for key_first in (True, False):
            hits = [_find_all(now, struct.pack("<II", *((w, o) if key_first else (o, w)))) for w, o, _n in wanted]
            table = _one_table(hits, len(entries))
            if table is None:
                continue
            for (_word, old, new), address in zip(wanted, table):
                self.errno_patches.append((address + 4 if key_first else address, old, new))

    def layout(self) -> Layout:
        pairs = _find_all(self.idle, struct.pack("<II", self.globals_dict, self.globals_dict))
        pending = _only(pairs, "thread state") + PENDING_FROM_LOCALS
        return Layout(self.kbd_exception, pending, self.sched_state, self.sched_queue, self.depth,
                      tuple(self.errno_patches))


def matches(layout: Layout, memory: Memory, kbd_type: int, empty_tuple: int) -> bool:
    """True when `layout` fits this VM (checked at every boot before the host writes anything)."""
    try:
        head = memory.read(layout.kbd_exception, 16)
        state = struct.unpack("<h", memory.read(layout.sched_state, 2))[0]
    except HostFault:
        return False
    return head == struct.pack("<IIII", kbd_type, 0, 0, empty_tuple) and state == SCHED_IDLE


class VmState:
    """Reads and writes the VM's interrupt and scheduler state (see the module docstring)."""

    def __init__(self, layout: Layout, memory: Memory) -> None:
        self.layout = layout
        self.memory = memory

    def renumber_errno(self) -> None:
        """Give this VM's errno module MicroPython's numbers (every boot, before any code runs)."""
        for address, old, new in self.layout.errno_patches:
            if self.memory.u32(address) == old:
                self.memory.put_u32(address, new)

    # -- Ctrl-C ------------------------------------------------------------------------------
    def raise_keyboard_interrupt(self) -> None:
        """mp_sched_keyboard_interrupt(): safe from any thread, as the ISR's version is."""
        self.memory.put_u32(self.layout.pending, self.layout.kbd_exception)
        if self._state() == SCHED_IDLE:
            self._set_state(SCHED_PENDING)

    def clear_keyboard_interrupt_traceback(self) -> None:
        """What pyexec does before running code: the one KeyboardInterrupt object forgets its
        last traceback (whose GC memory may be reused), so tracebacks never pile up."""
        self.memory.put_u32(self.layout.kbd_exception + 4, 0)  # traceback_alloc, traceback_len
        self.memory.put_u32(self.layout.kbd_exception + 8, 0)  # traceback_data

    def interrupt_pending(self) -> bool:
        return self.memory.u32(self.layout.pending) != 0

    def clear_pending(self) -> None:
        """mp_handle_pending(false) between REPL commands: a late Ctrl-C is dropped (VM idle)."""
        self.memory.put_u32(self.layout.pending, 0)
        if self._state() == SCHED_PENDING and not self._queue_length():
            self._set_state(SCHED_IDLE)

    # -- callbacks ---------------------------------------------------------------------------
    def schedule(self, function: int) -> bool:
        """mp_sched_schedule(function, 0); only while the VM is in a host call. False when full."""
        length = self._queue_length()
        if length >= self.layout.sched_depth:
            return False
        if self._state() == SCHED_IDLE:
            self._set_state(SCHED_PENDING)
        index = (self.memory.read(self.layout.sched_idx, 1)[0] + length) % self.layout.sched_depth
        self.memory.write(self.layout.sched_queue + 8 * index, struct.pack("<II", function, ARG_ZERO))
        self.memory.write(self.layout.sched_len, bytes([length + 1]))
        return True

    def _queue_length(self) -> int:
        return self.memory.read(self.layout.sched_len, 1)[0]

    def _state(self) -> int:
        return struct.unpack("<h", self.memory.read(self.layout.sched_state, 2))[0]

    def _set_state(self, value: int) -> None:
        self.memory.write(self.layout.sched_state, struct.pack("<h", value))


def _one_table(hits: list[list[int]], size: int) -> list[int] | None:
    """One address per list in `hits`, all within one table of `size` (+ 2) 8-byte entries."""
    span = 8 * (size + 2)
    for start in hits[0]:
        chosen = [next((a for a in options if abs(a - start) < span and (a - start) % 8 == 0), None)
                  for options in hits]
        if None not in chosen:
            return chosen
    return None


def _small_int(value: int) -> int:
    return (value << 1) | 1  # MicroPython's object word for a small int


def _find_all(image: bytes, pattern: bytes) -> list[int]:
    hits, at = [], image.find(pattern)
    while at >= 0:
        if at % 4 == 0:
            hits.append(at)
        at = image.find(pattern, at + 1)
    return hits


def _only(hits: list[int], what: str) -> int:
    if len(hits) != 1:
        raise HostFault(f"cannot locate the VM's {what} ({len(hits)} candidates)")
    return hits[0]
