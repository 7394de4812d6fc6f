"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import pytest

from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import PtyTransport


@pytest.fixture
def board(tmp_path):
    """A started virtual board on a pty: (board, transport); `transport.name` is the port."""
    vb = VirtualBoard(fs_root=tmp_path / "board")
    transport = PtyTransport(vb)
    vb.start()
    yield vb, transport
    transport.close()
    vb.close()


@pytest.fixture
def window(qtbot):
    """The main window, shown, without a board session (device tests open one themselves)."""
    from ide.gui.mainwindow import MainWindow

    win = MainWindow(connect=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
