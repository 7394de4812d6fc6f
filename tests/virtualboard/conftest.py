"""Fixtures for virtual board tests: an in-process board at its first prompt; a served one on a pty."""

from __future__ import annotations

import pytest

from ide.virtualboard.board import VirtualBoard
from tests.boardio import BoardIO
from tests.served import served_board


@pytest.fixture
def board(tmp_path):
    """A started virtual board whose file system is tmp_path/fs."""
    vb = VirtualBoard(fs_root=tmp_path / "fs")
    io = BoardIO(vb)
    vb.start()
    io.wait_idle_prompt()
    yield io
    vb.close()


@pytest.fixture(scope="module")
def served_pty(tmp_path_factory):
    """`haas-ide board serve` on a pty for one test module's clients: (port, its --fs folder)."""
    fs = tmp_path_factory.mktemp("board-fs")
    with served_board(["--fs", str(fs)]) as served:
        yield served.port, fs
