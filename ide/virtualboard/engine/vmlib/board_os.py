# The firmware's `os` / `uos` (MicroPython, runs in the VM): the VM's own os module plus what an
# ESP32 port adds, `uname()`, and HaaS's `version_info()`.
import os as _os
from _vm import call as _call

for _name in dir(_os):
    if not _name.startswith("__"):
        globals()[_name] = getattr(_os, _name)
del _name
__name__ = "uos"


from collections import namedtuple as _namedtuple

_uname_result = _namedtuple("uname_result", ("sysname", "nodename", "release", "version", "machine"))


def uname():
    return _uname_result(*_call("os.uname"))


def version_info():
    return _call("os.version_info")


def stat(path):
    """A 10-tuple as littlefs on the board gives it: times count from 2000, like utime's."""
    return tuple(_call("os.stat", _absolute(path)))


def dupterm(stream_object=None, index=0):
    return None


def statvfs(path):
    return tuple(_call("os.statvfs", path))


def _absolute(path):
    """`path` made absolute against the current folder, with `.` and `..` resolved (`..` stops
    at `/`), as the board's file system keeps its current folder."""
    parts = []
    base = path if path.startswith("/") else _os.getcwd() + "/" + path
    for part in base.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/" + "/".join(parts)


# errno values that the VM's C library sets itself (not through the host) are WASI's: chdir to a
# file says ENOTDIR as 54. The host already gives MicroPython's numbers for what it reports.
_LIBC_ERRNO = {54: 20, 44: 2, 28: 22}  # ENOTDIR, ENOENT, EINVAL


def chdir(path):
    try:
        _os.chdir(_absolute(path))
    except OSError as exc:
        code = exc.args[0] if exc.args else None
        if code not in _LIBC_ERRNO:
            raise
    else:
        return
    raise OSError(_LIBC_ERRNO[code])


def _mounted(path):
    """True when `path` is in a file system mounted over the board's own (`mpremote mount`
    puts the host's folder at /remote): the VM lists it through that file system."""
    import vfs
    for _fs, point in vfs.mount():
        if point != "/" and (path == point or path.startswith(point + "/")):
            return True
    return False


def ilistdir(path=""):
    """(name, type, inode, size) per entry, as littlefs on the board gives them."""
    absolute = _absolute(path or ".")
    if _mounted(absolute):
        return _os.ilistdir(absolute)
    return iter([tuple(entry) for entry in _call("os.ilistdir", absolute)])


def listdir(path=""):
    return [entry[0] for entry in ilistdir(path)]
