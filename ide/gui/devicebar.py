"""The device toolbar: which port to use, and the Deploy / Stop / Reset actions.

Until the connection feature lands the only port is the built-in virtual board and the actions are
disabled; the main window enables them once a device session exists.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QWidget

from ide.i18n import _

VIRTUAL_BOARD = "virtual"


class DeviceToolBar(QToolBar):
    """Port picker plus the device actions (`deploy_action`, `stop_action`, `reset_action`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Device"), parent)
        self.setObjectName("device-toolbar")
        self.port_label = QLabel(_("Port:"), self)
        self.port_combo = QComboBox(self)
        self.port_combo.setObjectName("port-combo")
        self.port_combo.setToolTip(_("The board to talk to"))
        self.port_combo.addItem(_("Virtual board"), VIRTUAL_BOARD)
        self.addWidget(self.port_label)
        self.addWidget(self.port_combo)
        self.addSeparator()
        self.deploy_action = self._action(_("Deploy"), _("Copy the changed project files to the board and run them"))
        self.stop_action = self._action(_("Stop"), _("Interrupt the program running on the board"))
        self.reset_action = self._action(_("Reset"), _("Soft-reset the board"))

    def _action(self, text: str, tip: str) -> QAction:
        action = self.addAction(text)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setEnabled(False)
        return action

    def port(self) -> str:
        """The selected port: a device path, or "virtual" for the built-in virtual board."""
        return self.port_combo.currentData()
