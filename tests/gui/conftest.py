"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

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


@pytest.fixture(autouse=True)
def light_theme_afterwards():
    """A test that switched the application to the dark theme leaves it light for the next one."""
    yield
    from ide.gui import apptheme

    if apptheme.current() == apptheme.DARK:
        apptheme.apply(apptheme.LIGHT)


@pytest.fixture
def window(qtbot, monkeypatch):
    """A shown main window without a board session; closing it at teardown never waits on a
    modal "save changes?" question."""
    from ide.gui.mainwindow import MainWindow

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow(connect=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def active_window(qtbot, window):
    """`window`, made the active window: keyboard shortcuts only reach an active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window
