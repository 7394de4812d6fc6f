"""The console's output area: a read-only text view that the console draws lines into.

Each completed line is one block of the document and the last block shows the live line (the one
the board is still writing). `draw()` appends a batch of lines, drops as many blocks from the top
as the scrollback asks, and redraws the live line, all in one edit block; it keeps the view at
the bottom only when the user was there. Frame lines of tracebacks carry a link (an anchor whose
href is a `file:` URL with `#L<line>`); clicking one emits `link_activated`.

The scrollback is trimmed here, inside the same edit block as the append, rather than with
`QTextDocument.setMaximumBlockCount`: measured with a QPlainTextEdit on screen, Qt's own limit
appends about 50,000 lines/s once the document is full, the explicit trim about 300,000.
"""

from __future__ import annotations

import time
from typing import Iterable

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (QFontDatabase, QKeyEvent, QMouseEvent, QTextCharFormat, QTextCursor, QTextDocument,
                           QTextOption)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ide.gui.console_lines import Line, Span
from ide.gui.console_theme import Formats

__all__ = ["OutputView", "location_url", "parse_location", "stamp_text", "find_all"]

Run = tuple[QTextCharFormat, list[str]]
_BAD_SEPARATORS = ("\u2028", "\u2029")     # Qt would start a new line (or block) at these


def location_url(path: str, line: int) -> str:
    url = QUrl.fromLocalFile(path)
    url.setFragment(f"L{line}")
    return url.toString()


def parse_location(href: str) -> tuple[str, int] | None:
    url = QUrl(href)
    fragment = url.fragment()
    if not url.isLocalFile() or not fragment.startswith("L") or not fragment[1:].isdigit():
        return None
    return url.toLocalFile(), int(fragment[1:])


def stamp_text(stamp: float) -> str:
    """HH:MM:SS.mmm in local time."""
    seconds = int(stamp)
    return time.strftime("%H:%M:%S", time.localtime(seconds)) + f".{int((stamp - seconds) * 1000):03d}"


class _RunBuilder:
    """Collects (format, text) runs, merging neighbours with the same format."""

    def __init__(self, formats: Formats, stamps: bool) -> None:
        self.formats = formats
        self.stamps = stamps
        self.runs: list[Run] = []
        self._fmt: QTextCharFormat | None = None
        self._parts: list[str] = []
        self._stamp: float | None = None
        self._stamp_text = ""

    def add(self, text: str, fmt: QTextCharFormat) -> None:
        if fmt is self._fmt:
            self._parts.append(text)
        else:
            self._parts = [text]
            self._fmt = fmt
            self.runs.append((fmt, self._parts))

    def line(self, spans: Iterable[Span], stamp: float | None, level: str | None = None,
             link: tuple[str, int] | None = None) -> None:
        if self.stamps and stamp is not None:
            if stamp != self._stamp:
                self._stamp, self._stamp_text = stamp, stamp_text(stamp) + " "
            self.add(self._stamp_text, self.formats.stamp)
        if link is not None:
            self._link_line("".join(text for text, _style in spans), link)
            return
        get = self.formats.get
        for text, style in spans:
            self.add(text, get(style, level))

    def _link_line(self, text: str, link: tuple[str, int]) -> None:
        body = text.lstrip()
        if len(body) < len(text):
            self.add(text[:len(text) - len(body)], self.formats.plain)
        self.add(body, self.formats.link(location_url(*link)))

    def lines(self, lines: Iterable[Line]) -> "_RunBuilder":
        """Add whole lines, each with its newline. The hot loop of drawing: `add` is inlined for
        the usual line (no stamp, no link)."""
        get = self.formats.get
        for spans, stamp, _number, level, link in lines:
            if link is not None or (self.stamps and stamp is not None):
                self.line(spans, stamp, level, link)
            else:
                for text, style in spans:
                    fmt = get(style, level)
                    if fmt is self._fmt:
                        self._parts.append(text)
                    else:
                        self.add(text, fmt)
            if self._fmt is not None:
                self._parts.append("\n")
            else:
                self.add("\n", self.formats.plain)
        return self


class OutputView(QPlainTextEdit):
    """The read-only output area (see the module docstring)."""

    link_activated = Signal(str, int)
    typed = Signal(str)              # printable text typed while the view has focus
    control_key = Signal(str)        # "c" (no text selected) or "d", pressed with Ctrl

    def __init__(self, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console-output")
        self.formats = formats
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.timestamps = False
        self._cursor = QTextCursor(self.document())
        self._tail_drawn = False
        self._press: QPoint | None = None
        self.apply_theme()

    def apply_theme(self) -> None:
        self.setPalette(self.formats.palette(self.palette()))

    # -- drawing ------------------------------------------------------------------------------
    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum()

    def draw(self, lines: list[Line], drop: int, live: tuple[list[Span], float | None] | None) -> None:
        """Append `lines`, remove `drop` blocks from the top, and show `live` (when given) as the
        last block."""
        bottom = self.at_bottom()
        bar = self.verticalScrollBar()
        value = bar.value()
        doc = self.document()
        cursor = self._cursor
        cursor.beginEditBlock()
        if lines or live is not None:
            self._erase_tail(cursor)
        if lines:
            self._insert(cursor, _RunBuilder(self.formats, self.timestamps).lines(lines).runs)
        if drop > 0:
            top = QTextCursor(doc)
            top.setPosition(doc.findBlockByNumber(drop).position(), QTextCursor.MoveMode.KeepAnchor)
            top.removeSelectedText()
        if live is not None:
            builder = _RunBuilder(self.formats, self.timestamps)
            builder.line(*live)
            self._insert(cursor, builder.runs)
            self._tail_drawn = bool(builder.runs)
        cursor.endEditBlock()
        if bottom:
            bar.setValue(bar.maximum())
        elif drop > 0:
            bar.setValue(max(0, value - drop))

    def redraw(self, block_number: int, line: Line) -> None:
        """Draw `line` again into block `block_number` (it got a level or a link)."""
        block = self.document().findBlockByNumber(block_number)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        builder = _RunBuilder(self.formats, self.timestamps)
        spans, stamp, _number, level, link = line
        builder.line(spans, stamp, level, link)
        self._insert(cursor, builder.runs)
        cursor.endEditBlock()

    def reset(self) -> None:
        """Empty the document."""
        self.document().clear()
        self._cursor = QTextCursor(self.document())
        self._tail_drawn = False

    def _erase_tail(self, cursor: QTextCursor) -> None:
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if self._tail_drawn:
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            self._tail_drawn = False

    @staticmethod
    def _insert(cursor: QTextCursor, runs: list[Run]) -> None:
        for fmt, parts in runs:
            text = "".join(parts)
            if _BAD_SEPARATORS[0] in text or _BAD_SEPARATORS[1] in text:
                text = text.replace(_BAD_SEPARATORS[0], " ").replace(_BAD_SEPARATORS[1], " ")
            cursor.insertText(text, fmt)

    # -- links and keys -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        pressed, self._press = self._press, None
        dragged = self.textCursor().hasSelection()      # the user selected text rather than clicked
        super().mouseReleaseEvent(event)
        if pressed is None or dragged or (pos - pressed).manhattanLength() > 4:
            return
        location = parse_location(self.anchorAt(pos))
        if location is not None:
            self.link_activated.emit(*location)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        over_link = bool(self.anchorAt(event.position().toPoint()))
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over_link else Qt.CursorShape.IBeamCursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_C, Qt.Key.Key_D):
            if event.key() == Qt.Key.Key_D or not self.textCursor().hasSelection():
                self.control_key.emit("c" if event.key() == Qt.Key.Key_C else "d")
                return
        text = event.text()
        if text and text.isprintable() and not mods & ~Qt.KeyboardModifier.ShiftModifier:
            self.typed.emit(text)
            return
        super().keyPressEvent(event)


def find_all(doc: QTextDocument, text: str, limit: int) -> list[QTextCursor]:
    """Up to `limit` matches of `text` in `doc` (case-insensitive)."""
    found: list[QTextCursor] = []
    cursor = QTextCursor(doc)
    while len(found) < limit:
        cursor = doc.find(text, cursor)
        if cursor.isNull():
            break
        found.append(cursor)
    return found
