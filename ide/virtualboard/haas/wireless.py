"""The board's radio world: Wi-Fi access points around it and the Alibaba Cloud IoT platform.

Both outlive soft resets (they are outside the board). Wi-Fi: a station join completes after
`join_delay` seconds on a host timer; an access point with `password=None` is open and accepts
any password, a protected one needs its password (else status "wrong_password"). With
`accept_unknown` (the default) an SSID that is not in the list joins as if such a network existed,
so that solution templates with placeholder SSIDs run; turn it off to test "no AP found".
Cloud: the devices board code connected register here; `inject_*` reaches their callbacks.
"""

from __future__ import annotations

import collections
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from ide.virtualboard.haas.common import call_later

DEFAULT_AP = "HaaS-Virtual-AP"
SECURE_AP = "HaaS-Virtual-WPA2"
SECURE_PASSWORD = "haas1234"
IFCONFIG = ("192.168.31.100", "255.255.255.0", "192.168.31.1", "192.168.31.1")


@dataclass
class AccessPoint:
    ssid: str
    password: str | None = None  # None: an open network
    rssi: int = -45
    channel: int = 6
    bssid: str = field(default="")

    def public(self) -> dict:
        return {"ssid": self.ssid, "open": self.password is None, "rssi": self.rssi,
                "channel": self.channel, "bssid": self.bssid}


class Wifi:
    """Access points, and the station's join state: idle, connecting, connected, wrong_password, no_ap."""

    def __init__(self, emit: Callable[..., None]) -> None:
        self._emit = emit
        self._lock = threading.Lock()
        self.access_points = [AccessPoint(DEFAULT_AP, None, -40, 6, "24:0a:c4:00:00:01"),
                              AccessPoint(SECURE_AP, SECURE_PASSWORD, -55, 11, "24:0a:c4:00:00:02")]
        self.accept_unknown = True
        self.join_delay = 0.3
        self.active = False
        self.status = "idle"
        self.ssid: str | None = None
        self.rssi = 0
        self._attempt = 0

    def find(self, ssid: str) -> AccessPoint | None:
        return next((ap for ap in self.access_points if ap.ssid == ssid), None)

    def add(self, ssid: str, password: str | None = None, rssi: int = -50, channel: int = 1) -> AccessPoint:
        ap = AccessPoint(str(ssid), password, int(rssi), int(channel),
                         f"24:0a:c4:00:{len(self.access_points) // 256:02x}:{len(self.access_points) % 256:02x}")
        with self._lock:
            self.access_points = [a for a in self.access_points if a.ssid != ap.ssid] + [ap]
        return ap

    def remove(self, ssid: str) -> bool:
        with self._lock:
            before = len(self.access_points)
            self.access_points = [a for a in self.access_points if a.ssid != ssid]
            return len(self.access_points) != before

    def connect(self, ssid: str, password: str) -> None:
        """Start joining; the result arrives after `join_delay` seconds."""
        with self._lock:
            self._attempt += 1
            attempt = self._attempt
            self.status, self.ssid = "connecting", ssid
        self._emit("wifi", action="connecting", ssid=ssid)
        call_later(self.join_delay, lambda: self._complete(attempt, ssid, password))

    def _complete(self, attempt: int, ssid: str, password: str) -> None:
        ap = self.find(ssid)
        if ap is None and self.accept_unknown:
            ap = AccessPoint(ssid, None, -60, 1)
        with self._lock:
            if attempt != self._attempt:
                return
            if ap is None:
                self.status = "no_ap"
            elif ap.password is not None and ap.password != password:
                self.status = "wrong_password"
            else:
                self.status, self.rssi = "connected", ap.rssi
            status = self.status
        if status == "connected":
            self._emit("wifi", action="connected", ssid=ssid, ip=IFCONFIG[0])
        else:
            self._emit("wifi", action="failed", ssid=ssid, reason=status)

    def disconnect(self) -> None:
        with self._lock:
            self._attempt += 1
            was = self.status
            self.status = "idle"
        if was != "idle":
            self._emit("wifi", action="disconnected", ssid=self.ssid)

    @property
    def connected(self) -> bool:
        return self.status == "connected"

    def snapshot(self) -> dict:
        return {"active": self.active, "status": self.status, "ssid": self.ssid,
                "ip": IFCONFIG[0] if self.connected else None, "accept_unknown": self.accept_unknown,
                "access_points": [ap.public() for ap in self.access_points]}


class Cloud:
    """Alibaba Cloud IoT as the board sees it: connected devices, what they posted, what it sends."""

    HISTORY = 200

    def __init__(self, emit: Callable[..., None]) -> None:
        self._emit = emit
        self._lock = threading.Lock()
        self.reachable = True
        self.connect_delay = 0.05
        self.devices: list[Any] = []
        self.properties: dict[str, Any] = {}
        self.history: collections.deque[dict] = collections.deque(maxlen=self.HISTORY)
        self._msg_id = 0

    def register(self, device: Any) -> Callable[[], None]:
        with self._lock:
            self.devices.append(device)
        return lambda: self.unregister(device)

    def unregister(self, device: Any) -> None:
        with self._lock:
            if device in self.devices:
                self.devices.remove(device)

    def record(self, action: str, **data: Any) -> None:
        """Board-to-cloud traffic: kept in `history` and sent to observers as a "cloud" event."""
        entry = {"action": action, **data}
        with self._lock:
            self.history.append(entry)
            if action == "postProps" and isinstance(data.get("params"), dict):
                self.properties.update(data["params"])
        self._emit("cloud", **entry)

    def next_msg_id(self) -> int:
        with self._lock:
            self._msg_id += 1
            return self._msg_id

    def _connected(self) -> list[Any]:
        with self._lock:
            return [d for d in self.devices if d.connected]

    def inject_props(self, params: dict) -> int:
        """The cloud sets properties: ON_PROPS gets `params` as a JSON string, as HaaS does."""
        text = json.dumps(params, ensure_ascii=False, separators=(",", ":"))
        targets = self._connected()
        for device in targets:
            device.deliver_props(text, self.next_msg_id())
        self._emit("cloud", action="props", params=params, delivered=len(targets))
        return len(targets)

    def inject_service(self, service_id: str, params: dict) -> int:
        text = json.dumps(params, ensure_ascii=False, separators=(",", ":"))
        targets = self._connected()
        for device in targets:
            device.deliver_service(service_id, text, self.next_msg_id())
        self._emit("cloud", action="service", service_id=service_id, params=params, delivered=len(targets))
        return len(targets)

    def inject_message(self, topic: str, payload: str) -> int:
        targets = [d for d in self._connected() if d.subscribed_to(topic)]
        for device in targets:
            device.deliver_message(topic, payload)
        self._emit("cloud", action="message", topic=topic, payload=payload, delivered=len(targets))
        return len(targets)

    def drop(self) -> int:
        """The connection drops: ON_DISCONNECT for every connected device."""
        targets = self._connected()
        for device in targets:
            device.deliver_disconnect()
        self._emit("cloud", action="dropped", delivered=len(targets))
        return len(targets)

    def snapshot(self) -> dict:
        with self._lock:
            devices = [d.describe() for d in self.devices]
            return {"reachable": self.reachable, "devices": devices, "connected": any(d["connected"] for d in devices),
                    "properties": dict(self.properties), "history": list(self.history)[-20:]}


def topic_matches(pattern: str, topic: str) -> bool:
    """MQTT topic filter matching with `+` (one level) and `#` (the rest)."""
    parts, names = pattern.split("/"), topic.split("/")
    for i, part in enumerate(parts):
        if part == "#":
            return True
        if i >= len(names) or (part != "+" and part != names[i]):
            return False
    return len(parts) == len(names)
