"""board.json as a form beside its text, both kept in sync, diagnostics shown on both.

`BoardJsonForm` shows one row per node of "io" (name, type, port and the type's fields, with pin
pickers limited to what the chosen board can use) under the top-level keys. `set_text()` loads a
text; each edit in the form writes the whole text again in the file's own style (key order,
unknown keys, indentation and untouched values kept, see `boardjson_doc`) and emits it through
`text_changed`. While the text is not valid JSON the form is disabled and shows why; it never
writes over such a text. `set_diagnostics()` pins each `Diagnostic` on the row and cell it is
about, using the positions of the text the form was last given or wrote.

`BoardJsonEditor` puts the form and a `CodeEditor` side by side: text edits reach the form after a
short pause, form edits reach the text at once, and `check_board_json` runs after each change
settles; its diagnostics go to the form and, when the editor can show them, to the editor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from ide.core.boardjson import Diagnostic, check_board_json
from ide.core.boardjson_parse import JsonSyntaxError, parse
from ide.core.boardjson_rules import NODE_TYPES, Field
from ide.core.boards import Board, get_board
from ide.core.errors import IdeError
from ide.gui.boardjson_doc import TOP, UNSET, BoardDoc, Obj, Positions
from ide.gui.boardjson_fields import RawEdit, allowed_numbers
from ide.gui.boardjson_rows import STYLE_SHEET, WHOLE, NodeRow, TopLevelBox, set_severity
from ide.gui.editor import CodeEditor
from ide.i18n import _

NEW_NODE_TYPE = "GPIO"
CHECK_DELAY_MS = 300
# Scintilla's modification flags (SC_MOD_INSERTTEXT, SC_MOD_DELETETEXT): the text itself changed,
# not only markers, annotations or indicators (which diagnostics change).
TEXT_CHANGED = 0x1 | 0x2


def lookup_board(board_id: str | None) -> Board | None:
    """The catalogue's board `board_id`; None for no id or an unknown one (pins are then not limited)."""
    if not board_id:
        return None
    try:
        return get_board(board_id)
    except IdeError:
        return None


def fits_rule(spec: Field, value: Any) -> bool:
    """True when `value` is a valid value of `spec` (right kind, allowed choice)."""
    if spec.kind == "int" and type(value) is not int:
        return False
    if spec.kind == "str" and not isinstance(value, str):
        return False
    return not spec.choices or value in spec.choices


class BoardJsonForm(QWidget):
    """The board.json form: top-level keys, then one row per node. See the module docstring."""

    text_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardjson-form")
        self.setStyleSheet(STYLE_SHEET)
        self._text: str | None = None
        self._doc: BoardDoc | None = None
        self._valid = False
        self._positions: Positions | None = None
        self._diagnostics: tuple[str | None, list[Diagnostic]] = (None, [])
        self._board: Board | None = None
        self._rows: list[NodeRow] = []
        self.top: TopLevelBox | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setObjectName("boardjson-banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.content = QWidget()
        self.content.setEnabled(False)
        self.body = QVBoxLayout(self.content)
        self.board_label = QLabel()
        self.board_label.setWordWrap(True)
        self.body.addWidget(self.board_label)
        heading = QHBoxLayout()
        heading.addWidget(QLabel(_("Nodes (\"io\")")))
        heading.addStretch(1)
        self.add_button = QPushButton(_("Add node"))
        self.add_button.setToolTip(_("Add a GPIO node at the end; change its type and fields in its row"))
        self.add_button.clicked.connect(lambda: self.add_node())
        heading.addWidget(self.add_button)
        self.body.addLayout(heading)
        self.no_nodes = QLabel()
        self.no_nodes.setWordWrap(True)
        self.body.addWidget(self.no_nodes)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(4)
        self.body.addLayout(self.rows_layout)
        self.body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.content)
        layout.addWidget(scroll)
        self._show_board()

    # -- public API -----------------------------------------------------------------------------
    def text(self) -> str:
        """The text the form was last given or wrote ("" before any)."""
        return self._text or ""

    def is_valid(self) -> bool:
        """True when the form shows the current text and can edit it."""
        return self._valid

    def rows(self) -> list[NodeRow]:
        return list(self._rows)

    def row(self, name: str) -> NodeRow:
        """The first row of node `name` (KeyError when there is none)."""
        for row in self._rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def banner_text(self) -> str:
        return self.banner.text() if not self.banner.isHidden() else ""

    def set_text(self, text: str) -> None:
        """Show `text` in the form; an invalid text disables the form and is kept as it is."""
        if text == self._text:
            return
        self._text = text
        try:
            parsed = parse(text)
            doc = BoardDoc.from_parsed(text, parsed.root)
        except JsonSyntaxError as exc:
            self._invalid(_("The text is not valid JSON (line {line}, column {col}): {message}. "
                            "Fix it in the text; the form follows.")
                          .format(line=exc.line, col=exc.col, message=exc.message))
            return
        except ValueError:
            self._invalid(_("board.json must be a JSON object ({{...}}); fix it in the text.").format())
            return
        self._doc, self._valid = doc, True
        self._positions = Positions(text, parsed.root)
        self.content.setEnabled(True)
        self._show_banner([])
        self._rebuild()

    def set_board(self, board_id: str | None) -> None:
        """Offer the pins of board `board_id` (None or unknown: any number)."""
        self._board = lookup_board(board_id)
        self._show_board()
        if self._doc is not None:
            self._rebuild()

    def board(self) -> Board | None:
        return self._board

    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        """Pin each diagnostic on its row and cell; the ones without a place go to the banner."""
        self._diagnostics = (self._text, list(diagnostics))
        self._apply_diagnostics()

    def add_node(self, node_type: str = NEW_NODE_TYPE, name: str | None = None) -> int:
        """Append a node of `node_type` with its required fields; its row number (-1 when disabled)."""
        if not self._editable():
            return -1
        node = Obj([])
        node.set("type", node_type)
        self._fill_required(node, node_type)
        if node_type == "GPIO":
            node.set("dir", "output")
        index = self._doc.insert_node(len(self._doc.nodes()), name or self._doc.unique_name(node_type.lower()),
                                      node)
        self._rebuild()
        self._commit()
        return index

    def remove_node(self, index: int) -> None:
        if self._editable() and 0 <= index < len(self._doc.nodes()):
            self._doc.remove_node(index)
            self._rebuild()
            self._commit()

    def duplicate_node(self, index: int) -> int:
        if not self._editable() or not 0 <= index < len(self._doc.nodes()):
            return -1
        new = self._doc.duplicate_node(index)
        self._rebuild()
        self._commit()
        return new

    # -- edits from the rows --------------------------------------------------------------------
    def _editable(self) -> bool:
        return self._valid and self._doc is not None

    def _on_edited(self, index: int, key: Any, value: Any) -> None:
        if not self._editable():
            return
        member = self._doc.nodes()[index]
        if key == WHOLE:
            member.value = value if value is not UNSET else Obj([])
        elif isinstance(member.value, Obj):
            member.value.set(key, value)
        if key in (WHOLE, "dir") or isinstance(self._rows[index].cell(key), RawEdit):
            self._replace_row(index)
        self._commit()

    def _on_renamed(self, index: int, name: str) -> None:
        if self._editable():
            self._doc.rename_node(index, name)
            self._commit()

    def _on_type(self, index: int, new_type: str) -> None:
        if not self._editable():
            return
        node = self._doc.nodes()[index].value
        old = node.get("type")
        old_fields = NODE_TYPES[old].fields if isinstance(old, str) and old in NODE_TYPES else {}
        new_fields = NODE_TYPES[new_type].fields
        node.set("type", new_type)
        for key in old_fields:
            if node.has(key) and not self._still_applies(node, key, new_fields.get(key)):
                node.unset(key)
        self._fill_required(node, new_type)
        self._replace_row(index)
        self._commit()

    def _still_applies(self, node: Obj, key: str, spec: Field | None) -> bool:
        """After a type change: does the value of `key` fit the new type's field (and the board)?"""
        value = node.get(key)
        if spec is None or not fits_rule(spec, value):
            return False
        allowed = allowed_numbers(self._board.pins if self._board else None, spec.role, node.get("dir", "output"))
        return allowed is None or value in allowed

    def _on_top(self, key: Any, value: Any) -> None:
        if self._editable():
            self._doc.root.set(key, value)
            if key == "io" or isinstance(self.top.cell(key), RawEdit):
                self._rebuild()
            self._commit()

    def _fill_required(self, node: Obj, node_type: str) -> None:
        """Give `node` the required fields of its type it lacks: a free usable pin, else 0."""
        for key, spec in NODE_TYPES[node_type].fields.items():
            if spec.required and not node.has(key):
                node.set(key, self._free_number(node_type, spec.role, node.get("dir", "output")))

    def _free_number(self, node_type: str, role: str, direction: Any) -> int:
        pins = self._board.pins if self._board else None
        allowed = list(allowed_numbers(pins, role, direction) or [])
        taken = {m.value.get("port") for m in self._doc.nodes()
                 if isinstance(m.value, Obj) and m.value.get("type") == node_type}
        return next((n for n in allowed if n not in taken), allowed[0] if allowed else 0)

    def _commit(self) -> None:
        text = self._doc.dumps()
        if text == self._text:
            return
        self._text = text
        self._positions = Positions(text, parse(text).root)
        self.text_changed.emit(text)

    # -- building -------------------------------------------------------------------------------
    def _invalid(self, message: str) -> None:
        self._valid = False
        self.content.setEnabled(False)
        self._show_banner([message], "error")

    def _show_banner(self, lines: list[str], severity: str | None = None) -> None:
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))
        set_severity(self.banner, severity)

    def _show_board(self) -> None:
        if self._board is None or self._board.pins is None:
            text = _("No board chosen, or no pin table for it: any pin number is accepted.")
        else:
            text = _("Pins offered for {board}.").format(board=self._board.name())
        self.board_label.setText(text)

    def _rebuild(self) -> None:
        for widget in [self.top, *self._rows]:
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.top = TopLevelBox(self._doc.root)
        self.top.edited.connect(self._on_top)
        self.body.insertWidget(0, self.top)
        self._rows = [self._make_row(i) for i in range(len(self._doc.nodes()))]
        for row in self._rows:
            self.rows_layout.addWidget(row)
        io = self._doc.io()
        self.add_button.setEnabled(io is None or isinstance(io, Obj))
        self.no_nodes.setText(_("\"io\" is not an object; fix it in the text.") if io is not None
                              and not isinstance(io, Obj) else _("No nodes yet: press Add node."))
        self.no_nodes.setVisible(not self._rows)
        self._apply_diagnostics()

    def _make_row(self, index: int) -> NodeRow:
        pins = self._board.pins if self._board else None
        row = NodeRow(index, self._doc.nodes()[index], pins)
        row.edited.connect(self._on_edited)
        row.renamed.connect(self._on_renamed)
        row.type_chosen.connect(self._on_type)
        row.remove_requested.connect(self.remove_node)
        row.duplicate_requested.connect(self.duplicate_node)
        return row

    def _replace_row(self, index: int) -> None:
        old = self._rows[index]
        new = self._make_row(index)
        self.rows_layout.replaceWidget(old, new)
        old.hide()
        old.deleteLater()
        self._rows[index] = new

    def _apply_diagnostics(self) -> None:
        for part in [self.top, *self._rows]:
            if part is not None:
                part.clear_marks()
                set_severity(part, None)
        if not self._valid:
            return
        text, diagnostics = self._diagnostics
        if text != self._text:
            diagnostics = []
        loose = [d for d in diagnostics if not self._mark(d)]
        worst = "error" if any(d.severity == "error" for d in loose) else "warning"
        self._show_banner([f"{d.line}:{d.col}: {d.message}" for d in loose], worst if loose else None)
        for row in self._rows:
            set_severity(row, row.severity)

    def _mark(self, diagnostic: Diagnostic) -> bool:
        where = self._positions.find(diagnostic.line, diagnostic.col) if self._positions else None
        if where is None:
            return False
        row, key = where
        part = self.top if row == TOP else self._rows[row] if row < len(self._rows) else None
        if part is None:
            return False
        message = diagnostic.message
        return part.mark(key, diagnostic.severity, message) or (row != TOP and part.mark(None, diagnostic.severity,
                                                                                        message))


class BoardJsonEditor(QWidget):
    """The board.json form beside its text (a CodeEditor), in sync, with diagnostics on both."""

    text_changed = Signal(str)
    checked = Signal(list)            # the diagnostics of the latest check

    def __init__(self, parent: QWidget | None = None, board_id: str | None = None,
                 delay_ms: int = CHECK_DELAY_MS) -> None:
        super().__init__(parent)
        self.setObjectName("boardjson-editor")
        self.form = BoardJsonForm()
        self.editor = CodeEditor(language="json", assist=False)  # this widget runs the board-aware check itself
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.diagnostics: list[Diagnostic] = []
        self._board: Board | None = None
        self._syncing = False
        self._sync_timer = self._timer(delay_ms, self._editor_settled)
        self._check_timer = self._timer(delay_ms, self.check_now)
        self._agreed = ""             # the text both sides showed last
        self.editor.modified.connect(self._on_editor_change)
        self.form.text_changed.connect(self._on_form_text)
        QApplication.instance().focusChanged.connect(self._on_focus)
        if board_id:
            self.set_board(board_id)

    def _timer(self, delay_ms: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay_ms)
        timer.timeout.connect(slot)
        return timer

    # -- public API -----------------------------------------------------------------------------
    def text(self) -> str:
        return self.editor.text()

    def set_text(self, text: str) -> None:
        """Show `text` on both sides (a fresh buffer in the editor) and check it."""
        self._sync_timer.stop()
        self._put_in_editor(text)
        self.form.set_text(text)
        self._check_timer.start()

    def set_board(self, board_id: str | None) -> None:
        """Limit the pin pickers and the checks to board `board_id`."""
        self._board = lookup_board(board_id)
        self.form.set_board(board_id)
        self._check_timer.start()

    def load_project(self, path: str | Path) -> None:
        """Show the board.json of the project at `path`, for the project's board."""
        from ide.core.project import Project

        project = Project(path)
        self.set_board(project.board_id)
        self.set_text(project.board_json.read_text(encoding="utf-8", errors="replace"))

    def check_now(self) -> list[Diagnostic]:
        """Check the current text and show the diagnostics on both sides."""
        self._check_timer.stop()
        _config, diagnostics = check_board_json(self.editor.text(), self._board)
        self.diagnostics = diagnostics
        self.form.set_diagnostics(diagnostics)
        if hasattr(self.editor, "set_diagnostics"):
            self.editor.set_diagnostics(diagnostics)
        self.checked.emit(diagnostics)
        return diagnostics

    # -- keeping both sides in sync -------------------------------------------------------------
    def _put_in_editor(self, text: str) -> None:
        self._agreed = text
        if self.editor.text() == text:
            return
        self._syncing = True
        try:
            self.editor.set_text(text)
        finally:
            self._syncing = False

    def _on_editor_change(self, flags: Any, *_details: Any) -> None:
        if not self._syncing and int(getattr(flags, "value", flags)) & TEXT_CHANGED:
            self._sync_timer.start()

    def _editor_settled(self) -> None:
        self._sync_timer.stop()
        text = self.editor.text()
        self._agreed = text
        if text == self.form.text():
            return
        self.form.set_text(text)
        self.text_changed.emit(text)
        self.check_now()

    def _on_form_text(self, text: str) -> None:
        if self._sync_timer.isActive() and self.editor.text() != self._agreed:
            # The form was edited before the latest typing reached it: the typing wins.
            self._editor_settled()
            return
        self._sync_timer.stop()
        self._put_in_editor(text)
        self.text_changed.emit(text)
        self._check_timer.start()

    def _on_focus(self, old: QWidget | None, _new: QWidget | None) -> None:
        """Leaving the text brings the form up to date at once, before the user edits it."""
        if old is not None and self._sync_timer.isActive() and (old is self.editor or self.editor.isAncestorOf(old)):
            self._editor_settled()
