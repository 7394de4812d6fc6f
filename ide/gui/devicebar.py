"""The device toolbar: which port to use, and the Deploy / Run / Stop / Reset actions.

The port list is refreshed every two seconds from the serial ports the system has (likely boards
first); the built-in virtual board is always there and is the default while nothing is plugged in.
Choosing a port emits `port_chosen(port)`.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QWidget

from ide.i18n import _

VIRTUAL_BOARD = "virtual"
REFRESH_MS = 2000


class DeviceToolBar(QToolBar):
    """Port picker plus the device actions (`deploy_action`, `run_action`, `stop_action`, `reset_action`)."""

    port_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, refresh: bool = True) -> None:
        super().__init__(_("Device"), parent)
        self.setObjectName("device-toolbar")
        self.port_label = QLabel(_("Port:"), self)
        self.port_combo = QComboBox(self)
        self.port_combo.setObjectName("port-combo")
        self.port_combo.setToolTip(_("The board to talk to"))
        self.port_combo.setMinimumContentsLength(24)
        self.port_combo.addItem(_("Virtual board"), VIRTUAL_BOARD)
        self.port_combo.activated.connect(lambda _i: self.port_chosen.emit(self.port()))
        self.addWidget(self.port_label)
        self.addWidget(self.port_combo)
        self.addSeparator()
        self.deploy_action = self._action(_("Deploy"), _("Copy the changed project files to the board and run them"))
        self.run_action = self._action(_("Run file"), _("Run the current file on the board without saving it there"))
        self.stop_action = self._action(_("Stop"), _("Interrupt the program running on the board"))
        self.reset_action = self._action(_("Reset"), _("Soft-reset the board"))
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_ports)
        if refresh:
            self.refresh_ports()
            self._timer.start()

    def _action(self, text: str, tip: str) -> QAction:
        action = self.addAction(text)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setEnabled(False)
        return action

    def port(self) -> str:
        """The selected port: a device path, or "virtual" for the built-in virtual board."""
        return self.port_combo.currentData()

    def refresh_ports(self, ports=None) -> None:
        """Update the list (keeping the selection); a newly plugged board is offered, not forced."""
        if ports is None:
            try:
                from ide.core.link.ports import list_ports

                ports = [p for p in list_ports(include_virtual=False) if p.likely]
            except Exception:  # listing ports must never break the toolbar
                return
        wanted = [(f"{p.device} - {p.board or p.description}", p.device) for p in ports]
        current = [(self.port_combo.itemText(i), self.port_combo.itemData(i)) for i in range(1, self.port_combo.count())]
        if wanted == current:
            return
        selected = self.port()
        while self.port_combo.count() > 1:
            self.port_combo.removeItem(1)
        for text, device in wanted:
            self.port_combo.addItem(text, device)
        index = self.port_combo.findData(selected)
        self.port_combo.setCurrentIndex(max(0, index))
        if index < 0 and selected != VIRTUAL_BOARD:
            self.port_chosen.emit(self.port())  # the chosen port vanished: fall back to the virtual board
