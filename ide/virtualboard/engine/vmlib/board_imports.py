# The firmware's import gate (MicroPython, runs in the VM; see firmware_catalogue.py on the host).
# `import NAME` of a module this board's firmware lacks fails as on the board, unless the project
# ships NAME as a file; the weak-link names of the firmware's modules import them (`ctypes`).
# Firmware modules being loaded from the ROM import what they need unhindered; at run time they
# reach a hidden VM module through `vm_module(name)`. `from MODULE import *` loads a firmware
# module that is still a stand-in (see _vm._lazy) first, so the names are there.
import builtins
import sys
from _vm import ROM, call

_import = builtins.__import__
_table = call("firmware.gate")
_hidden = set(_table["hidden"])


def _links(table):
    """The weak links the VM lacks (it imports `json` itself, not `ctypes`)."""
    links = {}
    for alias, target in table.items():
        try:
            _import(alias, None, None, (), 0)
        except Exception:  # noqa: BLE001 - missing, or broken as the VM's `random` is
            links[alias] = target
    return links


_aliases = _links(_table["aliases"])
del _table


def vm_module(name):
    """The VM's own module `name`, hidden or not (for the firmware's modules)."""
    return _import(name, None, None, (), 0)


def _loading_rom():
    return len(sys.path) == 1 and sys.path[0] == ROM


def _shipped(name):
    """True when a file or package `name` exists on sys.path (the project ships the module)."""
    import os
    relative = name.replace(".", "/")
    for folder in sys.path:
        if folder == ROM:
            continue
        base = (folder or ".") + "/" + relative
        for path in (base + ".py", base + ".mpy", base + "/__init__.py"):
            try:
                os.stat(path)
                return True
            except OSError:
                pass
    return False


def _gate(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and not _loading_rom():
        head = name.split(".")[0]
        if (name in _hidden or head in _hidden) and name not in sys.modules and not _shipped(name):
            raise ImportError("no module named '%s'" % name)
        target = _aliases.get(name)
        if target is not None and not _shipped(name):
            name = target
    module = _import(name, globals, locals, fromlist, level)
    if fromlist and "*" in fromlist and not isinstance(module, _ModuleType):
        getattr(module, "__name__", None)  # a firmware module not loaded yet: load it for `*`
        module = sys.modules.get(name, module)
    return module


_ModuleType = type(sys)
builtins.__import__ = _gate
