"""The virtual board panel's network part: Wi-Fi state, the cloud link, the last report, and injecting properties.

The user types cloud properties as a JSON object (`{"ledSwitch": 1}`) and presses Send: every
device the program connected receives them in its ON_PROPS callback, as from Alibaba Cloud IoT.
What the program reports with postProps is shown as it arrives. Values from the board (SSID,
JSON) sit in read-only fields, so they can be copied.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ide.i18n import _


def wifi_text(wifi: dict) -> str:
    """One line for `Wifi.snapshot()`."""
    status, ssid = wifi.get("status", "idle"), wifi.get("ssid") or ""
    texts = {"connecting": _("Joining {ssid}..."), "connected": _("Joined {ssid}, address {ip}"),
             "wrong_password": _("Wrong password for {ssid}"), "no_ap": _("Network {ssid} not found")}
    return texts.get(status, _("Not joined to a network")).format(ssid=ssid, ip=wifi.get("ip") or "")


def compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class NetworkBox(QGroupBox):
    """Wi-Fi and cloud state, and the form that sends properties (`inject` carries the object)."""

    inject = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Network and cloud"), parent)
        self.wifi = self._field(_("The virtual board's Wi-Fi connection"))
        self.cloud = QLabel(self)
        self.last_post = self._field(_("The last properties the program reported with postProps"))
        self.props_edit = QLineEdit(self)
        self.props_edit.setObjectName("inject-props")
        self.props_edit.setPlaceholderText(_("Properties as a JSON object, for example {\"ledSwitch\": 1}"))
        self.props_edit.setToolTip(_("Cloud properties to send to the program (its ON_PROPS callback)"))
        self.props_edit.returnPressed.connect(self.send)
        self.send_button = QPushButton(_("Send to the board"), self)
        self.send_button.setToolTip(_("Send these properties as the cloud would"))
        self.send_button.clicked.connect(self.send)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.props_edit)
        row.addWidget(self.send_button)
        form = QFormLayout(self)
        form.addRow(_("Wi-Fi:"), self.wifi)
        form.addRow(_("Cloud:"), self.cloud)
        form.addRow(_("Last report:"), self.last_post)
        form.addRow(_("Set properties:"), row)
        form.addRow(self.result)
        self.show_state({}, {})

    def _field(self, tip: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setReadOnly(True)
        field.setToolTip(tip)
        return field

    def send(self) -> None:
        """Parse the form and emit `inject`; a mistake is explained below the form."""
        try:
            props = json.loads(self.props_edit.text())
        except ValueError:
            props = None
        if not isinstance(props, dict) or not props:
            self.result.setText(
                _("Type a JSON object with at least one property, for example {\"ledSwitch\": 1}."))
            return
        self.inject.emit(props)

    def show_delivered(self, count: int) -> None:
        self.result.setText(_("Sent to {count} connected device(s).").format(count=count) if count
                            else _("No program is connected to the cloud, so nobody received them."))

    def show_state(self, wifi: dict, cloud: dict) -> None:
        self.wifi.setText(wifi_text(wifi))
        online = cloud.get("connected")
        self.cloud.setText(_("A device of the program is online") if online else _("No device of the program is online"))
        for entry in reversed(cloud.get("history", [])):
            if entry.get("action") == "postProps":
                self.show_post(entry.get("params"))
                break

    def show_post(self, params) -> None:
        self.last_post.setText(params if isinstance(params, str) else compact(params))
