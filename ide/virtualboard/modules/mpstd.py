"""MicroPython 1.17's standard modules for board code: utime, uos, ujson, ubinascii, uhashlib, ...

Each factory takes the boot's `Vm` and returns a new module object. Behaviour follows MicroPython
where hosts depend on it: `uos.stat` is a 10-tuple, `uos.ilistdir` yields (name, type, inode,
size), hash objects have only `update` and `digest`, ticks wrap at 2**30, errors are
`OSError(errno)`.
"""

from __future__ import annotations

import array
import binascii
import cmath
import collections
import errno
import hashlib
import heapq
import io
import json
import math
import os
import random
import re
import struct
import threading
import time
import zlib
from typing import TYPE_CHECKING

from ide.virtualboard.fs import ERRNO_NAMES, MpOSError
from ide.virtualboard.modules import module_from

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

TICKS_PERIOD = 1 << 30
EPOCH_2000 = 946684800
MICROPYTHON_VERSION = (1, 17, 0)


def _copy(name: str, source, names: list[str] | None = None):
    public = names or [n for n in dir(source) if not n.startswith("_")]
    return module_from(name, {n: getattr(source, n) for n in public if hasattr(source, n)})


# -- utime -------------------------------------------------------------------------------------
def make_utime(vm: "Vm"):
    start = vm.board.boot_time

    def ticks_ms() -> int:
        return int((time.monotonic() - start) * 1000) % TICKS_PERIOD

    def ticks_us() -> int:
        return int((time.monotonic() - start) * 1_000_000) % TICKS_PERIOD

    def ticks_add(ticks: int, delta: int) -> int:
        return (ticks + delta) % TICKS_PERIOD

    def ticks_diff(end: int, begin: int) -> int:
        return ((end - begin + TICKS_PERIOD // 2) % TICKS_PERIOD) - TICKS_PERIOD // 2

    def localtime(secs: int | None = None) -> tuple:
        value = time.gmtime((time_() if secs is None else int(secs)) + EPOCH_2000)
        return (value.tm_year, value.tm_mon, value.tm_mday, value.tm_hour, value.tm_min,
                value.tm_sec, value.tm_wday, value.tm_yday)

    def mktime(parts: tuple) -> int:
        import calendar

        return calendar.timegm(tuple(parts[:6]) + (0, 0, 0)) - EPOCH_2000

    def time_() -> int:
        return int(time.time()) - EPOCH_2000 + vm.board.clock_offset

    return module_from("utime", dict(
        sleep=vm.sleep, sleep_ms=lambda ms: vm.sleep(ms / 1000), sleep_us=lambda us: vm.sleep(us / 1e6),
        ticks_ms=ticks_ms, ticks_us=ticks_us, ticks_cpu=ticks_us, ticks_add=ticks_add,
        ticks_diff=ticks_diff, time=time_, time_ns=lambda: int(time_() * 1e9),
        localtime=localtime, gmtime=localtime, mktime=mktime,
    ))


# -- uos ---------------------------------------------------------------------------------------
class _UnameResult(tuple):
    _fields = ("sysname", "nodename", "release", "version", "machine")

    def __getattr__(self, name: str):
        return self[self._fields.index(name)]


def make_uos(vm: "Vm"):
    fs = vm.board.fs
    personality = vm.board.personality

    def uname():
        name = personality.sysname
        return _UnameResult((name, name, "1.17.0", personality.version_text, personality.machine))

    def version_info() -> str:
        return personality.haas_version

    return module_from("uos", dict(
        listdir=fs.listdir, ilistdir=fs.ilistdir, stat=fs.stat, lstat=fs.stat, mkdir=fs.mkdir,
        rmdir=fs.rmdir, remove=fs.remove, unlink=fs.remove, rename=fs.rename, statvfs=fs.statvfs,
        getcwd=lambda: fs.cwd, chdir=fs.chdir, uname=uname, urandom=os.urandom, sep="/",
        sync=lambda: None, dupterm=lambda *a: None, version_info=version_info,
        mount=lambda *a, **k: None, umount=lambda *a: None,
    ))


# -- ujson -------------------------------------------------------------------------------------
def make_ujson(vm: "Vm"):
    def loads(text):
        try:
            return json.loads(text)
        except (ValueError, TypeError):
            raise ValueError("syntax error in JSON") from None

    def dumps(obj, separators=None) -> str:
        return json.dumps(obj, separators=separators, ensure_ascii=False)

    def dump(obj, stream, separators=None) -> None:
        stream.write(dumps(obj, separators))

    def load(stream):
        return loads(stream.read())

    return module_from("ujson", dict(loads=loads, dumps=dumps, dump=dump, load=load))


# -- ubinascii, uhashlib, uzlib ----------------------------------------------------------------
def make_ubinascii(vm: "Vm"):
    def hexlify(data, sep=None) -> bytes:
        return binascii.hexlify(bytes(data), sep) if sep else binascii.hexlify(bytes(data))

    def a2b_base64(data) -> bytes:
        try:
            return binascii.a2b_base64(data)
        except binascii.Error:
            raise ValueError("incorrect padding") from None

    def unhexlify(data) -> bytes:
        try:
            return binascii.unhexlify(data)
        except binascii.Error:
            raise ValueError("odd-length string") from None

    return module_from("ubinascii", dict(
        hexlify=hexlify, unhexlify=unhexlify, a2b_base64=a2b_base64,
        b2a_base64=lambda data: binascii.b2a_base64(bytes(data)), crc32=binascii.crc32,
    ))


class _Hash:
    """A MicroPython hash object: update() and digest() only (no hexdigest)."""

    def __init__(self, algo: str, data=b"") -> None:
        self._hash = hashlib.new(algo)
        if data:
            self._hash.update(bytes(data))

    def update(self, data) -> None:
        self._hash.update(bytes(data))

    def digest(self) -> bytes:
        return self._hash.digest()


def make_uhashlib(vm: "Vm"):
    return module_from("uhashlib", dict(
        sha256=lambda data=b"": _Hash("sha256", data), sha1=lambda data=b"": _Hash("sha1", data),
        md5=lambda data=b"": _Hash("md5", data),
    ))


def _zlib_wbits(wbits: int) -> int:
    if wbits < 0:
        return -15
    return 31 if wbits >= 16 else 15


class _DecompIO:
    def __init__(self, stream, wbits: int = 0) -> None:
        self._stream = stream
        self._decomp = zlib.decompressobj(_zlib_wbits(wbits))
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = self._stream.read(256)
            if not chunk:
                self._buffer += self._decomp.flush()
                break
            self._buffer += self._decomp.decompress(chunk)
        out = self._buffer if size < 0 else self._buffer[:size]
        self._buffer = self._buffer[len(out):]
        return out

    def readinto(self, buf) -> int:
        data = self.read(len(buf))
        buf[: len(data)] = data
        return len(data)


def make_uzlib(vm: "Vm"):
    def decompress(data, wbits: int = 0, bufsize: int = 0) -> bytes:
        try:
            return zlib.decompress(bytes(data), _zlib_wbits(wbits))
        except zlib.error:
            raise MpOSError(errno.EINVAL) from None

    return module_from("uzlib", dict(decompress=decompress, DecompIO=_DecompIO))


# -- micropython, gc, sys ----------------------------------------------------------------------
def make_micropython(vm: "Vm"):
    def kbd_intr(char: int) -> None:
        vm.kbd_intr_char = char
        if vm.board.uart.interrupt_char != -1 or char == -1:
            vm.board.uart.set_interrupt_char(char)

    def mem_info(verbose=None) -> None:
        vm.board.stdout_write("stack: 736 out of 15360\nGC: total: 111168, used: 9472, free: 101696\n")

    return module_from("micropython", dict(
        const=lambda value: value, kbd_intr=kbd_intr, mem_info=mem_info, schedule=vm.schedule,
        opt_level=lambda level=None: 0 if level is None else None, qstr_info=lambda v=None: None,
        stack_use=lambda: 736, heap_lock=lambda: 0, heap_unlock=lambda: 0,
        alloc_emergency_exception_buf=lambda size: None,
    ))


def make_gc(vm: "Vm"):
    state = {"enabled": True}
    return module_from("gc", dict(
        collect=lambda: None, mem_free=lambda: 101696, mem_alloc=lambda: 9472,
        enable=lambda: state.update(enabled=True), disable=lambda: state.update(enabled=False),
        isenabled=lambda: state["enabled"], threshold=lambda amount=None: -1 if amount is None else None,
    ))


class _Stdout:
    """sys.stdout: text written is 'cooked' (\\n sent as \\r\\n); .buffer writes raw bytes."""

    def __init__(self, vm: "Vm") -> None:
        self._vm = vm
        self.buffer = _RawStdout(vm)

    def write(self, text) -> int:
        self._vm.board.stdout_write(text if isinstance(text, str) else bytes(text))
        return len(text)

    def flush(self) -> None:
        pass


class _RawStdout:
    def __init__(self, vm: "Vm") -> None:
        self._vm = vm

    def write(self, data) -> int:
        self._vm.board.tx(bytes(data))
        return len(data)


class _Stdin:
    """sys.stdin: reads the UART (raw bytes, no echo)."""

    def __init__(self, vm: "Vm", binary: bool = False) -> None:
        self._vm = vm
        self._binary = binary
        if not binary:
            self.buffer = _Stdin(vm, binary=True)

    def read(self, size: int = 1):
        with self._vm.board.uart.consuming():
            data = bytes(self._vm.board.rx_chr() for _ in range(max(1, size)))
        return data if self._binary else data.decode("utf-8", "replace")

    def readinto(self, buf) -> int:
        data = self.read(len(buf)) if self._binary else self.buffer.read(len(buf))
        buf[: len(data)] = data
        return len(data)

    def readline(self):
        with self._vm.board.uart.consuming():
            return self._vm.board.read_line(echo=False) + ("\n" if not self._binary else "")


class _Implementation(tuple):
    name = "micropython"
    version = MICROPYTHON_VERSION
    _mpy = 10757


def make_sys(vm: "Vm"):
    stdout = _Stdout(vm)

    def exit(code=0):
        raise SystemExit(code)

    def print_exception(exc, file=None) -> None:
        (file or stdout).write(vm.format_exception(exc))

    return module_from("sys", dict(
        stdout=stdout, stderr=stdout, stdin=_Stdin(vm), path=vm.path, modules=vm.modules, argv=[],
        version="3.4.0", version_info=(3, 4, 0), implementation=_Implementation(("micropython",)),
        platform="esp32", byteorder="little", maxsize=2**31 - 1, exit=exit,
        print_exception=print_exception,
    ))


# -- small wrappers of CPython modules ---------------------------------------------------------
def make_uerrno(vm: "Vm"):
    table = {name: code for code, name in ERRNO_NAMES.items()}
    return module_from("uerrno", dict(table, errorcode=dict(ERRNO_NAMES)))


def make_urandom(vm: "Vm"):
    rng = random.Random()
    return module_from("urandom", dict(
        getrandbits=rng.getrandbits, seed=rng.seed, random=rng.random, uniform=rng.uniform,
        randint=rng.randint, randrange=rng.randrange, choice=rng.choice,
    ))


class _Poll:
    def __init__(self, vm: "Vm") -> None:
        self._vm = vm
        self._objects: list = []

    def register(self, obj, mask: int = 1) -> None:
        self._objects.append(obj)

    def unregister(self, obj) -> None:
        self._objects = [o for o in self._objects if o is not obj]

    def modify(self, obj, mask: int) -> None:
        pass

    def poll(self, timeout: int = -1) -> list:
        uart = self._vm.board.uart
        seconds = 3600.0 if timeout is None or timeout < 0 else timeout / 1000
        uart.sleep(seconds, until=lambda: uart.any() > 0)
        return [(obj, 1) for obj in self._objects] if uart.any() else []

    def ipoll(self, timeout: int = -1, flags: int = 0):
        return iter(self.poll(timeout))


def make_uselect(vm: "Vm"):
    return module_from("uselect", dict(poll=lambda: _Poll(vm), POLLIN=1, POLLOUT=4, POLLERR=8, POLLHUP=16))


def make_thread(vm: "Vm"):
    def start_new_thread(func, args, kwargs=None):
        thread = threading.Thread(target=func, args=tuple(args), kwargs=kwargs or {}, daemon=True)
        thread.start()
        return thread.ident

    return module_from("_thread", dict(
        start_new_thread=start_new_thread, allocate_lock=threading.Lock, get_ident=threading.get_ident,
        stack_size=lambda size=None: 0, exit=lambda: (_ for _ in ()).throw(SystemExit()),
    ))


FACTORIES = {
    "utime": make_utime, "uos": make_uos, "ujson": make_ujson, "ubinascii": make_ubinascii,
    "uhashlib": make_uhashlib, "uzlib": make_uzlib, "micropython": make_micropython, "gc": make_gc,
    "sys": make_sys, "uerrno": make_uerrno, "urandom": make_urandom, "uselect": make_uselect,
    "_thread": make_thread,
    "uio": lambda vm: module_from("uio", dict(BytesIO=io.BytesIO, StringIO=io.StringIO, open=vm.board.fs.open)),
    "ustruct": lambda vm: _copy("ustruct", struct, ["pack", "pack_into", "unpack", "unpack_from", "calcsize"]),
    "ucollections": lambda vm: _copy("ucollections", collections, ["namedtuple", "OrderedDict", "deque"]),
    "ure": lambda vm: _copy("ure", re, ["compile", "match", "search", "sub", "split"]),
    "uarray": lambda vm: _copy("uarray", array, ["array"]),
    "uheapq": lambda vm: _copy("uheapq", heapq, ["heappush", "heappop", "heapify"]),
    "math": lambda vm: _copy("math", math),
    "cmath": lambda vm: _copy("cmath", cmath),
}
