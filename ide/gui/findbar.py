"""The find bar: find and replace in the current editor, placed by the main window under it.

One row to find (the text, previous/next, match case, whole word, regular expression, close),
one row to replace (shown by `open(replace=True)`). Enter finds the next match, Shift+Enter the
previous, Escape closes the bar and gives the focus back to the editor. `install_shortcuts(host)`
adds Ctrl+F, Ctrl+H, F3 and Shift+F3 to a host widget (the main window or an editor pane).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ide.gui.editor_search import SearchError, SearchOptions, find, replace, replace_all
from ide.i18n import _


class FindBar(QWidget):
    """Find/replace for one `CodeEditor` at a time (`set_editor`)."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None, editor=None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.editor = editor
        self._build()
        self.show_replace(False)

    def _build(self) -> None:
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(_("Find in this file"))
        self.find_edit.setClearButtonEnabled(True)
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setPlaceholderText(_("Replace with (\\1 inserts a regex group)"))
        self.previous_button = self._button("\u2191", _("Go to the previous match in the file"), self.find_previous)
        self.next_button = self._button("\u2193", _("Go to the next match in the file"), self.find_next)
        self.replace_button = self._button(_("Replace"), _("Replace this match and find the next"), self.replace)
        self.replace_all_button = self._button(_("Replace all"), _("Replace every match in the file"), self.replace_all)
        self.close_button = self._button("\u2715", _("Close the find bar"), self.close_bar)
        self.case_box = self._check(_("Match case"))
        self.word_box = self._check(_("Whole words"))
        self.regex_box = self._check(_("Regular expression"))
        self.status_label = QLabel(self)
        self.status_label.setObjectName("find-status")
        self.find_edit.textEdited.connect(lambda _text: self._search(incremental=True))
        self._lay_out()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setSpacing(4)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addLayout(self._row(self.previous_button, self.next_button, self.case_box, self.word_box,
                                 self.regex_box, self.status_label), 0, 1)
        grid.addWidget(self.close_button, 0, 2)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addLayout(self._row(self.replace_button, self.replace_all_button), 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

    def _row(self, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _check(self, text: str) -> QCheckBox:
        box = QCheckBox(text, self)
        box.toggled.connect(lambda _on: self._search(incremental=True))
        return box

    # -- public API --------------------------------------------------------------------------
    def set_editor(self, editor) -> None:
        """Search in `editor` from now on (None: nothing to search)."""
        self.editor = editor

    def show_replace(self, shown: bool) -> None:
        for widget in (self.replace_edit, self.replace_button, self.replace_all_button):
            widget.setVisible(shown)

    def open(self, replace: bool = False) -> None:
        """Show the bar (with the replace row when `replace`), seeded with the editor's one-line selection."""
        self.show_replace(replace)
        selected = self._selected_text()
        if selected and "\n" not in selected:
            self.find_edit.setText(selected)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def options(self) -> SearchOptions:
        return SearchOptions(self.case_box.isChecked(), self.word_box.isChecked(), self.regex_box.isChecked())

    def find_next(self) -> bool:
        return self._search(forward=True)

    def find_previous(self) -> bool:
        return self._search(forward=False)

    def replace(self) -> bool:
        """Replace the selected match and select the next one."""
        return bool(self._run(lambda: replace(self.editor, self.find_edit.text(), self.replace_edit.text(),
                                                self.options())))

    def replace_all(self) -> int:
        """Replace every match; returns the count (also shown in the bar)."""
        count = self._run(lambda: replace_all(self.editor, self.find_edit.text(), self.replace_edit.text(),
                                              self.options()))
        if count is not None:
            self._status(_("{count} replaced").format(count=count))
        return count or 0

    def close_bar(self) -> None:
        self.hide()
        if self.editor is not None:
            QWidget.setFocus(self.editor)  # not ScintillaEdit.setFocus(bool)
        self.closed.emit()

    def install_shortcuts(self, host: QWidget) -> None:
        """Ctrl+F (find), Ctrl+H (replace), F3 / Shift+F3 (next / previous) on `host` and its children."""
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for sequence, slot in ((QKeySequence.StandardKey.Find, lambda: self.open(False)),
                               (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_H), lambda: self.open(True)),
                               (QKeySequence.StandardKey.FindNext, self.find_next),
                               (QKeySequence.StandardKey.FindPrevious, self.find_previous)):
            shortcut = QShortcut(sequence, host)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- internals ---------------------------------------------------------------------------
    def _selected_text(self) -> str:
        if self.editor is None:
            return ""
        return bytes(self.editor.getSelText()).decode("utf-8", "replace").rstrip("\0")

    def _search(self, forward: bool = True, incremental: bool = False) -> bool:
        found = self._run(lambda: find(self.editor, self.find_edit.text(), self.options(), forward,
                                       incremental=incremental))
        if found is not None:
            self._status("" if found or not self.find_edit.text() else _("No matches"))
        return bool(found)

    def _run(self, search):
        """Run `search` on the editor; None (and a message) for a bad regular expression or no editor."""
        if self.editor is None:
            return None
        try:
            return search()
        except SearchError:
            self._status(_("Invalid regular expression"))
            return None

    def _status(self, text: str) -> None:
        self.status_label.setText(text)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_bar()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.replace_edit.hasFocus():
                self.replace()
            elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.find_previous()
            else:
                self.find_next()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
