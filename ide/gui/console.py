"""The serial console view: a read-only text area where the board's output appears.

For now it is a placeholder; the streaming console (batched appends, bounded scrollback, ANSI and
HaaS marker lines) arrives with the console feature.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ide.i18n import _

MAX_BLOCKS = 10_000


class ConsoleView(QPlainTextEdit):
    """A read-only, monospaced view of what the board prints."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console-view")
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_BLOCKS)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText(_("Connect a board, or pick the virtual board, to see its output here."))
