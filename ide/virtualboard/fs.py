"""The virtual board's file system: a host folder seen as the board's `/`, with MicroPython's errors.

Board code sees only this tree: paths are normalised inside it (`..` stops at `/`), links that
lead outside are treated as missing, and errors are MicroPython-shaped `OSError(errno)` whose text
is `[Errno 2] ENOENT`. The file system has a capacity (littlefs-style 4 KiB blocks) and a full one
raises ENOSPC before writing, leaving the file as it was.
"""

from __future__ import annotations

import errno as _errno
import io
import os
import stat as _stat
from pathlib import Path

BLOCK = 4096
DEFAULT_CAPACITY = 0xD0000  # the `vfs` partition of a 4 MB HaaS ESP32 (0x320000..0x3F0000)

ERRNO_NAMES = {
    1: "EPERM", 2: "ENOENT", 5: "EIO", 9: "EBADF", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES",
    17: "EEXIST", 19: "ENODEV", 20: "ENOTDIR", 21: "EISDIR", 22: "EINVAL", 28: "ENOSPC",
    39: "ENOTEMPTY", 95: "EOPNOTSUPP", 110: "ETIMEDOUT",
}


class MpOSError(OSError):
    """MicroPython's OSError: `args == (errno,)`, `.errno` set, printed as `[Errno 2] ENOENT`."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)

    @property
    def errno(self):  # type: ignore[override]
        return self.args[0] if self.args else None

    def __str__(self) -> str:
        if len(self.args) == 1 and isinstance(self.args[0], int):
            code = self.args[0]
            name = ERRNO_NAMES.get(code)
            return f"[Errno {code}] {name}" if name else str(code)
        return super().__str__()


MpOSError.__name__ = MpOSError.__qualname__ = "OSError"


def mp_error(code: int) -> MpOSError:
    return MpOSError(code)


def from_host_error(exc: OSError) -> MpOSError:
    """The MicroPython error for a host OSError (unknown codes become EIO)."""
    code = exc.errno if exc.errno in ERRNO_NAMES else _errno.EIO
    return mp_error(code)


def _blocks(size: int) -> int:
    return (size + BLOCK - 1) // BLOCK


class BoardFS:
    """The board's `/`, stored in the host folder `root`."""

    def __init__(self, root: Path, capacity: int = DEFAULT_CAPACITY) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.capacity = capacity
        self.cwd = "/"
        self._used: int | None = None

    # -- paths -------------------------------------------------------------------------------
    def abspath(self, path: str) -> str:
        """Normalise a board path against the current directory."""
        if not isinstance(path, str):
            raise TypeError("can't convert to str implicitly")
        if "\x00" in path:
            raise mp_error(_errno.EINVAL)
        joined = path if path.startswith("/") else self.cwd.rstrip("/") + "/" + path
        parts: list[str] = []
        for part in joined.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(part)
        return "/" + "/".join(parts)

    def host(self, path: str) -> Path:
        """The host path behind a board path; never outside the root."""
        board = self.abspath(path)
        host = self.root.joinpath(*[p for p in board.split("/") if p])
        if os.path.islink(host) or not str(host.resolve()).startswith(str(self.root)):
            raise mp_error(_errno.ENOENT)
        return host

    # -- queries -----------------------------------------------------------------------------
    def stat(self, path: str) -> tuple[int, ...]:
        host = self.host(path)
        try:
            st = host.stat()
        except OSError as exc:
            raise from_host_error(exc) from None
        kind = 0x4000 if _stat.S_ISDIR(st.st_mode) else 0x8000
        size = 0 if kind == 0x4000 else st.st_size
        mtime = int(st.st_mtime) - 946684800  # MicroPython's epoch is 2000-01-01
        return (kind, 0, 0, 0, 0, 0, size, mtime, mtime, mtime)

    def ilistdir(self, path: str = ""):
        host = self.host(path or self.cwd)
        try:
            entries = sorted(os.scandir(host), key=lambda e: e.name)
        except OSError as exc:
            raise from_host_error(exc) from None
        for entry in entries:
            if entry.is_symlink():
                continue
            if entry.is_dir():
                yield (entry.name, 0x4000, 0, 0)
            else:
                yield (entry.name, 0x8000, 0, entry.stat().st_size)

    def listdir(self, path: str = "") -> list[str]:
        return [entry[0] for entry in self.ilistdir(path)]

    def exists(self, path: str) -> bool:
        try:
            self.stat(path)
            return True
        except OSError:
            return False

    def used(self) -> int:
        if self._used is None:
            total = 0
            for _dir, dirs, files in os.walk(self.root):
                total += BLOCK * len(dirs)
                for name in files:
                    try:
                        total += _blocks(os.path.getsize(os.path.join(_dir, name))) * BLOCK
                    except OSError:
                        pass
            self._used = total
        return self._used

    def statvfs(self, path: str = "/") -> tuple[int, ...]:
        self.host(path)
        blocks = self.capacity // BLOCK
        free = max(0, blocks - self.used() // BLOCK)
        return (BLOCK, BLOCK, blocks, free, free, 0, 0, 0, 0, 255)

    # -- changes -----------------------------------------------------------------------------
    def _change(self, action, *args) -> None:
        self._used = None
        try:
            action(*args)
        except OSError as exc:
            raise from_host_error(exc) from None

    def mkdir(self, path: str) -> None:
        host = self.host(path)
        if host.exists():
            raise mp_error(_errno.EEXIST)
        if self.used() + BLOCK > self.capacity:
            raise mp_error(_errno.ENOSPC)
        self._change(os.mkdir, host)

    def rmdir(self, path: str) -> None:
        host = self.host(path)
        if host == self.root:
            raise mp_error(_errno.EACCES)
        if host.is_dir() and any(host.iterdir()):
            raise mp_error(_errno.ENOTEMPTY)
        self._change(os.rmdir, host)

    def remove(self, path: str) -> None:
        host = self.host(path)
        if host.is_dir():
            raise mp_error(_errno.EISDIR)
        self._change(os.remove, host)

    def rename(self, old: str, new: str) -> None:
        src, dst = self.host(old), self.host(new)
        if not src.exists():
            raise mp_error(_errno.ENOENT)
        if dst.is_dir() and src.is_file():
            raise mp_error(_errno.EISDIR)
        self._change(os.replace, src, dst)

    def chdir(self, path: str) -> None:
        target = self.abspath(path)
        if not self.host(target).is_dir():
            raise mp_error(_errno.ENOENT)
        self.cwd = target

    def open(self, path: str, mode: str = "r", buffering: int = -1, encoding=None):
        return BoardFile(self, path, mode)

    def forget_usage(self) -> None:
        """Files changed: count the space used again when next asked."""
        self._used = None

    def reserve(self, old_size: int, new_size: int) -> None:
        """Reserve room for a file growing from `old_size` to `new_size`, or raise ENOSPC."""
        extra = (_blocks(new_size) - _blocks(old_size)) * BLOCK
        if extra <= 0:
            return
        used = self.used()
        if used + extra > self.capacity:
            raise mp_error(_errno.ENOSPC)
        self._used = used + extra


class BoardFile:
    """A file opened by board code: MicroPython's file object over a host file."""

    def __init__(self, fs: BoardFS, path: str, mode: str) -> None:
        if not isinstance(mode, str) or not set(mode) <= set("rwabt+x") or not mode:
            raise ValueError("invalid mode")
        self._fs = fs
        self._binary = "b" in mode
        self.name = fs.abspath(path)
        host = fs.host(path)
        if host.is_dir():
            raise mp_error(_errno.EISDIR)
        raw_mode = mode.replace("t", "").replace("b", "") + "b"
        writing = any(c in mode for c in "wax+")
        if writing:
            if not host.parent.is_dir():
                raise mp_error(_errno.ENOENT)
            fs._used = None
        try:
            self._file = io.open(host, raw_mode, buffering=0)
        except OSError as exc:
            raise from_host_error(exc) from None

    # -- reading -----------------------------------------------------------------------------
    def read(self, size: int = -1):
        data = self._file.read(None if size is None or size < 0 else size)
        if self._binary:
            return data
        for _ in range(3):  # complete a UTF-8 character cut by `size`
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as exc:
                more = self._file.read(1) if exc.reason == "unexpected end of data" else b""
                if not more:
                    break
                data += more
        return data.decode("utf-8", "replace")

    def readinto(self, buf) -> int:
        return self._file.readinto(buf)

    def readline(self, size: int = -1):
        line = self._file.readline(size if size and size > 0 else -1)
        return line if self._binary else line.decode("utf-8", "replace")

    def readlines(self):
        return list(iter(self.readline, b"" if self._binary else ""))

    def __iter__(self):
        return iter(self.readline, b"" if self._binary else "")

    # -- writing -----------------------------------------------------------------------------
    def write(self, data) -> int:
        if isinstance(data, str):
            if self._binary:
                raise TypeError("object with buffer protocol required")
            payload = data.encode("utf-8")
        else:
            payload = bytes(data)
        pos = self._file.tell()
        size = os.fstat(self._file.fileno()).st_size
        if "a" in self._file.mode:
            pos = size
        self._fs.reserve(size, max(size, pos + len(payload)))
        self._file.write(payload)
        return len(data)

    def flush(self) -> None:
        self._file.flush()

    # -- position and life -------------------------------------------------------------------
    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
            self._fs._used = None

    def __del__(self) -> None:  # board code that forgets close() must not leak host files
        if hasattr(self, "_file"):
            self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        kind = "FileIO" if self._binary else "TextIOWrapper"
        return f"<io.{kind} 3ffe5a10>"
