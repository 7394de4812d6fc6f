"""The serial console: the board's output with colours and clickable tracebacks, and an input line.

`ConsoleWidget.feed(data)` only queues the bytes a device worker received (call it on the GUI
thread: connect the worker's output signal to it, which queues across threads). A single-shot timer
(`BATCH_INTERVAL_MS`) then runs the queue through `ide.core.console.ConsoleStream` and draws the
resulting lines in time-boxed slices: each slice parses for at most `PARSE_BUDGET` seconds and
draws until `SLICE_BUDGET`, and when work is left the next slice runs as soon as the event loop
has handled whatever else is waiting (painting, input, other timers). So a board printing
megabytes never freezes the window; lines that would scroll out of the bounded scrollback before
they are drawn are dropped unseen (`ide.gui.console_lines`).

The widget talks to the device only through signals: `send_bytes` (a typed line plus "\\r"),
`interrupt_requested` (Ctrl+C), `soft_reset_requested` (Ctrl+D), `hard_reset_requested`; it
reports `open_location(path, line)` when a traceback frame is clicked, `state_changed(state)`
(`reset`, `booting`, `running`, `prompt`) and `banner_seen(version, date, machine)`.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextDocument
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QLineEdit, QMessageBox, QStyle, QTextEdit,
                               QToolBar, QVBoxLayout, QWidget)

from ide.core.console import ConsoleStream, PathMapper
from ide.gui.console_input import InputLine
from ide.gui.console_lines import ConsoleLines
from ide.gui.console_theme import Formats
from ide.gui.console_view import OutputView, find_all
from ide.gui.worker import BUSY, CONNECTING, IDLE, LOST
from ide.i18n import _

__all__ = ["ConsoleWidget", "ConsoleView", "MAX_LINES", "BATCH_INTERVAL_MS"]

MAX_LINES = 10_000            # default scrollback, in lines
BATCH_INTERVAL_MS = 30        # how long output may wait before it is drawn
PARSE_BUDGET = 0.010          # seconds of parsing per slice
SLICE_BUDGET = 0.016          # seconds of parsing and drawing per slice
PARSE_PIECE = 16 * 1024       # bytes parsed at a time
DRAW_BATCH = 250              # lines drawn at a time
MATCH_LIMIT = 1000            # search matches highlighted at most


class ConsoleWidget(QWidget):
    """The console: toolbar, output view and input line (see the module docstring)."""

    send_bytes = Signal(bytes)
    interrupt_requested = Signal()
    soft_reset_requested = Signal()
    hard_reset_requested = Signal()
    open_location = Signal(str, int)
    state_changed = Signal(str)
    banner_seen = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None, *, max_lines: int = MAX_LINES,
                 interval_ms: int = BATCH_INTERVAL_MS, theme: str = "light") -> None:
        super().__init__(parent)
        self.setObjectName("console")
        self.state = ""
        self._stream = ConsoleStream()
        self._lines = ConsoleLines(max_lines)
        self._formats = Formats(self._lines.styles, theme)
        self._queue: deque[tuple[bytes, float]] = deque()
        self._offset = 0                      # bytes of the queue's first chunk already parsed
        self._interval = interval_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._slice)
        self.view = OutputView(self._formats, self)
        self.view.setPlaceholderText(placeholder_text(""))
        self.input = InputLine(self)
        self.input.setPlaceholderText(_("Type a line for the board and press Enter"))
        self.input.setToolTip(_("Sends the line to the board; Up and Down recall earlier lines"))
        self._build_toolbar()
        self._build_shortcuts()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.input)
        self.view.link_activated.connect(self.open_location)
        self.view.typed.connect(self._typed_in_view)
        self.view.control_key.connect(self._control_key)
        self.input.control_key.connect(self._control_key)
        self.input.submitted.connect(self._submit)

    # -- construction -------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = self.toolbar = QToolBar(self)
        bar.setObjectName("console-toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.interrupt_action = self._action(_("Interrupt"), _("Interrupt the running program"),
                                             self.interrupt_requested.emit)
        self.soft_reset_action = self._action(_("Soft reset"),
                                              _("Restart Python on the board and run the program again"),
                                              self.soft_reset_requested.emit)
        self.hard_reset_action = self._action(_("Hard reset"), _("Reset the board's chip, as its reset button does"),
                                              self.hard_reset_requested.emit)
        bar.addSeparator()
        self.timestamps_action = self._action(_("Timestamps"), _("Show the time each line arrived"),
                                              self.set_timestamps)
        self.timestamps_action.setCheckable(True)
        bar.addSeparator()
        self.search_field = QLineEdit(bar)
        self.search_field.setObjectName("console-search")
        self.search_field.setPlaceholderText(_("Find"))
        self.search_field.setToolTip(_("Text to find in the output"))
        self.search_field.setMaximumWidth(220)
        self.search_field.textChanged.connect(self._search_changed)
        self.search_field.returnPressed.connect(self._search_return)
        bar.addWidget(self.search_field)
        style = self.style()
        self.find_previous_action = self._action(_("Previous match"), _("Find the previous match"),
                                                 lambda: self.find(backward=True))
        self.find_next_action = self._action(_("Next match"), _("Find the next match"), lambda: self.find())
        for action, icon in ((self.find_previous_action, QStyle.StandardPixmap.SP_ArrowUp),
                             (self.find_next_action, QStyle.StandardPixmap.SP_ArrowDown)):
            action.setIcon(style.standardIcon(icon))
            bar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.match_label = QLabel(bar)
        self.match_label.setObjectName("console-matches")
        bar.addWidget(self.match_label)
        bar.addSeparator()
        self.save_action = self._action(_("Save log..."), _("Save the console output to a file"), self._save_dialog)
        self.clear_action = self._action(_("Clear"), _("Clear the console output"), self.clear)

    def _action(self, text: str, tip: str, slot) -> QAction:
        action = self.toolbar.addAction(text)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_shortcuts(self) -> None:
        self.find_action = QAction(_("Find in the output"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        self.find_next_action.setShortcut(QKeySequence.StandardKey.FindNext)
        self.find_previous_action.setShortcut(QKeySequence.StandardKey.FindPrevious)
        for action in (self.find_action, self.find_next_action, self.find_previous_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addActions([self.find_action, self.find_next_action, self.find_previous_action])

    # -- output -------------------------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        """Queue bytes the board sent; they are drawn within `BATCH_INTERVAL_MS`."""
        if not data:
            return
        self._queue.append((bytes(data), time.time()))
        if not self._timer.isActive():
            self._timer.start(self._interval)

    def flush(self) -> None:
        """Parse and draw everything queued now, without time limits."""
        self._timer.stop()
        self._parse(None)
        self._draw(None)
        self._emit_notices()

    def clear(self) -> None:
        """Empty the output (what was received so far still counts for tracebacks and colours)."""
        self._parse(None)
        self._lines.clear()
        self._lines.cleared = False
        self.view.reset()
        self._lines.live_dirty = True
        self._draw(None)
        self._highlight_matches()

    def queued_bytes(self) -> int:
        """Bytes fed but not parsed yet."""
        return sum(len(data) for data, _stamp in self._queue) - self._offset

    def is_idle(self) -> bool:
        """True when everything fed has been parsed and drawn."""
        return not self._queue and not self._lines.pending and not self._lines.live_dirty

    def text(self) -> str:
        """The plain text shown (with timestamps when they are on)."""
        return self.view.toPlainText()

    def save_log(self, path: str | Path) -> None:
        """Write the text shown to `path` (UTF-8). Raises OSError."""
        self.flush()
        Path(path).write_text(self.text(), encoding="utf-8")

    def set_path_mapper(self, mapper: PathMapper | None) -> None:
        """Map traceback frames to project files with `mapper` (None: no links)."""
        self._stream.map_path = mapper.map_path if mapper is not None else None

    def reset_stream(self) -> None:
        """Forget half-received characters and the current colours (after a reconnect)."""
        self._parse(None)
        self._stream.reset()

    def set_theme(self, name: str) -> None:
        """"light" or "dark"."""
        self._formats.set_theme(name)
        self.view.apply_theme()
        self._redraw_all()

    def theme(self) -> str:
        return self._formats.name

    def set_timestamps(self, on: bool) -> None:
        """Prefix each line with the time it arrived (HH:MM:SS.mmm)."""
        on = bool(on)
        self.timestamps_action.setChecked(on)
        if on != self.view.timestamps:
            self.view.timestamps = on
            self._redraw_all()

    def timestamps(self) -> bool:
        return self.view.timestamps

    def set_max_lines(self, count: int) -> None:
        """Keep at most `count` lines of scrollback."""
        self.flush()
        self._lines.set_max_lines(count)
        del self._lines.shown[:max(0, len(self._lines.shown) - (self._lines.max_lines - 1))]
        self._redraw_all()

    def max_lines(self) -> int:
        return self._lines.max_lines

    def set_device_state(self, state: str) -> None:
        """Follow the device worker's state: what the empty output says, and whether the input
        line and the device buttons work (while a board is connected)."""
        self.set_device_enabled(state in (IDLE, BUSY))
        self.view.setPlaceholderText(placeholder_text(state))

    def set_device_enabled(self, enabled: bool) -> None:
        """Enable the input line and the device buttons (when a board is connected)."""
        for action in (self.interrupt_action, self.soft_reset_action, self.hard_reset_action):
            action.setEnabled(enabled)
        self.input.setEnabled(enabled)

    # QPlainTextEdit-like accessors, for code that treats the console as its text view.
    def isReadOnly(self) -> bool:  # noqa: N802 (Qt naming)
        return self.view.isReadOnly()

    def placeholderText(self) -> str:  # noqa: N802
        return self.view.placeholderText()

    # -- the batched pipeline -----------------------------------------------------------------
    def _slice(self) -> None:
        start = time.perf_counter()
        self._parse(start + PARSE_BUDGET)
        self._draw(start + SLICE_BUDGET)
        self._emit_notices()
        if self._queue or self._lines.pending:
            self._timer.start(0)

    def _parse(self, deadline: float | None) -> None:
        queue, feed, apply = self._queue, self._stream.feed, self._lines.apply
        while queue:
            data, stamp = queue[0]
            if self._offset == 0 and len(data) <= PARSE_PIECE:
                queue.popleft()
                piece = data
            else:
                piece = data[self._offset:self._offset + PARSE_PIECE]
                self._offset += len(piece)
                if self._offset >= len(data):
                    queue.popleft()
                    self._offset = 0
            apply(feed(piece), stamp)
            if deadline is not None and time.perf_counter() >= deadline:
                break

    def _draw(self, deadline: float | None) -> None:
        lines = self._lines
        if lines.cleared:
            lines.cleared = False
            self.view.reset()
        if lines.changed:
            self._redraw_changed()
        pending, shown, keep = lines.pending, lines.shown, lines.max_lines - 1
        while pending:
            batch = [pending.popleft() for _ in range(min(DRAW_BATCH, len(pending)))]
            shown.extend(batch)
            drop = max(0, len(shown) - keep)
            del shown[:drop]
            live = self._take_live() if not pending else None
            self.view.draw(batch, drop, live)
            if deadline is not None and time.perf_counter() >= deadline:
                break
        if not pending and lines.live_dirty:
            self.view.draw([], 0, self._take_live())

    def _take_live(self):
        live = self._lines.live
        self._lines.live_dirty = False
        return live.spans, live.stamp

    def _redraw_changed(self) -> None:
        shown = self._lines.shown
        for line in self._lines.changed:
            for index in range(len(shown) - 1, max(-1, len(shown) - 1 - MAX_LINES), -1):
                if shown[index] is line:
                    self.view.redraw(index, line)
                    break
        self._lines.changed.clear()

    def _redraw_all(self) -> None:
        """Draw every shown line again (new theme, timestamps or scrollback), keeping the scroll
        position."""
        bar = self.view.verticalScrollBar()
        bottom, value = self.view.at_bottom(), bar.value()
        self._lines.changed.clear()
        self.view.reset()
        self.view.draw(self._lines.shown, 0, self._take_live())
        bar.setValue(bar.maximum() if bottom else value)
        self._highlight_matches()

    def _emit_notices(self) -> None:
        for notice in self._lines.take_notices():
            if notice[0] == "state":
                self.state = notice[1]
                self.state_changed.emit(notice[1])
            else:
                self.banner_seen.emit(*notice[1:])

    # -- input --------------------------------------------------------------------------------
    def _submit(self, text: str) -> None:
        self.send_bytes.emit(text.encode("utf-8") + b"\r")

    def _control_key(self, key: str) -> None:
        (self.interrupt_requested if key == "c" else self.soft_reset_requested).emit()

    def _typed_in_view(self, text: str) -> None:
        self.input.setFocus()
        self.input.insert(text)

    # -- search -------------------------------------------------------------------------------
    def find(self, text: str | None = None, backward: bool = False) -> bool:
        """Select the next (or previous) match of `text` (default: the search field's), wrapping
        around; every match is highlighted. False when there is none."""
        if text is not None and text != self.search_field.text():
            self.search_field.setText(text)
        text = self.search_field.text()
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.view.find(text, flags)
        if not found:
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            found = self.view.find(text, flags)
        self._highlight_matches()
        return found

    def matches(self) -> int:
        """How many matches are highlighted."""
        return len(self.view.extraSelections())

    def _search_changed(self, _text: str) -> None:
        self._highlight_matches()

    def _search_return(self) -> None:
        shift = QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        self.find(backward=bool(shift))

    def _highlight_matches(self) -> None:
        text = self.search_field.text()
        cursors = find_all(self.view.document(), text, MATCH_LIMIT) if text else []
        selections = []
        for cursor in cursors:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format.setBackground(QColor(*self._formats.theme.match))
            selections.append(selection)
        self.view.setExtraSelections(selections)
        if not text:
            self.match_label.setText("")
        elif not cursors:
            self.match_label.setText(_("Not found"))
        else:
            self.match_label.setText(_("{count} matches").format(count=len(cursors)))

    def _focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    # -- saving -------------------------------------------------------------------------------
    def _save_dialog(self) -> None:
        name = time.strftime("console-%Y%m%d-%H%M%S.log")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save console log"), str(Path.home() / name),
                                                    _("Log files (*.log *.txt);;All files (*)"))
        if not path:
            return
        try:
            self.save_log(path)
        except OSError as exc:
            QMessageBox.warning(self, _("Save console log"),
                                _("Cannot save the log to {path}: {reason}").format(path=path, reason=exc.strerror))


def placeholder_text(state: str) -> str:
    """What the empty console says for a device worker state (the status bar says it in brief)."""
    if state in (IDLE, BUSY):
        return _("Connected. The board's output appears here: press Enter in the line below to see "
                 "its prompt, or Deploy to run the project.")
    if state == CONNECTING:
        return _("Connecting to the board...")
    if state == LOST:
        return _("The connection to the board was lost; it is tried again every second.")
    return _("Connect a board, or pick the virtual board, to see its output here.")


ConsoleView = ConsoleWidget
"""The name the main window knows the console by."""
