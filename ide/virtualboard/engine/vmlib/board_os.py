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


def dupterm(stream_object=None, index=0):
    return None
