"""The parts of the board.json form: one `NodeRow` per node of "io" and the `TopLevelBox`.

A row shows the node's name, its type, its port and every field of its type with a fitting editor
(see `boardjson_fields`), then the keys its type does not know, which stay editable as raw JSON.
Rows do not edit the document themselves: they emit what the user changed and the form applies it.
Each part keeps its cells by key so diagnostics can be pinned on them (`mark`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLayout,
                               QLineEdit, QToolButton, QVBoxLayout, QWidget)

from ide.core.boardjson_rules import NODE_TYPES, TOP_LEVEL, Field
from ide.core.boards import Pins
from ide.gui.boardjson_doc import NAME, Member, Obj
from ide.gui.boardjson_fields import ChoiceEdit, RawEdit, make_editor, tooltip
from ide.i18n import _, language

SEVERITY = "bjSeverity"          # the dynamic property the form's style sheet colours
RANK = {"hint": 0, "warning": 1, "error": 2}
WHOLE = "\0node"                 # the key of the raw cell of a node that is not an object
FIELDS_PER_LINE = 3
# Cells take the full colour; a row only a light tint and a border, so its marked cells stand out.
# Tints are translucent, so the text stays readable on the light and the dark theme alike.
STYLE_SHEET = ('*[bjSeverity="error"] { background-color: rgba(209, 36, 47, 0.28); }\n'
               '*[bjSeverity="warning"] { background-color: rgba(212, 167, 44, 0.35); }\n'
               '*[bjSeverity="hint"] { background-color: rgba(84, 174, 255, 0.28); }\n'
               '#boardjson-row[bjSeverity="error"] { background-color: rgba(209, 36, 47, 0.07); '
               'border: 1px solid #d1242f; }\n'
               '#boardjson-row[bjSeverity="warning"] { background-color: rgba(212, 167, 44, 0.09); '
               'border: 1px solid #d4a72c; }\n'
               '#boardjson-row[bjSeverity="hint"] { background-color: rgba(84, 174, 255, 0.08); '
               'border: 1px solid #54aeff; }\n')


def set_severity(widget: QWidget, severity: str | None) -> None:
    """Colour `widget` by `severity` (None: plain) through the form's style sheet."""
    if widget.property(SEVERITY) == severity:
        return
    widget.setProperty(SEVERITY, severity)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class _Cells:
    """Cells by key, their own tool tips, and the diagnostics pinned on them."""

    def init_cells(self) -> None:
        self.cells: dict[Any, QWidget] = {}
        self._tips: dict[Any, str] = {}
        self._marks: dict[Any, tuple[str, list[str]]] = {}
        self.severity: str | None = None

    def add_cell(self, key: Any, widget: QWidget, tip: str) -> QWidget:
        widget.setToolTip(tip)
        self.cells[key] = widget
        self._tips[key] = tip
        return widget

    def cell(self, key: Any) -> QWidget | None:
        return self.cells.get(key)

    def mark(self, key: Any, severity: str, message: str) -> bool:
        """Pin a diagnostic on the cell `key`; False when there is no such cell."""
        if key not in self.cells:
            return False
        old, messages = self._marks.get(key, ("hint", []))
        worst = severity if RANK.get(severity, 0) >= RANK.get(old, 0) else old
        self._marks[key] = (worst, [*messages, message])
        widget = self.cells[key]
        widget.setToolTip("\n".join([self._tips[key], "", *self._marks[key][1]]))
        set_severity(widget, worst)
        if self.severity is None or RANK.get(worst, 0) > RANK.get(self.severity, 0):
            self.severity = worst
        return True

    def clear_marks(self) -> None:
        for key in self._marks:
            self.cells[key].setToolTip(self._tips[key])
            set_severity(self.cells[key], None)
        self._marks.clear()
        self.severity = None

    def messages(self, key: Any) -> list[str]:
        return list(self._marks.get(key, ("", []))[1])


class NodeRow(QFrame, _Cells):
    """One node of "io": name, type, port, the type's fields, then unknown keys."""

    edited = Signal(int, object, object)       # row, key, new value (UNSET: remove the key)
    renamed = Signal(int, str)
    type_chosen = Signal(int, str)
    remove_requested = Signal(int)
    duplicate_requested = Signal(int)

    def __init__(self, index: int, member: Member, pins: Pins | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.init_cells()
        self.index = index
        self.name = member.key
        self.setObjectName("boardjson-row")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        node = member.value
        self.type = node.get("type") if isinstance(node, Obj) else None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        self.head = QHBoxLayout()
        self.fields = QGridLayout()
        self.fields.setColumnStretch(2 * FIELDS_PER_LINE, 1)
        self._placed = 0
        layout.addLayout(self.head)
        layout.addLayout(self.fields)
        self.head.addWidget(self._name_edit(member.key))
        if isinstance(node, Obj):
            self._node_cells(node, pins)
        else:
            self._place(WHOLE, RawEdit(node, True), _("The node's value; a node must be an object such as "
                                                      "{{\"type\": \"GPIO\", \"port\": 2}}.").format(), self.head)
        self.head.addStretch(1)
        self.head.addWidget(self._button(_("Duplicate node"), _("Add a copy of this node below it"),
                                         self.duplicate_requested))
        self.head.addWidget(self._button(_("Remove node"), _("Remove this node from board.json"),
                                         self.remove_requested))

    # -- building -------------------------------------------------------------------------------
    def _name_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(name)
        edit.setObjectName("node-name")
        edit.setMinimumWidth(120)
        edit.setPlaceholderText(_("node name"))
        edit.editingFinished.connect(lambda: self._on_renamed(edit.text()))
        return self.add_cell(NAME, edit, _("Node name: the program opens the node by it, for example "
                                           "GPIO().open(\"led\")."))

    def _button(self, text: str, tip: str, signal: Any) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda: signal.emit(self.index))
        return button

    def _node_cells(self, node: Obj, pins: Pins | None) -> None:
        type_edit = ChoiceEdit({t: t for t in NODE_TYPES}, self.type, node.has("type"), None)
        for i, value in enumerate(type_edit.values):
            if value in NODE_TYPES:
                type_edit.setItemData(i, NODE_TYPES[value].description(language()), Qt.ItemDataRole.ToolTipRole)
        type_edit.value_edited.connect(self._on_type)
        spec = NODE_TYPES.get(self.type) if isinstance(self.type, str) else None
        tip = (f"type: {spec.description(language())}" if spec is not None
               else _("type: the kind of peripheral (GPIO, I2C, SPI, UART, ADC, PWM, WDT, ...)"))
        self._place("type", type_edit, tip, self.head)
        known = spec.fields if spec else {}
        direction = node.get("dir", "output")
        for key, field_spec in known.items():
            self._field(key, field_spec, node, pins, direction)
        for member in node.members:
            if member.key != "type" and member.key not in known and member.key not in self.cells:
                self._field(member.key, None, node, pins, direction)

    def _field(self, key: str, spec: Field | None, node: Obj, pins: Pins | None, direction: Any) -> None:
        editor = make_editor(spec, node.get(key), node.has(key), pins, direction)
        editor.setObjectName(f"field-{key}")
        editor.value_edited.connect(lambda value, key=key: self.edited.emit(self.index, key, value))
        self._place(key, editor, tooltip(key, spec), self.head if key == "port" else self.fields)

    def _place(self, key: Any, editor: QWidget, tip: str, layout: QLayout) -> None:
        """Add `editor` (after a label showing its key) to the head line or the next grid place."""
        widgets = [self.add_cell(key, editor, tip)]
        if key not in ("type", WHOLE):
            label = QLabel(key)
            label.setToolTip(tip)
            label.setBuddy(editor)
            widgets.insert(0, label)
        if layout is self.fields:
            line, column = divmod(self._placed, FIELDS_PER_LINE)
            self._placed += 1
            layout.addWidget(widgets[0], line, 2 * column)
            layout.addWidget(widgets[1], line, 2 * column + 1)
            return
        for widget in widgets:
            layout.addWidget(widget)

    # -- user actions ---------------------------------------------------------------------------
    def _on_renamed(self, name: str) -> None:
        if name != self.name:
            self.name = name
            self.renamed.emit(self.index, name)

    def _on_type(self, value: Any) -> None:
        if isinstance(value, str) and value != self.type:
            self.type_chosen.emit(self.index, value)

    def editor(self, key: Any) -> QWidget | None:
        return self.cells.get(key)


class TopLevelBox(QGroupBox, _Cells):
    """The keys outside "io": name, version, debugLevel, repl, replPort, and unknown ones (raw)."""

    edited = Signal(object, object)            # key, new value (UNSET: remove the key)

    def __init__(self, root: Obj, parent: QWidget | None = None) -> None:
        super().__init__(_("General settings"), parent)
        self.init_cells()
        self.setObjectName("boardjson-top")
        self.form = QFormLayout(self)
        for key, spec in TOP_LEVEL.items():
            if key != "io" or (root.has("io") and not isinstance(root.get("io"), dict)):
                self._add(key, spec if key != "io" else None, root)
        for member in root.members:
            if member.key not in TOP_LEVEL and member.key not in self.cells:
                self._add(member.key, None, root)

    def _add(self, key: str, spec: Field | None, root: Obj) -> None:
        editor = make_editor(spec, root.get(key), root.has(key), None)
        editor.setObjectName(f"top-{key}")
        editor.value_edited.connect(lambda value, key=key: self.edited.emit(key, value))
        label = QLabel(key)
        tip = tooltip(key, spec) if spec or key not in TOP_LEVEL else f"{key}: {TOP_LEVEL[key].description(language())}"
        label.setToolTip(tip)
        self.form.addRow(label, self.add_cell(key, editor, tip))

