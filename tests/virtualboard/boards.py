"""Helpers for firmware-module tests: a started virtual board of any catalogue id, code run on it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from ide.virtualboard.board import VirtualBoard
from tests.boardio import BoardIO


@contextlib.contextmanager
def started(fs_root: Path, board_id: str = "virtual") -> Iterator[BoardIO]:
    """A board of `board_id` at its friendly prompt, closed afterwards."""
    board = VirtualBoard(fs_root=fs_root, board_id=board_id)
    io = BoardIO(board)
    board.start()
    try:
        io.expect(b">>> ", timeout=30)
        yield io
    finally:
        board.close()


def run(io: BoardIO, code: str, timeout: float = 20.0) -> str:
    """Run `code` in the raw REPL (entered and left here); its output, its traceback raises."""
    io.raw()
    out, err = io.exec_raw(code, timeout)
    io.send(b"\x02")
    io.expect(b">>> ")
    if err:
        raise AssertionError(err.decode("utf-8", "replace"))
    return out.decode("utf-8").replace("\r\n", "\n")


def error(io: BoardIO, code: str, timeout: float = 20.0) -> str:
    """The last line of the traceback `code` ends with (it must fail)."""
    io.raw()
    _out, err = io.exec_raw(code, timeout)
    io.send(b"\x02")
    io.expect(b">>> ")
    assert err, "the code did not fail"
    return err.decode("utf-8", "replace").rstrip().splitlines()[-1]
