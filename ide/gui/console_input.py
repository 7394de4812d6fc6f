"""The console's input line: what the user types for the board, with a shell-like history.

Enter emits `submitted(text)`; Up and Down walk the history (the line being typed is kept and comes
back below the newest entry); Ctrl+C with nothing selected emits `control_key("c")` (Ctrl+C with a
selection still copies) and Ctrl+D `control_key("d")`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

__all__ = ["History", "InputLine"]


class History:
    """Entered lines, oldest first, with a position for walking them."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self.entries: list[str] = []
        self._pos = 0
        self._draft = ""

    def add(self, text: str) -> None:
        if text.strip() and (not self.entries or self.entries[-1] != text):
            self.entries.append(text)
            del self.entries[:-self.limit]
        self._pos = len(self.entries)
        self._draft = ""

    def previous(self, current: str) -> str | None:
        """The entry before the current one, or None at the oldest."""
        if self._pos == 0:
            return None
        if self._pos == len(self.entries):
            self._draft = current
        self._pos -= 1
        return self.entries[self._pos]

    def next(self) -> str | None:
        """The entry after the current one (the draft after the newest), or None."""
        if self._pos >= len(self.entries):
            return None
        self._pos += 1
        return self.entries[self._pos] if self._pos < len(self.entries) else self._draft


class InputLine(QLineEdit):
    """A line editor that sends on Enter and remembers what it sent."""

    submitted = Signal(str)
    control_key = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console-input")
        self.history = History()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & ~Qt.KeyboardModifier.ShiftModifier:
            text = self.text()
            self.history.add(text)
            self.clear()
            self.submitted.emit(text)
        elif key == Qt.Key.Key_Up and not mods:
            self._show(self.history.previous(self.text()))
        elif key == Qt.Key.Key_Down and not mods:
            self._show(self.history.next())
        elif mods == Qt.KeyboardModifier.ControlModifier and (
                key == Qt.Key.Key_D or (key == Qt.Key.Key_C and not self.hasSelectedText())):
            self.control_key.emit("c" if key == Qt.Key.Key_C else "d")
        else:
            super().keyPressEvent(event)

    def _show(self, text: str | None) -> None:
        if text is not None:
            self.setText(text)
            self.end(False)
