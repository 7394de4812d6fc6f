"""Which modules a virtual board's firmware has: exactly those its catalogue entry declares.

`haas-ide check` resolves a project's imports against the board's catalogue entry
(`ide/boards/<id>.json`, `modules`) and MicroPython 1.17's weak links (`import json` finds
`ujson`). The virtual board of that id answers the same way, so the two agree:

- the firmware's own modules (MicroPython faces in `engine/vmlib/`) are registered for a boot only
  when the board declares them (`offer`), under their weak-link names too (`socket`);
- the VM's own modules get their weak-link names at boot (`vmlib/board_links.py`: `ctypes`);
- a project file of any name still imports, as on the board.

The VM's own modules that no HaaS firmware has (MicroPython 1.27's `deflate`, `vfs`, `platform`)
stay importable: hiding them would take an `__import__` override, and in MicroPython an override
runs with its own globals, which breaks every relative import (`from . import x`).
The agreement is checked for every board the virtual board can be
(tests/virtualboard/test_firmware_catalogue.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard


@lru_cache(maxsize=None)
def declared_modules(board_id: str) -> frozenset[str]:
    """The modules board `board_id`'s catalogue entry declares (dotted names included)."""
    from ide.core.boards import get_board

    return get_board(board_id).modules


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every module name the catalogues and their weak links speak of."""
    from ide.core.boardjson_code import WEAK_LINKS
    from ide.core.boards import load_boards

    names = set(WEAK_LINKS)
    for board in load_boards().values():
        names |= board.modules
    return frozenset(names | {name.split(".")[0] for name in names})


@lru_cache(maxsize=None)
def aliases(board_id: str) -> dict[str, str]:
    """Weak links that hold on this board: alias -> declared module (`ctypes` -> `uctypes`)."""
    from ide.core.boardjson_code import WEAK_LINKS

    declared = declared_modules(board_id)
    return {alias: target for alias, target in WEAK_LINKS.items() if target in declared}


def catalogue_id(board: "VirtualBoard") -> str:
    """The catalogue entry whose modules this board's firmware has: the board's own for HaaS
    Python; for stock MicroPython the stock entry of its chip (`esp32s3-micropython`)."""
    if board.personality.haas:
        return board.board_id
    from ide.core.boards import load_boards
    from ide.virtualboard.catalogue import BOARD_CHIPS

    stock = f"{BOARD_CHIPS.get(board.board_id, 'esp32')}-micropython"
    return stock if stock in load_boards() else board.board_id


def has(board: "VirtualBoard", name: str) -> bool:
    return name in declared_modules(catalogue_id(board))


def offer(bridge: Bridge, board: "VirtualBoard", vmlib_name: str, name: str, eager: bool = False) -> bool:
    """Register firmware module `vmlib/<vmlib_name>.py` as `name` and its weak-link names when the
    board declares `name`; True when it did."""
    if not has(board, name):
        return False
    links = [alias for alias, target in aliases(catalogue_id(board)).items() if target == name]
    bridge.module(vmlib_name, name, *links, eager=eager)
    return True


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    """Weak links for the VM's own modules, made at every boot before any program runs."""
    bridge.add("firmware", {"links": lambda: vm_links(bridge, board)})
    bridge.module("board_links", "_board_links", eager=True)


def vm_links(bridge: Bridge, board: "VirtualBoard") -> dict[str, str]:
    """Weak links whose module no firmware module provides: the VM's own (`ctypes` -> `uctypes`)."""
    registered = {name for _file, names, _eager in bridge.modules for name in names}
    return {alias: target for alias, target in aliases(catalogue_id(board)).items()
            if alias not in registered and target not in registered}
