"""Internal errors reach the user as a traceback dialog, never as a silent failure."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox, QWidget

from ide.gui.errors import install_excepthook


def test_an_exception_no_code_caught_opens_the_traceback_dialog(qtbot, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook(parent)
    try:
        raise ValueError("a bug in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "traceback-dialog") is not None, timeout=5000)
    box = parent.findChild(QMessageBox, "traceback-dialog")
    assert "ValueError: a bug in a slot" in box.detailedText()
    box.close()
