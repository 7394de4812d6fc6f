"""The device toolbar: which port to use, and the Deploy / Run / Stop / Reset actions.

The port box lists the built-in virtual board (the default while nothing is plugged in), the USB
serial ports (likely boards first, then adapters the IDE does not recognise; refreshed every two
seconds) and, below a separator, the ports typed before. It is editable: any port the
command line takes can be typed and confirmed with Enter (`/dev/pts/3`, `COM9`,
`socket://HOST:PORT`, `rfc2217://HOST:PORT`, or `virtual`), and is remembered (`HISTORY_KEY` in
the settings, newest first, at most `HISTORY_SIZE`). Choosing a port emits `port_chosen(port)`. Stop has Shift+F5 (VS Code's key) and Ctrl+F2 (Thonny's).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QWidget

from ide.i18n import _

VIRTUAL_BOARD = "virtual"
REFRESH_MS = 2000
HISTORY_KEY = "port_history"
HISTORY_SIZE = 10
STOP_KEYS = ("Shift+F5", "Ctrl+F2")   # VS Code's Stop, and Thonny's


class DeviceToolBar(QToolBar):
    """Port box plus the device actions (`deploy_action`, `run_action`, `stop_action`, `reset_action`)."""

    port_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, refresh: bool = True, settings: QSettings | None = None) -> None:
        super().__init__(_("Device"), parent)
        self.setObjectName("device-toolbar")
        self.settings = settings if settings is not None else QSettings()
        self._port = VIRTUAL_BOARD
        self._listed: list[tuple[str, str]] = []   # (text, device) of the system's ports
        self.port_label = QLabel(_("Port:"), self)
        self.port_combo = self._build_port_combo()
        self.addWidget(self.port_label)
        self.addWidget(self.port_combo)
        self.addSeparator()
        self.deploy_action = self._action(_("Deploy"), _("Copy the changed project files to the board and run them"))
        self.run_action = self._action(_("Run file"), _("Run the current file on the board without saving it there"))
        self.stop_action = self._action(_("Stop"), _("Interrupt the program running on the board"), STOP_KEYS)
        self.reset_action = self._action(_("Reset"), _("Soft-reset the board"))
        self._fill()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_ports)
        if refresh:
            self.refresh_ports()
            self._timer.start()

    def _build_port_combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("port-combo")
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)   # typed ports go to the history instead
        combo.setToolTip(_("The board to talk to: pick one, or type any port and press Enter "
                           "(/dev/ttyUSB0, COM9, socket://HOST:PORT, rfc2217://HOST:PORT)"))
        combo.lineEdit().setPlaceholderText(_("Port, or socket://HOST:PORT"))
        combo.setMinimumContentsLength(24)
        combo.activated.connect(lambda index: self._choose(combo.itemData(index)))
        combo.lineEdit().returnPressed.connect(self._typed)
        combo.installEventFilter(self)   # its line edit's focus changes arrive at the combo
        return combo

    def _action(self, text: str, tip: str, keys: tuple[str, ...] = ()) -> QAction:
        action = self.addAction(text)
        if keys:
            action.setShortcuts([QKeySequence(key) for key in keys])
            tip += " (" + " / ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                                     for key in keys) + ")"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setEnabled(False)
        return action

    # -- the chosen port ------------------------------------------------------------------------
    def port(self) -> str:
        """The chosen port: a device path or URL, or "virtual" for the built-in virtual board."""
        return self._port

    def set_port(self, port: str) -> None:
        """Show `port` as chosen (and remember it if it is not listed), without emitting anything."""
        self._port = port.strip() or VIRTUAL_BOARD
        self._remember(self._port)
        self._fill()

    def history(self) -> list[str]:
        """Ports typed before, newest first."""
        value = self.settings.value(HISTORY_KEY, []) or []
        return [value] if isinstance(value, str) else [str(port) for port in value]

    def offered_ports(self) -> list[str]:
        """Every port the box offers but the virtual board: the system's, then the typed ones."""
        return list(dict.fromkeys([device for _text, device in self._listed] + self.history()))

    def _choose(self, port) -> None:
        if not port:   # a separator
            return
        self.set_port(str(port))
        self.port_chosen.emit(self._port)

    def _typed(self) -> None:
        text = self.port_combo.lineEdit().text().strip()
        if self.port_combo.findText(text, Qt.MatchFlag.MatchFixedString) >= 0:
            return  # the combo itself reports an item's text as activated (in any case)
        if text:
            self._choose(text)
        else:
            self._show_chosen()

    def _remember(self, port: str) -> None:
        if port == VIRTUAL_BOARD or port in (device for _text, device in self._listed):
            return
        history = [port] + [p for p in self.history() if p != port]
        self.settings.setValue(HISTORY_KEY, history[:HISTORY_SIZE])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if (watched is self.port_combo and event.type() == QEvent.Type.FocusOut
                and event.reason() != Qt.FocusReason.PopupFocusReason):
            self._show_chosen()   # typed but not confirmed with Enter: nothing changes
        return super().eventFilter(watched, event)

    # -- the list -------------------------------------------------------------------------------
    def refresh_ports(self, ports=None) -> None:
        """Update the list (keeping the selection); a newly plugged board is offered, not forced.

        When the chosen port was listed and vanished, the virtual board is chosen instead."""
        if ports is None:
            try:
                from ide.core.link.ports import list_ports

                ports = [p for p in list_ports(include_virtual=False) if p.likely or p.is_usb]
            except Exception:  # listing ports must never break the toolbar
                return
        wanted = [(_port_text(p), p.device) for p in ports]
        if wanted == self._listed:
            return
        vanished = self._port in (device for _text, device in self._listed) and \
            self._port not in (device for _text, device in wanted)
        self._listed = wanted
        if vanished:
            self._choose(VIRTUAL_BOARD)
        else:
            self._fill()

    def _fill(self) -> None:
        """Rebuild the items; what the user is typing stays as it is."""
        combo = self.port_combo
        editing = combo.lineEdit().hasFocus()
        typed = combo.lineEdit().text()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("Virtual board"), VIRTUAL_BOARD)
        for text, device in self._listed:
            combo.addItem(text, device)
        typed_before = [port for port in self.history() if port not in (d for _t, d in self._listed)]
        if typed_before:
            combo.insertSeparator(combo.count())
            for port in typed_before:
                combo.addItem(port, port)
        combo.setCurrentIndex(max(0, combo.findData(self._port)))
        combo.blockSignals(False)
        if editing:
            combo.setEditText(typed)
        else:
            self._show_chosen()

    def _show_chosen(self) -> None:
        index = self.port_combo.findData(self._port)
        self.port_combo.setEditText(self.port_combo.itemText(index) if index >= 0 else self._port)


def _port_text(port) -> str:
    """"/dev/ttyUSB0 - ESP32 DevKitC, NodeMCU-32S", or the system's description for other ports."""
    if port.likely:
        return f"{port.device} - {port.board or port.description}"
    return f"{port.device} - {port.description}" if port.description and port.description != "n/a" else port.device
