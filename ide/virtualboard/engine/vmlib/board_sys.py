# The firmware's `sys` / `usys` (MicroPython, runs in the VM): the VM's own sys (the same path,
# modules, stdin and stdout objects) reporting the board's firmware as HaaS Python v1.17 does:
# its MicroPython version, platform "esp32" and version "3.4.0". `_mpy` stays the VM's, since
# that says which .mpy files it can load.
import sys as _sys
from collections import namedtuple as _namedtuple
from _vm import call as _call

for _name in dir(_sys):
    if not _name.startswith("__"):
        globals()[_name] = getattr(_sys, _name)
del _name
__name__ = "sys"

_version, platform = _call("sys.info")
version = "3.4.0"
implementation = _namedtuple("", ("name", "version", "_mpy"))("micropython", tuple(_version), _sys.implementation._mpy)
