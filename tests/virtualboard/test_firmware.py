"""The virtual board's firmware: the modules it has are the ones its catalogue entry declares."""

from __future__ import annotations

from ide.core.boards import get_board
from ide.virtualboard.firmware import bridge_for
from tests.virtualboard.test_haas_driver import run


def test_every_module_the_catalogue_declares_imports_on_the_board(board):
    declared = sorted(get_board("virtual").modules)
    board.raw()
    out = run(board, f"for name in {declared!r}:\n"
                     "    try:\n        __import__(name)\n    except ImportError:\n        print(name)")
    assert out == ""


def test_every_module_the_firmware_adds_is_in_the_catalogue(board):
    declared = get_board("virtual").modules
    declared = declared | {name.split(".")[0] for name in declared}  # umqtt holds umqtt.simple
    public = [aliases for _rom, aliases, _eager in bridge_for(board.board).modules
              if not all(alias.startswith("_") for alias in aliases)]
    assert [aliases for aliases in public if not declared.intersection(aliases)] == []

