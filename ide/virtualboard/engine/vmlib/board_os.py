# The firmware's `os` / `uos` (MicroPython, runs in the VM): the VM's own os module plus what an
# ESP32 port adds, `uname()`, and HaaS's `version_info()`; stat, ilistdir and statvfs answer as
# the ESP32's littlefs does (system_services.py).
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


def dupterm(stream_object=None, index=0):
    return None


def _absolute(path):
    if not isinstance(path, str):
        path = str(path, "utf-8")  # bytes paths, as MicroPython's VFS takes them
    return path if path.startswith("/") else _os.getcwd().rstrip("/") + "/" + path


def stat(path):
    return tuple(_call("os.stat", _absolute(path)))


def ilistdir(path=""):
    return iter([tuple(entry) for entry in _call("os.ilistdir", _absolute(path))])


def statvfs(path="/"):
    return tuple(_call("os.statvfs", _absolute(path)))


def urandom(size):
    from binascii import unhexlify
    return unhexlify(_call("os.urandom", size))
