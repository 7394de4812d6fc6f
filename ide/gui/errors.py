"""The dialog for internal errors: the traceback, copyable, never a silent failure."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ide.i18n import _


def show_traceback(parent: QWidget | None, traceback_text: str) -> QMessageBox:
    """Show an internal error with its traceback (in the details pane, to copy into a report)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "HaaS IDE",
                      _("An internal error occurred. The IDE keeps running; please report this."), parent=parent)
    box.setDetailedText(traceback_text)
    box.setObjectName("traceback-dialog")
    box.open()
    return box
