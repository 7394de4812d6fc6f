"""The firmware's built-in modules, as board code imports them.

Each module is made fresh for every boot (`make_module(vm, name)`), so a soft reset forgets all
module state, and board code never holds the host's own module objects. MicroPython 1.17's weak
links let `import time` find `utime`; the same aliases apply here.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

Factory = Callable[["Vm"], types.ModuleType]

ALIASES = {
    "time": "utime", "json": "ujson", "os": "uos", "binascii": "ubinascii", "hashlib": "uhashlib",
    "zlib": "uzlib", "io": "uio", "struct": "ustruct", "collections": "ucollections", "re": "ure",
    "random": "urandom", "errno": "uerrno", "select": "uselect", "array": "uarray", "usys": "sys",
    "heapq": "uheapq",
}


def _registry() -> dict[str, Factory]:
    from ide.virtualboard.modules import mpstd

    table = dict(mpstd.FACTORIES)
    try:
        from ide.virtualboard.haas import FACTORIES as haas_factories
    except ImportError:  # the HaaS layer is optional for plain MicroPython personalities
        haas_factories = {}
    table.update(haas_factories)
    return table


_FACTORIES: dict[str, Factory] | None = None


def make_module(vm: "Vm", name: str) -> types.ModuleType | None:
    """A new instance of built-in module `name` for `vm`, or None when the firmware has none."""
    global _FACTORIES
    if _FACTORIES is None:
        _FACTORIES = _registry()
    real = ALIASES.get(name, name)
    factory = _FACTORIES.get(real)
    if factory is None:
        return None
    if real != name and real in vm.modules:
        return vm.modules[real]
    module = factory(vm)
    vm.modules[real] = module
    return module


def builtin_names() -> list[str]:
    """Names board code can import without a file (for `help('modules')` and tests)."""
    global _FACTORIES
    if _FACTORIES is None:
        _FACTORIES = _registry()
    return sorted(_FACTORIES)


def module_from(name: str, namespace: dict) -> types.ModuleType:
    """A module called `name` holding `namespace`'s public entries."""
    module = types.ModuleType(name)
    for key, value in namespace.items():
        if not key.startswith("_") or key in ("__version__",):
            setattr(module, key, value)
    return module
