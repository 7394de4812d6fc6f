"""`haas-ide check` and the virtual board agree on which modules a board's firmware has."""

from __future__ import annotations

import json

import pytest

from ide.core.boardjson import check_project
from ide.core.boards import get_board
from ide.virtualboard.catalogue import BOARD_CHIPS, STOCK_BOARDS
from ide.virtualboard.firmware_catalogue import vocabulary
from tests.virtualboard.boards import error, run, started

IMPORT_EACH = """
import sys
found = []
for name in {names!r}:
    try:
        __import__(name)
        found.append(name)
    except ImportError:
        pass
print(repr(found))
"""


def names_check_accepts(tmp_path, board_id: str, names: list[str]) -> set[str]:
    """The names whose `import` `haas-ide check` accepts for a project of `board_id`."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "board.json").write_text(json.dumps(get_board(board_id).board_json), encoding="utf-8")
    (project / "main.py").write_text("".join(f"import {name}\n" for name in names), encoding="utf-8")
    rejected = {d.line for d in check_project(project, get_board(board_id), compile_python=False)
                if d.code == "import-unresolved"}
    return {name for line, name in enumerate(names, 1) if line not in rejected}


# MicroPython 1.27's own modules that a 1.17-era HaaS firmware lacks: they stay importable on the
# virtual board (hiding a built-in module would need an __import__ override, which breaks relative
# imports in MicroPython; see firmware_catalogue.py and docs/virtual-board.md).
VM_ONLY = {"deflate", "platform", "vfs"}


@pytest.mark.parametrize("board_id", sorted(set(BOARD_CHIPS) - STOCK_BOARDS))
def test_the_board_imports_exactly_what_check_accepts(tmp_path, board_id):
    """Every HaaS Python board; a stock board is simulated by the VM's own MicroPython 1.27."""
    names = sorted(vocabulary())
    accepted = names_check_accepts(tmp_path, board_id, names)
    with started(tmp_path / "fs", board_id) as io:
        imported = set(eval(run(io, IMPORT_EACH.format(names=names), timeout=60)))
    accepted |= imported & VM_ONLY
    assert imported == accepted, (f"board imports but check rejects: {sorted(imported - accepted)}; "
                                  f"check accepts but board lacks: {sorted(accepted - imported)}")
    assert get_board(board_id).modules <= imported


def test_a_project_file_is_imported_even_where_the_firmware_has_no_such_module(tmp_path):
    with started(tmp_path / "fs", "haas-edu-k1") as io:
        assert error(io, "import neopixel") == "ImportError: no module named 'neopixel'"
        run(io, "f = open('/data/pyamp/neopixel.py', 'w'); f.write('WHO = \"project\"'); f.close()")
        assert run(io, "import neopixel; print(neopixel.WHO)") == "project\n"


def test_weak_link_names_find_the_firmware_module(tmp_path):
    with started(tmp_path / "fs") as io:
        assert run(io, "import ctypes, uctypes, socket, usocket\nprint(ctypes is uctypes, socket.socket is "
                       "usocket.socket)") == "True True\n"


def test_a_relative_import_inside_a_project_package_works(tmp_path):
    with started(tmp_path / "fs") as io:
        run(io, "import os\nos.mkdir('/data/pyamp/pkg')\nfor name, text in (('__init__', 'from . import part'), "
                "('part', 'VALUE = 7')):\n    f = open('/data/pyamp/pkg/%s.py' % name, 'w'); f.write(text); f.close()")
        assert run(io, "import pkg\nprint(pkg.part.VALUE)") == "7\n"


def test_a_stock_micropython_board_has_no_haas_layer(tmp_path):
    with started(tmp_path / "fs", "esp32-micropython") as io:
        assert error(io, "import driver") == "ImportError: no module named 'driver'"
        assert run(io, "import sys, os\nprint(sys.path, sorted(os.listdir('/')))") == "['', '.frozen', '/lib'] ['boot.py']\n"
