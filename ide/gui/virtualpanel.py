"""The virtual board panel: the running virtual board's pins, sensors and cloud, shown live and driven by the user.

`attach(board)` subscribes to the `VirtualBoard`'s events. They arrive on the board's thread, so
the subscriber only queues them and wakes the GUI thread with one queued signal, which takes the
whole batch (a program toggling a pin in a tight loop costs one wake-up per batch, not one per
edge). After each boot (board.json may have changed) and whenever the queue overflowed, the panel
rebuilds itself from board.json and `hardware.snapshot()`.

The user's changes go straight to `board.hardware` (`set_input`, `set_adc`, `set_environment`,
`inject_props`, a card held to the RFID reader): each takes a lock and schedules board callbacks,
it never waits on the board. The environment also sets what the HC-SR04 (distance) and sound
sensors (loudness) wired in board.json measure; the program's OLEDs are drawn as they update.
"""

from __future__ import annotations

import collections
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from ide.gui.virtualpanel_cloud import NetworkBox, wifi_text
from ide.gui.virtualpanel_display import DisplayBox
from ide.gui.virtualpanel_pin_devices import PinDevicesBox
from ide.gui.virtualpanel_pins import PinTable
from ide.gui.virtualpanel_rfid import RfidBox
from ide.i18n import _

MAX_QUEUED = 5000


class EventQueue(QObject):
    """Board events from any thread, taken in batches in the GUI thread after `ready`."""

    ready = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._events: collections.deque[dict] = collections.deque(maxlen=MAX_QUEUED)
        self._lock = threading.Lock()
        self._waiting = False
        self._overflowed = False

    def push(self, event: dict) -> None:
        with self._lock:
            self._overflowed |= len(self._events) == MAX_QUEUED
            self._events.append(event)
            if self._waiting:
                return
            self._waiting = True
        self.ready.emit()

    def take(self) -> tuple[list[dict], bool]:
        """The events so far, and whether some were dropped."""
        with self._lock:
            events, overflowed = list(self._events), self._overflowed
            self._events.clear()
            self._waiting = self._overflowed = False
        return events, overflowed


class EnvironmentBox(QGroupBox):
    """What the simulated sensors measure: `changed(key, value)` when the user edits one."""

    changed = Signal(str, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Environment"), parent)
        form = QFormLayout(self)
        self.spins: dict[str, QDoubleSpinBox] = {}
        rows = (("temperature", _("Temperature:"), -40.0, 125.0, 0.5, _(" °C")),
                ("humidity", _("Humidity:"), 0.0, 100.0, 1.0, _(" %RH")),
                ("lux", _("Light:"), 0.0, 100000.0, 10.0, _(" lx")),
                ("distance", _("Distance ahead:"), 0.0, 500.0, 1.0, _(" cm")),
                ("sound", _("Sound level:"), 20.0, 130.0, 1.0, _(" dB")))
        for key, label, low, high, step, suffix in rows:
            spin = QDoubleSpinBox(self)
            spin.setRange(low, high)
            spin.setSingleStep(step)
            spin.setDecimals(1)
            spin.setSuffix(suffix)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda value, key=key: self.changed.emit(key, value))
            form.addRow(label, spin)
            self.spins[key] = spin

    def show_values(self, environment: dict) -> None:
        for key, spin in self.spins.items():
            if isinstance(environment.get(key), (int, float)):
                spin.blockSignals(True)
                spin.setValue(float(environment[key]))
                spin.blockSignals(False)


class VirtualBoardPanel(QWidget):
    """Pins, environment and cloud of a running `VirtualBoard`: `attach(board)`, `detach()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("virtual-board-panel")
        self.setWindowTitle(_("Virtual board I/O"))
        self.board = None
        self._unsubscribe = None
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.pins = PinTable(self)
        self.environment = EnvironmentBox(self)
        self.displays = DisplayBox(self)
        self.rfid = RfidBox(self)
        self.network = NetworkBox(self)
        self.pin_devices = PinDevicesBox(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.state_label)
        layout.addWidget(self.pins, 1)
        layout.addWidget(self.displays)
        layout.addWidget(self.environment)
        layout.addWidget(self.rfid)
        layout.addWidget(self.network)
        layout.addWidget(self.pin_devices)
        self._queue = EventQueue()
        self._queue.ready.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self.pins.set_input.connect(lambda pin, level: self._hardware("set_input", pin, level))
        self.pins.set_adc.connect(lambda port, raw: self._hardware("set_adc", port, raw))
        self.environment.changed.connect(lambda key, value: self._hardware("set_environment", **{key: value}))
        self.network.inject.connect(self.inject_props)
        self.rfid.present.connect(self.present_card)
        self.detach()

    # -- the board ---------------------------------------------------------------------------
    def attach(self, board) -> None:
        """Show `board` (a started or starting `VirtualBoard`) and let the user drive it."""
        self.detach()
        self.board = board
        self._unsubscribe = board.events.subscribe(self._queue.push)
        self.destroyed.connect(self._unsubscribe)  # a panel deleted while attached stops listening
        self.state_label.setText(_("The virtual board is running. Pins appear as the program uses them."))
        for widget in (self.pins, self.environment, self.network, self.rfid):
            widget.setEnabled(True)
        self.reload()
        self.pin_devices.attach(board)

    def detach(self) -> None:
        """Stop showing the board (call before it is closed)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = None
        self.board = None
        self.pin_devices.detach()
        self._queue.take()
        self.pins.clear_rows()
        self.displays.clear()
        self.rfid.setVisible(False)
        self.network.show_state({}, {})
        self.network.last_post.clear()
        self.network.result.clear()
        self.state_label.setText(_("The virtual board is not running."))
        for widget in (self.pins, self.environment, self.network, self.rfid):
            widget.setEnabled(False)

    def reload(self) -> None:
        """Rebuild from the board's board.json and its current state."""
        if self.board is None:
            return
        state = self.board.hardware.snapshot()
        self.pins.clear_rows()
        self.pins.add_nodes(self.board.read_board_json())
        self.pins.add_snapshot(state)
        self.environment.show_values(state.get("environment", {}))
        self.network.show_state(state.get("wifi", {}), state.get("cloud", {}))
        self.displays.show_all(self.board.hardware.displays())
        self.rfid.setVisible(any(d.get("model") == "rfid" for d in state.get("peripherals", [])))

    def present_card(self, card: str) -> None:
        """Hold an RFID card to the reader the program's board.json wires up."""
        if self.board is not None:
            try:
                self.board.hardware.peripherals.named("rfid").present(card)
            except ValueError as exc:
                self.rfid.result.setText(_("The virtual board refused it: {error}").format(error=exc))

    def inject_props(self, props: dict) -> int:
        """Send cloud properties to the program, as Alibaba Cloud IoT would; returns the receivers."""
        count = self._hardware("inject_props", dict(props))
        if count is not None:
            self.network.show_delivered(count)
        return count or 0

    def _hardware(self, method: str, *args, **kwargs):
        if self.board is None:
            return None
        try:
            return getattr(self.board.hardware, method)(*args, **kwargs)
        except ValueError as exc:  # a name the current board.json does not have
            self.state_label.setText(_("The virtual board refused it: {error}").format(error=exc))
            return None

    # -- events (GUI thread) -----------------------------------------------------------------
    def _drain(self) -> None:
        events, overflowed = self._queue.take()
        if self.board is None or not events:
            return
        boots = [i for i, event in enumerate(events) if event.get("event") == "boot"]
        if overflowed or boots:
            self.reload()
            events = events[boots[-1] + 1:] if boots else []
        for event in events:
            self._apply(event)
        kinds = {event.get("event") for event in events}
        if "wifi" in kinds:
            self.network.wifi.setText(wifi_text(self.board.hardware.wifi.snapshot()))
        if "cloud" in kinds:
            self.network.show_state(self.board.hardware.wifi.snapshot(), self.board.hardware.cloud.snapshot())

    def _apply(self, event: dict) -> None:
        kind, name = event.get("event"), event.get("name")
        if kind == "pin":
            self.pins.show_pin(event["pin"], event["value"], event.get("dir", "out"), name)
        elif kind == "pwm":
            self.pins.show_pwm(event["pin"], event.get("duty", 0), event.get("freq", 0), name)
        elif kind == "adc":
            self.pins.show_adc(event["port"], event["raw"], name)
        elif kind == "dac":
            self.pins.show_dac(event["port"], event["mv"], name)
        elif kind == "environment":
            self.environment.show_values(event)
        elif kind == "display":
            self.displays.show_event(event)
