"""How errors reach the user: the dialog for internal errors (the traceback, copyable, never a
silent failure), and a project check's findings in the user's language."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ide.core.boardjson import ERROR, HINT, WARNING
from ide.i18n import _


def show_traceback(parent: QWidget | None, traceback_text: str) -> QMessageBox:
    """Show an internal error with its traceback (in the details pane, to copy into a report)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "HaaS IDE",
                      _("An internal error occurred. The IDE keeps running; please report this."), parent=parent)
    box.setDetailedText(traceback_text)
    box.setObjectName("traceback-dialog")
    box.open()
    return box


def install_excepthook(window: QWidget) -> None:
    """An exception no code caught (a bug in a Qt slot, which PySide only prints) is logged and
    shown with its traceback; Ctrl-C at the terminal still ends the IDE."""
    import logging
    import sys
    import traceback

    previous = sys.excepthook

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        logging.getLogger("ide").error("uncaught exception\n%s", text)
        show_traceback(window, text)

    sys.excepthook = hook


def diagnostic_text(diagnostic) -> str:
    """A project check's finding as the user reads it, "main.py:3:5: 错误：..." in Chinese (the
    command line keeps the compiler-style "error:" that editors and scripts parse)."""
    templates = {ERROR: _("{place}: error: {message}"), WARNING: _("{place}: warning: {message}"),
                 HINT: _("{place}: hint: {message}")}
    place = f"{diagnostic.file}:{diagnostic.line}:{diagnostic.col}"
    return templates.get(diagnostic.severity, templates[ERROR]).format(place=place, message=diagnostic.message)
