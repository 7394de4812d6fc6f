"""The narrow bridge between MicroPython modules in the VM and the board's models on the host.

MicroPython-side modules (`vmlib/*.py`) call `_vm.call(name, *args)`; the host runs
`bridge.handlers[name](*args)` with JSON-decoded arguments and sends back its JSON result. Each
handler is a small function over a model (pins, I2C devices, the cloud, ...), and all input from
the VM is treated as untrusted: handlers check types and ranges, the bridge turns their errors into
the VM's own exceptions (`OSError` by errno name, since the VM numbers errno its own way).

A `Bridge` also says which modules the firmware has (imported at every boot, so `import driver`
finds them before any file) and the firmware's `sys.path`.
"""

from __future__ import annotations

import errno
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from ide.virtualboard.engine.wasi import MP_ERRNO, Interrupted  # noqa: F401 - a handler may raise Interrupted
from ide.virtualboard.fs import ERRNO_NAMES, MpOSError

_log = logging.getLogger(__name__)


class BridgeError(Exception):
    """Raise `kind(*args)` in the VM (kind is a builtin exception name, e.g. "ValueError")."""

    def __init__(self, kind: str, *args: Any) -> None:
        super().__init__(kind, *args)
        self.kind = kind
        self.values = args


@dataclass
class Bridge:
    """The firmware's side of one boot: host calls, modules to import first, `sys.path`."""

    handlers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    modules: list[tuple[str, list[str], bool]] = field(default_factory=list)  # see `module`
    sys_path: list[str] = field(default_factory=lambda: [""])
    _endings: list[Callable[[], None]] = field(default_factory=list)

    def add(self, prefix: str, handlers: dict[str, Callable[..., Any]]) -> None:
        """Register `handlers` as `prefix.name` host calls."""
        for name, handler in handlers.items():
            self.handlers[f"{prefix}.{name}"] = handler

    def module(self, name: str, *aliases: str, eager: bool = False) -> None:
        """The firmware has module `vmlib/<name>.py`, imported as each of `aliases` (default:
        `name`). Eager modules load at boot; the others when first used."""
        self.modules.append((name, list(aliases or [name]), eager))

    def on_end(self, cleanup: Callable[[], None]) -> None:
        """Call `cleanup()` when this boot's VM ends (stop timers, irq watchers, PWM outputs)."""
        self._endings.append(cleanup)

    def end(self) -> None:
        while self._endings:
            try:
                self._endings.pop()()
            except Exception:  # noqa: BLE001 - one failing cleanup must not skip the others
                _log.exception("virtual board: a cleanup failed")


def _errno_name(exc: OSError) -> str | None:
    """The errno name of a host error: the board models number errno as MicroPython does
    (MpOSError), the host's own errors as the host does."""
    if isinstance(exc, MpOSError):
        return ERRNO_NAMES.get(exc.errno)
    return errno.errorcode.get(exc.errno)


def reply_for_error(exc: Exception) -> list:
    """The VM's exception for a handler's error: [1, kind, *args]."""
    if isinstance(exc, BridgeError):
        return [1, exc.kind, *exc.values]
    if isinstance(exc, OSError):
        if isinstance(exc.errno, int):  # by name: the VM numbers errno as MicroPython does
            name = _errno_name(exc)
            return [1, "OSError", name, MP_ERRNO.get(name, exc.errno)]
        return [1, "OSError", None, str(exc.args[0]) if exc.args else ""]
    if isinstance(exc, (ValueError, TypeError)):
        return [1, type(exc).__name__, str(exc.args[0]) if exc.args else ""]
    _log.exception("virtual board: a bridge handler failed")
    return [1, "RuntimeError", f"virtual board error: {type(exc).__name__}"]
