"""Which modules a virtual board's firmware has: exactly those its catalogue entry declares.

`haas-ide check` resolves a project's imports against the board's catalogue entry
(`ide/boards/<id>.json`, `modules`) and MicroPython 1.17's weak links (`import json` finds
`ujson`). The virtual board of that id answers the same way, so the two always agree:

- the firmware's own modules (MicroPython faces in `engine/vmlib/`) are registered for a boot only
  when the board declares them (`offer`);
- the import gate (`vmlib/board_imports.py`, installed first at every boot) hides every other name
  the catalogues know, and the VM's own modules that no HaaS firmware has (`VM_ONLY`: MicroPython
  1.27's `deflate`, `vfs`, `platform`, and the engine's `host`), unless the project ships a file of
  that name; it also makes the weak-link names of declared modules import.

The catalogue is the single description of each firmware; the agreement is checked for every board
the virtual board can be (tests/virtualboard/test_firmware_catalogue.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

VM_ONLY = ("deflate", "vfs", "platform", "uplatform", "host", "_asyncio")


@lru_cache(maxsize=None)
def declared_modules(board_id: str) -> frozenset[str]:
    """The modules board `board_id`'s catalogue entry declares (dotted names included)."""
    from ide.core.boards import get_board

    return get_board(board_id).modules


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every module name the catalogues and their weak links speak of, with the VM's extras."""
    from ide.core.boardjson_code import WEAK_LINKS
    from ide.core.boards import load_boards

    names = set(WEAK_LINKS) | set(VM_ONLY)
    for board in load_boards().values():
        names |= board.modules
    return frozenset(names | {name.split(".")[0] for name in names})


@lru_cache(maxsize=None)
def provided_modules(board_id: str) -> frozenset[str]:
    """What `import NAME` finds on this board's firmware: the declared modules, their packages
    (`umqtt` for `umqtt.simple`) and the weak-link names of declared modules."""
    declared = declared_modules(board_id)
    return frozenset(declared | {name.split(".")[0] for name in declared} | set(aliases(board_id)))


@lru_cache(maxsize=None)
def aliases(board_id: str) -> dict[str, str]:
    """Weak links that hold on this board: alias -> declared module (`ctypes` -> `uctypes`)."""
    from ide.core.boardjson_code import WEAK_LINKS

    declared = declared_modules(board_id)
    return {alias: target for alias, target in WEAK_LINKS.items() if target in declared}


def hidden_modules(board_id: str) -> list[str]:
    """Names a program of this board cannot import from the firmware."""
    return sorted(vocabulary() - provided_modules(board_id))


def has(board: "VirtualBoard", name: str) -> bool:
    return name in declared_modules(board.board_id)


def offer(bridge: Bridge, board: "VirtualBoard", vmlib_name: str, name: str, *aliases_: str) -> bool:
    """Register firmware module `vmlib/<vmlib_name>.py` as `name` (and `aliases_`) when the board
    declares `name`; True when it did."""
    if not has(board, name):
        return False
    bridge.module(vmlib_name, name, *aliases_)
    return True


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    """The import gate, loaded at every boot before any program runs."""
    table = {"hidden": hidden_modules(board.board_id), "aliases": aliases(board.board_id)}
    bridge.add("firmware", {"gate": lambda: table})
    bridge.module("board_imports", "_board_imports", eager=True)
