"""The cell editors of the board.json form, one per kind of field.

`make_editor(field, value, present, pins)` picks the editor for one key of a node or of the top
level: a combo box for enumerations and for pins limited to the board's usable ones, a spin box
for numbers with their range, a line edit for free text, and a raw JSON line edit for unknown keys
and for any value the typed editor cannot show exactly (a number written as a string, a value out
of range): the form never rewrites a value the user has not edited. Every editor emits
`value_edited(object)` only for the user's edits, with `UNSET` when the user clears the key.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from ide.core.boardjson_rules import (ADC_CHANNEL, GPIO_PIN, I2C_BUS, PIN_IN, PIN_OUT, PWM_PIN, SPI_HOST,
                                      UART_PORT, Field)
from ide.core.boards import Pins
from ide.gui.boardjson_doc import UNSET, value_text
from ide.i18n import _, language

INT_MAX = 2**31 - 1


def unset_text(spec: Field) -> str:
    """What an editor shows for an absent key."""
    if spec.default is None:
        return _("(not set)")
    return _("(default: {value})").format(value=spec.default)


def tooltip(key: str, spec: Field | None) -> str:
    """The key and its description in the interface language."""
    if spec is None:
        return _("{key}: a key the firmware does not know here; it ignores it. "
                 "Edited as raw JSON.").format(key=key)
    return f"{key}: {spec.description(language())}"


def is_int(value: Any) -> bool:
    return type(value) is int


def fits(spec: Field, value: Any) -> bool:
    """True when the typed editor of `spec` shows `value` exactly."""
    if spec.kind == "int":
        if not is_int(value):
            return False
        low = 0 if spec.low is None else spec.low
        high = INT_MAX if spec.high is None else spec.high
        return bool(spec.choices) or low <= value <= high
    return spec.kind == "str" and isinstance(value, str)


def allowed_numbers(pins: Pins | None, role: str, direction: Any = "output") -> dict[int, str] | None:
    """The numbers the board allows for a field of `role`, with their labels; None when any goes."""
    if pins is None or not role:
        return None
    if role == ADC_CHANNEL:
        if pins.adc is None:
            return None
        return {ch: (f"{ch} (GPIO{gpio})" if gpio is not None else str(ch)) for ch, gpio in sorted(pins.adc.items())}
    if role == GPIO_PIN:
        table = {"output": pins.gpio_out, "input": pins.gpio_in, "irq": pins.gpio_in,
                 "analog": None if pins.adc is None else frozenset(g for g in pins.adc.values() if g is not None)}
        numbers = table.get(direction) if isinstance(direction, str) else None
    else:
        numbers = {PIN_OUT: pins.gpio_out, PIN_IN: pins.gpio_in, PWM_PIN: pins.pwm, I2C_BUS: pins.i2c,
                   SPI_HOST: pins.spi, UART_PORT: pins.uart}.get(role)
    return None if numbers is None else {n: str(n) for n in sorted(numbers)}


class _NoStrayWheel:
    """Scrolling the form over a combo or spin box must not change board.json: the wheel only
    edits the widget that has the keyboard focus."""

    def setup_wheel(self) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class ChoiceEdit(_NoStrayWheel, QComboBox):
    """A value from a fixed list; an absent key and a value outside the list are shown as extra items."""

    value_edited = Signal(object)

    def __init__(self, choices: dict[Any, str], value: Any, present: bool, unset: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_wheel()
        self.values: list[Any] = []
        if unset is not None:
            self._add(UNSET, unset)
        for choice, label in choices.items():
            self._add(choice, label)
        current = value if present else UNSET
        if self._find(current) is None:
            self._add(current, value_text(current) if present else _("(not set)"))
        self.setCurrentIndex(self._find(current) or 0)
        self.activated.connect(self._on_activated)

    def _add(self, value: Any, label: str) -> None:
        self.values.append(value)
        self.addItem(label)

    def _find(self, value: Any) -> int | None:
        for i, v in enumerate(self.values):
            if v is value or (type(v) is type(value) and v == value):
                return i
        return None

    def value(self) -> Any:
        return self.values[self.currentIndex()]

    def choose(self, value: Any) -> None:
        """Select `value` as if the user picked it (emits value_edited)."""
        index = self._find(value)
        if index is None:
            raise ValueError(f"{value!r} is not offered")
        self.setCurrentIndex(index)
        self._on_activated(index)

    def _on_activated(self, index: int) -> None:
        self.value_edited.emit(self.values[index])


class NumberEdit(_NoStrayWheel, QSpinBox):
    """A whole number within the field's range; the value below the range means "not set"."""

    value_edited = Signal(object)

    def __init__(self, spec: Field, value: Any, present: bool, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_wheel()
        low = 0 if spec.low is None else spec.low
        self.optional = optional
        self.setRange(low - 1 if optional else low, INT_MAX if spec.high is None else spec.high)
        if optional:
            self.setSpecialValueText(unset_text(spec))
        self.setKeyboardTracking(False)
        self.setValue(value if present else self.minimum())
        self.valueChanged.connect(self._on_changed)

    def value_or_unset(self) -> Any:
        return UNSET if self.optional and self.value() == self.minimum() else self.value()

    def _on_changed(self, _value: int) -> None:
        self.value_edited.emit(self.value_or_unset())


class TextEdit(QLineEdit):
    """Free text; emptied means "not set" for an optional key."""

    value_edited = Signal(object)

    def __init__(self, value: Any, present: bool, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(value if present else "", parent)
        self.optional = optional
        self._last = self.text()
        self.editingFinished.connect(self._on_finished)

    def _on_finished(self) -> None:
        if self.text() == self._last:
            return
        self._last = self.text()
        self.value_edited.emit(UNSET if self.optional and not self.text() else self.text())


class RawEdit(QLineEdit):
    """Any JSON value as text; what is not JSON is taken as a string, emptied means "remove the key"."""

    value_edited = Signal(object)

    def __init__(self, value: Any, present: bool, parent: QWidget | None = None) -> None:
        super().__init__(value_text(value) if present else "", parent)
        self._last = self.text()
        self.editingFinished.connect(self._on_finished)

    def _on_finished(self) -> None:
        text = self.text().strip()
        if text == self._last:
            return
        self._last = text
        if not text:
            self.value_edited.emit(UNSET)
            return
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        self.value_edited.emit(value)


def make_editor(spec: Field | None, value: Any, present: bool, pins: Pins | None,
                direction: Any = "output") -> QWidget:
    """The editor for one key: `spec` None for an unknown key, `present` False when absent."""
    if spec is None or spec.kind == "object" or (present and not fits(spec, value)):
        return RawEdit(value, present)
    optional = not spec.required or not present
    unset = unset_text(spec) if optional else None
    allowed = allowed_numbers(pins, spec.role, direction) if spec.kind == "int" else None
    if allowed is not None:
        return ChoiceEdit(allowed, value, present, unset)
    if spec.choices:
        return ChoiceEdit({c: str(c) for c in spec.choices}, value, present, unset)
    if spec.kind == "int":
        return NumberEdit(spec, value, present, optional)
    return TextEdit(value, present, optional)
