"""The firmware's help(), as tools read it: `help('modules')` lists the board's modules."""

from __future__ import annotations

from ide.core.boards import get_board


def test_help_modules_lists_the_catalogued_modules_in_micropythons_columns(board):
    board.raw()
    out, err = board.exec_raw("help('modules')")
    lines = out.decode().split("\r\n")
    assert err == b"" and lines[-2:] == ["Plus any modules on the filesystem", ""]
    rows = lines[:-2]
    names = [name for row in rows for name in row.split()]
    assert sorted(names) == sorted({"__main__", *get_board("virtual").modules})
    assert "ubinascii" in names and "driver" in names
    first_column = [row.split()[0] for row in rows]
    assert first_column == sorted(names)[:len(rows)]  # filled column by column, 18 characters wide
    assert rows[0].index(rows[0].split()[1]) == 18


def test_help_prints_the_firmwares_help_and_objects_their_attributes(board):
    board.raw()
    assert board.exec_raw("help()")[0].startswith(b"Welcome to HaaS Python (MicroPython)")
    assert b"  upper -- " in board.exec_raw("help('text')")[0]
