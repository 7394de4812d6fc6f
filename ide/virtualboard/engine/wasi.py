"""The VM's operating system: WASI preview 1, written here over the board's own models.

The MicroPython artifact imports 24 WASI functions. wasmtime's built-in WASI would hand the VM a
host folder directly; doing it here instead means the VM sees exactly the board:
- files: the board file system model (`BoardFS`): paths never leave its root, the flash store stays
  hidden, the littlefs-style capacity is enforced (ENOSPC), and files the board creates are 0600,
  so nothing the board writes becomes more readable than what was deployed to it;
- a read-only ROM folder (`ROM_PATH`) holding the MicroPython side of the HaaS modules;
- stdin, stdout and stderr: the board's UART, through a `Console` the engine provides;
- clocks and sleeps: board time, and waits that Ctrl-C, callbacks and resets cut short (EINTR,
  which MicroPython's unix port answers by running its pending-exception and scheduler checks).

Errors the VM's code can see come back in MicroPython's errno numbering (ENOENT is 2, as on every
board; `vmstate.py` renumbers the VM's errno module to match). Only the codes wasi-libc itself acts
on keep their WASI values: EBADF ending the scan of preopened folders, and EINTR.
"""

from __future__ import annotations

import errno as host_errno
import os
import stat
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from ide.virtualboard.engine.wasm import I32, I64, HostTable, Memory
from ide.virtualboard.fs import BoardFS

ROM_PATH = "/__haas_vm_rom__"
RAW_STDOUT_FD = 1_000_000  # the VM's sys.stdout.buffer is pointed here: bytes go out uncooked
WASI = "wasi_snapshot_preview1"

# WASI error codes (wasi_snapshot_preview1 `errno`)
ESUCCESS, EACCES, EAGAIN, EBADF, EEXIST, EINTR, EINVAL, EIO, EISDIR = 0, 2, 6, 8, 20, 27, 28, 29, 31
ENODEV, ENOENT, ENOMEM, ENOSPC, ENOSYS, ENOTDIR, ENOTEMPTY, ENOTSUP = 43, 44, 48, 51, 52, 54, 55, 58
EPERM, EROFS, ESPIPE, ETIMEDOUT, ENAMETOOLONG = 63, 69, 70, 73, 37
_FROM_HOST = {
    host_errno.EPERM: EPERM, host_errno.ENOENT: ENOENT, host_errno.EIO: EIO, host_errno.EBADF: EBADF,
    host_errno.EAGAIN: EAGAIN, host_errno.ENOMEM: ENOMEM, host_errno.EACCES: EACCES,
    host_errno.EEXIST: EEXIST, host_errno.ENODEV: ENODEV, host_errno.ENOTDIR: ENOTDIR,
    host_errno.EISDIR: EISDIR, host_errno.EINVAL: EINVAL, host_errno.ENOSPC: ENOSPC,
    host_errno.ENOTEMPTY: ENOTEMPTY, host_errno.EOPNOTSUPP: ENOTSUP, host_errno.ETIMEDOUT: ETIMEDOUT,
    host_errno.ENAMETOOLONG: ENAMETOOLONG, host_errno.ELOOP: ENOENT,
}
# MicroPython's own errno numbers (py/mperrno.h; the same on every port)
MP_ERRNO = {
    "EPERM": 1, "ENOENT": 2, "EIO": 5, "EBADF": 9, "EAGAIN": 11, "ENOMEM": 12, "EACCES": 13,
    "EEXIST": 17, "ENODEV": 19, "ENOTDIR": 20, "EISDIR": 21, "EINVAL": 22, "ENOSPC": 28,
    "ESPIPE": 29, "EROFS": 30, "ENAMETOOLONG": 36, "ENOTEMPTY": 39, "EOPNOTSUPP": 95,
    "EADDRINUSE": 98, "ECONNABORTED": 103, "ECONNRESET": 104, "ENOBUFS": 105, "ENOTCONN": 107,
    "ETIMEDOUT": 110, "ECONNREFUSED": 111, "EHOSTUNREACH": 113, "EALREADY": 114, "EINPROGRESS": 115,
}
_WASI_TO_MP = {
    EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EEXIST: 17, ENODEV: 19,
    ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENOSPC: 28, ESPIPE: 29, EROFS: 30, ENAMETOOLONG: 36,
    ENOTEMPTY: 39, ENOTSUP: 95, ETIMEDOUT: 110,
}
FILETYPE_CHAR, FILETYPE_DIR, FILETYPE_FILE = 2, 3, 4
OFLAG_CREAT, OFLAG_DIRECTORY, OFLAG_EXCL, OFLAG_TRUNC = 1, 2, 4, 8
FDFLAG_APPEND = 1
RIGHT_FD_READ, RIGHT_FD_SEEK, RIGHT_FD_TELL, RIGHT_FD_WRITE = 1 << 1, 1 << 2, 1 << 5, 1 << 6
ALL_RIGHTS = (1 << 30) - 1
STDIO_RIGHTS = ALL_RIGHTS & ~(RIGHT_FD_SEEK | RIGHT_FD_TELL)  # a terminal: isatty() is true
EVENT_CLOCK, EVENT_FD_READ, EVENT_FD_WRITE = 0, 1, 2
SUBSCRIPTION, EVENT = struct.Struct("<QB7xIxxxxQQH6x"), struct.Struct("<QHB5xQH6x")
DIRENT = struct.Struct("<QQIB3x")
_IOVEC = struct.Struct("<II")
FILESTAT = struct.Struct("<QQB7xQQQQQ")
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
MAX_PATH = 1024
DEVICES = ("/dev/urandom", "/dev/random")  # the VM's os.urandom() and `random` read these


class Interrupted(Exception):
    """A wait was cut short: the VM must see EINTR (Ctrl-C or callbacks are pending for it)."""


class Console(Protocol):
    """What the engine gives WASI for stdin/stdout and waits."""

    def write(self, data: bytes) -> None: ...         # cooked: "\n" goes out as "\r\n"
    def write_raw(self, data: bytes) -> None: ...
    def read(self, size: int) -> bytes: ...          # blocks for at least one byte; may raise Interrupted
    def readable(self) -> bool: ...
    def wait(self, seconds: float | None, stdin: bool) -> None: ...  # may raise Interrupted


class WasiError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class ProcExit(BaseException):
    """The VM called proc_exit (MicroPython ended): unwinds out of the VM as a trap."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Handle:
    """An open file or directory of the VM."""

    guest: str                      # the board path ("/data/pyamp/main.py")
    host: Path
    directory: bool
    os_fd: int | None = None
    append: bool = False
    rom: bool = False
    device: bool = False            # /dev/urandom: reads give random bytes
    listing: list[tuple[str, int, int]] | None = field(default=None, repr=False)


def _error_of(exc: OSError) -> int:
    return _FROM_HOST.get(exc.errno, EIO)  # the board model's MpOSError has errno set too


class Wasi:
    """One VM's view of the world; `install(table)` defines the imports."""

    def __init__(self, fs: BoardFS, rom: Path, console: Console, argv: list[str],
                 clock_offset: Callable[[], float], boot_ns: int) -> None:
        self.fs = fs
        self.rom = rom
        self.console = console
        self.argv = [a.encode() + b"\0" for a in argv]
        self.clock_offset = clock_offset
        self.boot_ns = boot_ns
        self.mem: Memory | None = None
        self.gate: Callable[[], None] = lambda: None  # called first in every call (stop, callbacks)
        self.handles: dict[int, Handle] = {
            3: Handle("/", fs.root, True),
            4: Handle(ROM_PATH, rom, True, rom=True),
        }
        self._next_fd = 5

    # -- plumbing ----------------------------------------------------------------------------
    def install(self, table: HostTable) -> None:
        for name, params in _SIGNATURES.items():
            renumber = name not in ("fd_prestat_get", "fd_prestat_dir_name")  # wasi-libc reads these
            table.define(WASI, name, params, self._guarded(getattr(self, name), renumber),
                         result=name != "proc_exit")

    def _guarded(self, func: Callable, renumber: bool) -> Callable:
        def call(*args: int) -> int:
            self.gate()
            try:
                result = func(*args)
                return ESUCCESS if result is None else result
            except Interrupted:
                return EINTR
            except (WasiError, OSError) as exc:
                code = exc.code if isinstance(exc, WasiError) else _error_of(exc)
                return _WASI_TO_MP.get(code, 5) if renumber else code
        return call

    def close_all(self) -> None:
        for handle in self.handles.values():
            if handle.os_fd is not None:
                os.close(handle.os_fd)
                handle.os_fd = None

    def _string(self, ptr: int, length: int) -> str:
        if length > MAX_PATH:
            raise WasiError(ENAMETOOLONG)
        try:
            return self.mem.read(ptr, length).decode("utf-8")
        except UnicodeDecodeError:
            raise WasiError(EINVAL) from None

    def _handle(self, fd: int) -> Handle:
        handle = self.handles.get(fd)
        if handle is None:
            raise WasiError(EBADF)
        return handle

    def _iovecs(self, iovs: int, count: int) -> list[tuple[int, int]]:
        raw = self.mem.read(iovs, 8 * count)
        return [struct.unpack_from("<II", raw, 8 * i) for i in range(count)]

    # -- arguments, environment, clocks ------------------------------------------------------
    def args_sizes_get(self, argc_ptr: int, size_ptr: int) -> None:
        self.mem.put_u32(argc_ptr, len(self.argv))
        self.mem.put_u32(size_ptr, sum(map(len, self.argv)))

    def args_get(self, argv_ptr: int, buf_ptr: int) -> None:
        for i, arg in enumerate(self.argv):
            self.mem.put_u32(argv_ptr + 4 * i, buf_ptr)
            self.mem.write(buf_ptr, arg)
            buf_ptr += len(arg)

    def environ_sizes_get(self, count_ptr: int, size_ptr: int) -> None:
        self.mem.put_u32(count_ptr, 0)
        self.mem.put_u32(size_ptr, 0)

    def environ_get(self, _environ_ptr: int, _buf_ptr: int) -> None:
        return None

    def clock_time_get(self, clock: int, _precision: int, time_ptr: int) -> None:
        if clock == 0:
            value = time.time_ns() + int(self.clock_offset() * 1e9)
        else:
            value = time.monotonic_ns() - self.boot_ns
        self.mem.put_u64(time_ptr, value)

    def sched_yield(self) -> None:
        return None

    def proc_exit(self, code: int) -> None:
        raise ProcExit(code)

    # -- streams -----------------------------------------------------------------------------
    def fd_write(self, fd: int, iovs: int, count: int, written_ptr: int) -> None:
        if count == 1:  # print() writes one buffer at a time: the console's hot path
            data = self.mem.read(*_IOVEC.unpack(self.mem.read(iovs, 8)))
        else:
            data = b"".join(self.mem.read(p, n) for p, n in self._iovecs(iovs, count))
        if fd in (1, 2):
            self.console.write(data)
        elif fd == RAW_STDOUT_FD:
            self.console.write_raw(data)
        else:
            self._write_file(self._handle(fd), data)
        self.mem.put_u32(written_ptr, len(data))

    def _write_file(self, handle: Handle, data: bytes) -> None:
        if handle.os_fd is None:
            raise WasiError(EBADF if not handle.directory else EISDIR)
        size = os.fstat(handle.os_fd).st_size
        position = size if handle.append else os.lseek(handle.os_fd, 0, os.SEEK_CUR)
        self.fs.reserve(size, max(size, position + len(data)))
        if handle.append:
            os.lseek(handle.os_fd, 0, os.SEEK_END)
        os.write(handle.os_fd, data)

    def fd_read(self, fd: int, iovs: int, count: int, read_ptr: int) -> None:
        vectors = self._iovecs(iovs, count)
        wanted = sum(n for _p, n in vectors)
        if fd == 0:
            data = self.console.read(wanted) if wanted else b""
        else:
            handle = self._handle(fd)
            if handle.device:
                data = os.urandom(min(wanted, 4096))
            elif handle.os_fd is None:
                raise WasiError(EISDIR if handle.directory else EBADF)
            else:
                data = os.read(handle.os_fd, wanted)
        offset = 0
        for ptr, length in vectors:
            piece = data[offset:offset + length]
            self.mem.write(ptr, piece)
            offset += len(piece)
            if offset >= len(data):
                break
        self.mem.put_u32(read_ptr, len(data))

    def fd_seek(self, fd: int, offset: int, whence: int, result_ptr: int) -> None:
        if fd in (0, 1, 2):
            raise WasiError(ESPIPE)
        handle = self._handle(fd)
        if handle.os_fd is None or whence not in (0, 1, 2):
            raise WasiError(EINVAL if handle.os_fd is not None else EBADF)
        self.mem.put_u64(result_ptr, os.lseek(handle.os_fd, offset, whence))

    def fd_sync(self, fd: int) -> None:
        self._handle(fd)

    def fd_close(self, fd: int) -> None:
        if fd in (0, 1, 2, RAW_STDOUT_FD):
            return None
        if fd in (3, 4) or fd not in self.handles:  # the preopened folders stay open
            raise WasiError(EBADF)
        handle = self.handles.pop(fd)
        if handle.os_fd is not None:
            os.close(handle.os_fd)
        self.fs.forget_usage()

    def fd_fdstat_get(self, fd: int, stat_ptr: int) -> None:
        if fd in (0, 1, 2, RAW_STDOUT_FD):
            kind, flags, rights = FILETYPE_CHAR, 0, STDIO_RIGHTS
        else:
            handle = self._handle(fd)
            kind = FILETYPE_DIR if handle.directory else FILETYPE_FILE
            flags, rights = (FDFLAG_APPEND if handle.append else 0), ALL_RIGHTS
        self.mem.write(stat_ptr, struct.pack("<BxHxxxxQQ", kind, flags, rights, rights))

    def fd_prestat_get(self, fd: int, prestat_ptr: int) -> None:
        if fd not in (3, 4):
            raise WasiError(EBADF)
        self.mem.write(prestat_ptr, struct.pack("<BxxxI", 0, len(self.handles[fd].guest.encode())))

    def fd_prestat_dir_name(self, fd: int, path_ptr: int, length: int) -> None:
        if fd not in (3, 4):
            raise WasiError(EBADF)
        self.mem.write(path_ptr, self.handles[fd].guest.encode()[:length])

    # -- paths -------------------------------------------------------------------------------
    def _resolve(self, dirfd: int, path_ptr: int, length: int) -> tuple[str, Path, bool]:
        """(board path, host path, in ROM) of a path relative to an open folder."""
        base = self._handle(dirfd)
        if not base.directory:
            raise WasiError(ENOTDIR)
        relative = self._string(path_ptr, length)
        if base.rom:
            parts = [p for p in relative.split("/") if p not in ("", ".")]
            if ".." in parts:
                raise WasiError(ENOENT)
            return ROM_PATH + "/" + "/".join(parts), self.rom.joinpath(*parts), True
        guest = self.fs.abspath(base.guest.rstrip("/") + "/" + relative)
        return guest, self.fs.host(guest), False

    def path_open(self, dirfd: int, _dirflags: int, path_ptr: int, length: int, oflags: int,
                  rights: int, _inheriting: int, fdflags: int, fd_ptr: int) -> None:
        if self._device(dirfd, path_ptr, length):
            return self._add(Handle(self._string(path_ptr, length), Path(os.devnull), False, device=True), fd_ptr)
        guest, host, rom = self._resolve(dirfd, path_ptr, length)
        writing = bool(rights & RIGHT_FD_WRITE) or bool(oflags & (OFLAG_CREAT | OFLAG_TRUNC))
        if rom and writing:
            raise WasiError(EROFS)
        if host.is_dir():
            if writing:
                raise WasiError(EISDIR)
            handle = Handle(guest, host, True, rom=rom)
        elif oflags & OFLAG_DIRECTORY:
            raise WasiError(ENOTDIR if host.exists() else ENOENT)
        else:
            handle = self._open_file(guest, host, rom, oflags, rights, fdflags)
        self._add(handle, fd_ptr)

    def _add(self, handle: Handle, fd_ptr: int) -> None:
        fd, self._next_fd = self._next_fd, self._next_fd + 1
        self.handles[fd] = handle
        self.mem.put_u32(fd_ptr, fd)

    def _device(self, dirfd: int, path_ptr: int, length: int) -> bool:
        base = self.handles.get(dirfd)
        if base is None or base.rom:
            return False
        return "/" + self._string(path_ptr, length).lstrip("/") in DEVICES and base.guest == "/"

    def _open_file(self, guest: str, host: Path, rom: bool, oflags: int, rights: int, fdflags: int) -> Handle:
        readable, writable = bool(rights & RIGHT_FD_READ), bool(rights & RIGHT_FD_WRITE)
        flags = (os.O_RDWR if readable and writable else os.O_WRONLY if writable else os.O_RDONLY)
        flags |= _O_NOFOLLOW | _O_BINARY
        if oflags & OFLAG_CREAT:
            flags |= os.O_CREAT
            if not host.exists():
                self.fs.reserve(0, 1)  # a new file takes a block
        flags |= (os.O_EXCL if oflags & OFLAG_EXCL else 0) | (os.O_TRUNC if oflags & OFLAG_TRUNC else 0)
        os_fd = os.open(host, flags, 0o600)
        if stat.S_ISDIR(os.fstat(os_fd).st_mode):
            os.close(os_fd)
            raise WasiError(EISDIR)
        if oflags & OFLAG_TRUNC or oflags & OFLAG_CREAT:
            self.fs.forget_usage()
        return Handle(guest, host, False, os_fd, bool(fdflags & FDFLAG_APPEND), rom)

    def path_filestat_get(self, dirfd: int, _flags: int, path_ptr: int, length: int, stat_ptr: int) -> None:
        _guest, host, _rom = self._resolve(dirfd, path_ptr, length)
        info = os.stat(host, follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            raise WasiError(ENOENT)
        kind = FILETYPE_DIR if stat.S_ISDIR(info.st_mode) else FILETYPE_FILE
        size = 0 if kind == FILETYPE_DIR else info.st_size
        stamp = int(info.st_mtime * 1e9)
        # inode 0, as littlefs on a board reports (and nothing about the host's disk)
        self.mem.write(stat_ptr, FILESTAT.pack(0, 0, kind, 1, size, stamp, stamp, stamp))

    def path_readlink(self, dirfd: int, path_ptr: int, length: int, _buf: int, _buf_len: int, _used: int) -> None:
        self._resolve(dirfd, path_ptr, length)
        raise WasiError(EINVAL)  # the board has no links

    def _board_path(self, dirfd: int, path_ptr: int, length: int) -> str:
        guest, _host, rom = self._resolve(dirfd, path_ptr, length)
        if rom:
            raise WasiError(EROFS)
        return guest

    def path_create_directory(self, dirfd: int, path_ptr: int, length: int) -> None:
        self.fs.mkdir(self._board_path(dirfd, path_ptr, length))

    def path_remove_directory(self, dirfd: int, path_ptr: int, length: int) -> None:
        self.fs.rmdir(self._board_path(dirfd, path_ptr, length))

    def path_unlink_file(self, dirfd: int, path_ptr: int, length: int) -> None:
        self.fs.remove(self._board_path(dirfd, path_ptr, length))

    def path_rename(self, old_fd: int, old_ptr: int, old_len: int, new_fd: int, new_ptr: int, new_len: int) -> None:
        self.fs.rename(self._board_path(old_fd, old_ptr, old_len), self._board_path(new_fd, new_ptr, new_len))

    def fd_readdir(self, fd: int, buf: int, buf_len: int, cookie: int, used_ptr: int) -> None:
        handle = self._handle(fd)
        if not handle.directory:
            raise WasiError(ENOTDIR)
        if handle.listing is None or cookie == 0:
            handle.listing = self._listing(handle)
        out = bytearray()
        for index in range(cookie, len(handle.listing)):
            name, kind, _size = handle.listing[index]
            encoded = name.encode("utf-8")
            out += DIRENT.pack(index + 1, 0, len(encoded), kind) + encoded
            if len(out) >= buf_len:
                break
        self.mem.write(buf, bytes(out[:buf_len]))
        self.mem.put_u32(used_ptr, min(len(out), buf_len))

    def _listing(self, handle: Handle) -> list[tuple[str, int, int]]:
        if handle.rom:
            return [(p.name, FILETYPE_DIR if p.is_dir() else FILETYPE_FILE, 0) for p in sorted(handle.host.iterdir())]
        return [(name, FILETYPE_DIR if kind == 0x4000 else FILETYPE_FILE, size)
                for name, kind, _ino, size in self.fs.ilistdir(handle.guest)]

    # -- waiting -----------------------------------------------------------------------------
    def poll_oneoff(self, subs_ptr: int, events_ptr: int, count: int, nevents_ptr: int) -> None:
        subs = [SUBSCRIPTION.unpack(self.mem.read(subs_ptr + 48 * i, 48)) for i in range(count)]
        ready = self._ready(subs)
        if not ready:
            timeout = self._timeout(subs)
            self.console.wait(timeout, stdin=any(s[1] == EVENT_FD_READ and s[2] == 0 for s in subs))
            ready = self._ready(subs) or [s for s in subs if s[1] == EVENT_CLOCK]
        for i, sub in enumerate(ready):
            nbytes = 1 if sub[1] != EVENT_CLOCK else 0
            self.mem.write(events_ptr + 32 * i, EVENT.pack(sub[0], 0, sub[1], nbytes, 0))
        self.mem.put_u32(nevents_ptr, len(ready))

    def _ready(self, subs: list[tuple]) -> list[tuple]:
        """Subscriptions that can be answered now: files and stdout always, stdin with data."""
        ready = []
        for sub in subs:
            userdata, tag, fd = sub[0], sub[1], sub[2]
            if tag == EVENT_FD_WRITE or (tag == EVENT_FD_READ and (fd != 0 or self.console.readable())):
                ready.append(sub)
            elif tag == EVENT_CLOCK and self._timeout([sub]) == 0:
                ready.append(sub)
        return ready

    def _timeout(self, subs: list[tuple]) -> float | None:
        """Seconds until the earliest clock subscription fires (None: no clock)."""
        waits = []
        for _userdata, tag, clock, timeout, _precision, flags in subs:
            if tag != EVENT_CLOCK:
                continue
            if flags & 1:  # an absolute time on that clock
                now = time.monotonic_ns() - self.boot_ns if clock else time.time_ns()
                waits.append(max(0, timeout - now) / 1e9)
            else:
                waits.append(timeout / 1e9)
        return min(waits) if waits else None


_SIGNATURES = {
    "args_get": I32 * 2, "args_sizes_get": I32 * 2, "environ_get": I32 * 2, "environ_sizes_get": I32 * 2,
    "clock_time_get": I32 + I64 + I32, "fd_close": I32, "fd_fdstat_get": I32 * 2, "fd_prestat_get": I32 * 2,
    "fd_prestat_dir_name": I32 * 3, "fd_read": I32 * 4, "fd_readdir": I32 * 3 + I64 + I32,
    "fd_seek": I32 + I64 + I32 * 2, "fd_sync": I32, "fd_write": I32 * 4, "path_create_directory": I32 * 3,
    "path_filestat_get": I32 * 5, "path_open": I32 * 5 + I64 * 2 + I32 * 2, "path_readlink": I32 * 6,
    "path_remove_directory": I32 * 3, "path_rename": I32 * 6, "path_unlink_file": I32 * 3,
    "poll_oneoff": I32 * 4, "proc_exit": I32, "sched_yield": "",
}
