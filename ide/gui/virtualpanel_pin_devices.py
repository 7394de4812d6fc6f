"""The virtual board panel's pin-devices part: NeoPixel strips drawn in their colours, DS18B20 and
DHT sensors with the temperature they measure to set, and the Modbus slaves' registers.

The box follows the board itself (`attach`/`detach`, called by the panel): it takes the board's
events of these devices in batches on the GUI thread, as the panel does for pins, and rebuilds
after each boot. It stays hidden until the program uses such a device. The user's changes go to
the board as control-channel commands (`ide.virtualboard.haas.device_commands`).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from ide.i18n import _

LED_SIZE = 14
KINDS = ("neopixel", "onewire", "dht", "modbus", "boot")


class PixelStrip(QWidget):
    """A row of LEDs in the colours a strip was last written with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixels: list[list[int]] = []
        self.setMinimumHeight(LED_SIZE + 4)

    def show_pixels(self, pixels: list[list[int]]) -> None:
        self.pixels = [list(p) for p in pixels]
        self.setToolTip(_("{count} LEDs").format(count=len(self.pixels)))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(max(1, len(self.pixels)) * (LED_SIZE + 2), LED_SIZE + 4)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        per_row = max(1, self.width() // (LED_SIZE + 2))
        for i, pixel in enumerate(self.pixels):
            r, g, b = pixel[:3]
            white = pixel[3] if len(pixel) > 3 else 0
            color = QColor(min(255, r + white), min(255, g + white), min(255, b + white))
            painter.setBrush(color)
            painter.setPen(QColor(90, 90, 90))
            x, y = (i % per_row) * (LED_SIZE + 2), (i // per_row) * (LED_SIZE + 2)
            painter.drawEllipse(QRectF(x + 1, y + 1, LED_SIZE, LED_SIZE))
        painter.end()

    def heightForWidth(self, width: int) -> int:
        rows = -(-max(1, len(self.pixels)) // max(1, width // (LED_SIZE + 2)))
        return rows * (LED_SIZE + 2) + 2

    def hasHeightForWidth(self) -> bool:
        return True


def _spin(low: float, high: float, suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(2)
    spin.setSingleStep(0.5)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(False)
    return spin


class PinDevicesBox(QGroupBox):
    """NeoPixels, 1-Wire and DHT sensors, Modbus slaves of the attached board."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from ide.gui.virtualpanel import EventQueue

        super().__init__(_("Devices"), parent)
        self.setObjectName("pin-devices")
        self.form = QFormLayout(self)
        self.strips: dict[int, PixelStrip] = {}
        self.sensors: dict[tuple, QDoubleSpinBox] = {}
        self._states: dict[tuple, dict] = {}
        self.modbus: dict[tuple, QLabel] = {}
        self.board = None
        self._unsubscribe = None
        self._queue = EventQueue()
        self._queue.ready.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self.setVisible(False)

    # -- the board ---------------------------------------------------------------------------
    def attach(self, board) -> None:
        self.detach()
        self.board = board
        self._unsubscribe = board.events.subscribe(lambda e: e.get("event") in KINDS and self._queue.push(e))
        self.reload()

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = self.board = None
        self._queue.take()
        self.clear()

    def reload(self) -> None:
        if self.board is not None:
            self.show_state(self.send({"cmd": "devices"}).get("devices", {}))

    def send(self, command: dict) -> dict:
        """Run a control-channel command on the board; a refusal is shown in the box."""
        reply = self.board.hardware.handle(command) if self.board is not None else {"ok": False}
        if not reply.get("ok") and "error" in reply:
            self.setToolTip(_("The virtual board refused it: {error}").format(error=reply["error"]))
        return reply

    def _drain(self) -> None:
        events, overflowed = self._queue.take()
        if overflowed or any(e.get("event") == "boot" for e in events):
            self.reload()
            return
        for event in events:
            self.apply(event)

    def clear(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.strips.clear()
        self.sensors.clear()
        self._states.clear()
        self.modbus.clear()
        self.setVisible(False)

    def show_state(self, devices: dict) -> None:
        """Rebuild from `PinDevices.snapshot()`."""
        self.clear()
        for pin, strip in devices.get("neopixel", {}).items():
            self.show_strip(int(pin), strip["pixels"])
        for pin, sensors in devices.get("onewire", {}).items():
            for sensor in sensors:
                self.show_sensor("onewire", int(pin), sensor)
        for pin, sensor in devices.get("dht", {}).items():
            self.show_sensor("dht", int(pin), sensor)
        for port, slaves in devices.get("modbus", {}).items():
            for address, tables in slaves.items():
                self.show_slave(int(port), int(address), tables)

    def apply(self, event: dict) -> None:
        """One board event of a device kind."""
        kind = event.get("event")
        if kind == "neopixel":
            self.show_strip(event["pin"], event["pixels"])
        elif kind in ("onewire", "dht"):
            self.show_sensor(kind, event["pin"], event)
        elif kind == "modbus":
            for address, tables in event.get("slaves", {}).items():
                self.show_slave(event["port"], int(address), tables)

    # -- rows --------------------------------------------------------------------------------
    def show_strip(self, pin: int, pixels: list) -> None:
        strip = self.strips.get(pin)
        if strip is None:
            strip = self.strips[pin] = PixelStrip(self)
            strip.setObjectName(f"neopixel-{pin}")
            self.form.addRow(_("NeoPixel strip on GPIO {pin}:").format(pin=pin), strip)
        strip.show_pixels(pixels)
        self.setVisible(True)

    def show_sensor(self, kind: str, pin: int, state: dict) -> None:
        key = (kind, pin, state.get("rom"))
        if key not in self.sensors:
            self._add_sensor(key, state)
        self._states[key] = {**self._states.get(key, {}), **state}
        spin = self.sensors[key]
        if isinstance(state.get("temperature"), (int, float)):
            spin.blockSignals(True)
            spin.setValue(float(state["temperature"]))
            spin.blockSignals(False)
        self.setVisible(True)

    def _add_sensor(self, key: tuple, state: dict) -> None:
        kind, pin, rom = key
        spin = _spin(-55.0, 125.0, _(" °C"))
        spin.setObjectName(f"{kind}-{pin}-{rom or ''}")
        spin.setToolTip(_("The temperature this sensor measures"))
        spin.valueChanged.connect(lambda value: self.send(self._temperature_command(key, value)))
        self.sensors[key] = spin
        if kind == "onewire":
            number = sum(1 for other in self.sensors if other[:2] == key[:2])
            label = _("DS18B20 #{number} on GPIO {pin}:").format(number=number, pin=pin)
        elif state.get("model") == "dht11":
            label = _("DHT11 on GPIO {pin}:").format(pin=pin)
        else:
            label = _("DHT22 on GPIO {pin}:").format(pin=pin)
        self.form.addRow(label, spin)

    def _temperature_command(self, key: tuple, value: float) -> dict:
        kind, pin, rom = key
        if kind == "onewire":
            return {"cmd": "onewire_set", "pin": pin, "rom": rom, "temperature": value}
        state = self._states.get(key, {})
        return {"cmd": "dht_set", "pin": pin, "model": state.get("model", "dht22"), "temperature": value,
                "humidity": state.get("humidity")}

    def show_slave(self, port: int, address: int, tables: dict) -> None:
        key = (port, address)
        label = self.modbus.get(key)
        if label is None:
            label = self.modbus[key] = QLabel(self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row = QHBoxLayout()
            row.addWidget(label)
            self.form.addRow(_("Modbus slave {address} on UART {port}:").format(port=port, address=address), row)
        parts = []
        names = {"holding": _("holding"), "input": _("input"), "coils": _("coils"), "discrete": _("discrete")}
        for table, values in tables.items():
            if values:
                parts.append("{name} {values}".format(
                    name=names.get(table, table), values=", ".join(f"{k}={v}" for k, v in values.items())))
        label.setText("; ".join(parts) or _("no registers set"))
        self.setVisible(True)
