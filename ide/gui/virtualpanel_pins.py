"""The virtual board panel's pin table: one row per pin the program uses, with a widget for its state.

GPIO outputs show a lamp (lit while the pin is high), GPIO inputs a High/Low toggle the user
drives (`hardware.set_input`), PWM outputs their duty as a bar (with the horn's angle when the
output drives a servo), ADC inputs a slider for the raw
12-bit reading (`hardware.set_adc`), DAC outputs their voltage. Rows come from the board.json
the board boots with, and from pins the program touches without one (machine.Pin).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QSlider,
                               QTableWidget, QTableWidgetItem, QToolButton, QWidget)

from ide.i18n import _
from ide.virtualboard.haas.servo import servo_angle

ADC_MAX = 4095
DAC_FULL_MV = 3300
OUT, IN, PWM, ADC, DAC = "out", "in", "pwm", "adc", "dac"
LIT, DARK, RIM = QColor("#ff3b30"), QColor("#4a4a4a"), QColor("#202020")


def kind_text(kind: str) -> str:
    return {OUT: _("Digital output"), IN: _("Digital input"), PWM: _("PWM output"),
            ADC: _("Analog input"), DAC: _("Analog output")}[kind]


class Lamp(QWidget):
    """An LED: a disc, lit or dark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lit = False
        self.setFixedSize(QSize(18, 18))
        self.set_lit(False)

    def set_lit(self, lit: bool) -> None:
        self.lit = bool(lit)
        self.setToolTip(_("Lit: the pin is high") if self.lit else _("Dark: the pin is low"))
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(RIM, 1))
        painter.setBrush(LIT if self.lit else DARK)
        painter.drawEllipse(self.rect().adjusted(2, 2, -2, -2))


class LevelToggle(QToolButton):
    """What the outside applies to an input pin: High when checked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setToolTip(_("Drive this input pin high or low"))
        self.toggled.connect(lambda on: self.setText(_("High") if on else _("Low")))
        self.setText(_("Low"))

    def set_level(self, level: int) -> None:
        self.blockSignals(True)
        self.setChecked(bool(level))
        self.setText(_("High") if level else _("Low"))
        self.blockSignals(False)


class AdcSlider(QWidget):
    """A slider for a raw 12-bit reading, with the number beside it."""

    moved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, ADC_MAX)
        self.slider.setToolTip(_("The raw reading the board's ADC returns (0 to 4095)"))
        self.number = QLabel("0", self)
        self.number.setMinimumWidth(self.number.fontMetrics().horizontalAdvance("0000") + 4)
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.slider)
        layout.addWidget(self.number)
        self.slider.valueChanged.connect(self._changed)

    def _changed(self, value: int) -> None:
        self.number.setText(str(value))
        self.moved.emit(value)

    def set_raw(self, raw: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(int(raw))
        self.slider.blockSignals(False)
        self.number.setText(str(self.slider.value()))


class Bar(QProgressBar):
    """A PWM duty (percent) or a DAC voltage (millivolts)."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setRange(0, 1000 if kind == PWM else DAC_FULL_MV)
        self.show_value(0, 0)

    def show_value(self, value: float, freq: int = 0) -> None:
        if self.kind == PWM:
            self.setValue(round(max(0.0, min(100.0, float(value))) * 10))
            text = _("{duty}% at {freq} Hz").format(duty=f"{float(value):g}", freq=freq)
            servo = servo_angle(freq, float(value))
            if servo is not None:
                text = _("{pwm}: servo at {angle}°").format(pwm=text, angle=f"{servo[0]:g}")
            self.setFormat(text)
        else:
            self.setValue(max(0, min(DAC_FULL_MV, int(value))))
            self.setFormat(_("{mv} mV").format(mv=int(value)))


class PinTable(QTableWidget):
    """Rows keyed by (kind, number); `set_input(pin, level)` and `set_adc(port, raw)` ask the board."""

    set_input = Signal(int, int)
    set_adc = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("virtual-pins")
        self.setHorizontalHeaderLabels([_("Node"), _("Kind"), _("Pin"), _("State")])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rows: dict[tuple[str, int], QWidget] = {}

    def clear_rows(self) -> None:
        self.setRowCount(0)
        self.rows.clear()

    def widget(self, kind: str, number: int) -> QWidget | None:
        return self.rows.get((kind, int(number)))

    def lamp(self, name: str) -> Lamp | None:
        """The lamp of the output node `name` (for tests and the main window)."""
        for row in range(self.rowCount()):
            widget = self.cellWidget(row, 3)
            if isinstance(widget, Lamp) and self.item(row, 0).text() == name:
                return widget
        return None

    def ensure(self, kind: str, number: int, name: str | None = None) -> QWidget:
        """The row of a pin, added (in pin order) if it is new; a name fills in a missing one."""
        key = (kind, int(number))
        if key in self.rows:
            row = self._row_of(self.rows[key])
            if name and not self.item(row, 0).text():
                self.item(row, 0).setText(name)
            return self.rows[key]
        widget = self._make_widget(kind, int(number))
        row = self._insert_position(int(number))
        self.insertRow(row)
        for column, text in enumerate((name or "", kind_text(kind), str(number))):
            self.setItem(row, column, QTableWidgetItem(text))
        self.setCellWidget(row, 3, widget)
        self.rows[key] = widget
        return widget

    def _make_widget(self, kind: str, number: int) -> QWidget:
        if kind == OUT:
            return Lamp(self)
        if kind == IN:
            toggle = LevelToggle(self)
            toggle.toggled.connect(lambda on: self.set_input.emit(number, int(on)))
            return toggle
        if kind == ADC:
            slider = AdcSlider(self)
            slider.moved.connect(lambda raw: self.set_adc.emit(number, raw))
            return slider
        return Bar(kind, self)

    def _row_of(self, widget: QWidget) -> int:
        return next(row for row in range(self.rowCount()) if self.cellWidget(row, 3) is widget)

    def _insert_position(self, number: int) -> int:
        for row in range(self.rowCount()):
            if int(self.item(row, 2).text()) > number:
                return row
        return self.rowCount()

    # -- state from the board ----------------------------------------------------------------
    def show_pin(self, pin: int, value: int, direction: str, name: str | None = None) -> None:
        """A GPIO level: an output's lamp, or an input's toggle (rows are made as pins appear)."""
        existing = self.widget(IN, pin) or self.widget(OUT, pin)
        widget = existing if existing is not None else self.ensure(IN if direction == "in" else OUT, pin, name)
        if isinstance(widget, Lamp):
            widget.set_lit(bool(value))
        elif isinstance(widget, LevelToggle):
            widget.set_level(value)

    def show_pwm(self, pin: int, duty: float, freq: int, name: str | None = None) -> None:
        self.ensure(PWM, pin, name).show_value(duty, freq)

    def show_adc(self, port: int, raw: int, name: str | None = None) -> None:
        self.ensure(ADC, port, name).set_raw(raw)

    def show_dac(self, port: int, mv: int, name: str | None = None) -> None:
        self.ensure(DAC, port, name).show_value(mv)

    def add_nodes(self, config: dict | None) -> None:
        """Rows for the board.json nodes the panel can show."""
        nodes = (config or {}).get("io") if isinstance(config, dict) else None
        for name, node in (nodes or {}).items() if isinstance(nodes, dict) else ():
            if not isinstance(node, dict) or not isinstance(node.get("port"), int):
                continue
            kind = {"ADC": ADC, "PWM": PWM, "DAC": DAC}.get(node.get("type"))
            if node.get("type") == "GPIO":
                kind = OUT if node.get("dir", "output") == "output" else IN
            if kind is not None:
                self.ensure(kind, node["port"], name)

    def add_snapshot(self, state: dict) -> None:
        """Pin levels, PWM, ADC and DAC values from `Hardware.snapshot()`."""
        for pin, info in state.get("pins", {}).items():
            if info.get("mode") in ("in", "out") or self.widget(IN, int(pin)) or self.widget(OUT, int(pin)):
                self.show_pin(int(pin), info.get("value", 0), info.get("mode"), info.get("name"))
        for pin, info in state.get("pwm", {}).items():
            self.show_pwm(int(pin), info.get("duty", 0), info.get("freq", 0))
        for port, raw in state.get("adc", {}).items():
            self.show_adc(int(port), raw)
        for port, mv in state.get("dac", {}).items():
            self.show_dac(int(port), mv)
