"""Fixtures for virtual board tests: an in-process board at its first prompt."""

from __future__ import annotations

import pytest

from ide.virtualboard.board import VirtualBoard
from tests.boardio import BoardIO


@pytest.fixture
def board(tmp_path):
    """A started virtual board whose file system is tmp_path/fs."""
    vb = VirtualBoard(fs_root=tmp_path / "fs")
    io = BoardIO(vb)
    vb.start()
    io.wait_idle_prompt()
    yield io
    vb.close()
