"""Host side of the networking modules: MicroPython's `network`, HaaS's `netmgr` and `http`.

All three use the simulated Wi-Fi in `Hardware.wifi` (see `wireless.py` for which networks join).
`network.WLAN(STA_IF)` behaves like MicroPython 1.17 on ESP32: connect() starts the join and
returns, isconnected() turns True when it completes, status() gives STAT_* codes; its errors are
`OSError("Wifi Not Started")` and friends, which the face raises from the message these handlers
return. `netmgr` is the HaaS EDU K1 style API (getStatus() == 5 means connected). There is no
internet behind the access point: `http.request`/`http.download` answer -1.
MicroPython faces: `engine/vmlib/board_network.py`, `netmgr.py`, `http.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import FAILED, OK, Callback, int_arg, text_arg
from ide.virtualboard.haas.wireless import IFCONFIG
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge

STA_IF, AP_IF = 0, 1
STAT_IDLE, STAT_CONNECTING, STAT_GOT_IP = 1000, 1001, 1010
STAT_NO_AP_FOUND, STAT_WRONG_PASSWORD = 201, 202
AUTH_OPEN, AUTH_WPA2_PSK = 0, 3
STATUS_CODES = {"idle": STAT_IDLE, "connecting": STAT_CONNECTING, "connected": STAT_GOT_IP,
                "no_ap": STAT_NO_AP_FOUND, "wrong_password": STAT_WRONG_PASSWORD}
NO_ADDRESS = ["0.0.0.0"] * 4
AP_ADDRESS = ["192.168.4.1", "255.255.255.0", "192.168.4.1", "0.0.0.0"]
NETMGR_STATUS = {"idle": 1, "connecting": 2, "connected": 5, "no_ap": 6, "wrong_password": 6}


def mac_address(board: Any, interface: int = STA_IF) -> bytes:
    """A stable Espressif-style MAC for this board (the soft-AP one is one higher, as on ESP32)."""
    seed = sum(board.board_id.encode()) & 0xFF
    return bytes([0x24, 0x0A, 0xC4, 0x5A, seed, 0x10 + interface])


def _interface(value: Any) -> int:
    if value not in (STA_IF, AP_IF) or isinstance(value, bool):
        raise ValueError("invalid WLAN interface identifier")
    return value


class Network:
    """One boot's `network`: the station is the board's Wi-Fi, the soft AP only keeps its settings."""

    def __init__(self, board: "VirtualBoard") -> None:
        self.board = board
        self.ap_active = False
        self.ap_essid = f"ESP_{mac_address(board, AP_IF)[-3:].hex().upper()}"

    @property
    def wifi(self):
        return self.board.hardware.wifi

    def active(self, interface: Any, is_active: Any = None) -> bool | None:
        if _interface(interface) == AP_IF:
            if is_active is not None:
                self.ap_active = bool(is_active)
            return self.ap_active
        if is_active is None:
            return self.wifi.active
        self.wifi.active = bool(is_active)
        if not is_active:
            self.wifi.disconnect()
        return None

    def _station_error(self, interface: int) -> str | None:
        if interface != STA_IF:
            return "AP doesn't support this operation"
        return None if self.wifi.active else "Wifi Not Started"

    def connect(self, interface: Any, ssid: Any = None, key: Any = None) -> str | None:
        """None once the join has started, else the OSError message."""
        error = self._station_error(_interface(interface))
        if error is None and ssid is None:
            error = "Wifi Invalid Argument"
        if error is None:
            self.wifi.connect(text_arg(ssid), "" if key is None else text_arg(key))
        return error

    def disconnect(self, interface: Any) -> None:
        if _interface(interface) == STA_IF:
            self.wifi.disconnect()

    def isconnected(self, interface: Any) -> bool:
        return _interface(interface) == STA_IF and self.wifi.connected

    def status(self, interface: Any, param: Any = None) -> Any:
        if param == "rssi":
            if not self.isconnected(interface):
                return "STA must be connected to get rssi"
            return self.wifi.rssi
        if param is not None:
            raise ValueError("unknown status param")
        return STATUS_CODES.get(self.wifi.status, STAT_IDLE) if _interface(interface) == STA_IF else STAT_IDLE

    def ifconfig(self, interface: Any) -> list[str]:
        if _interface(interface) == AP_IF:
            return AP_ADDRESS
        return list(IFCONFIG) if self.wifi.connected else NO_ADDRESS

    def scan(self, interface: Any) -> Any:
        """[ssid, bssid hex, channel, rssi, authmode, hidden] per access point, or the OSError message."""
        error = self._station_error(_interface(interface))
        if error is not None:
            return error
        return [[ap.ssid, ap.bssid.replace(":", "") if ap.bssid else "00" * 6, ap.channel, ap.rssi,
                 AUTH_OPEN if ap.password is None else AUTH_WPA2_PSK, False] for ap in self.wifi.access_points]

    def config(self, interface: Any, name: Any = None, value: Any = None) -> Any:
        """Query `name`, or set it to `value` (only the soft AP's essid is kept)."""
        interface = _interface(interface)
        if value is not None:
            if interface == AP_IF and name == "essid":
                self.ap_essid = text_arg(value)
            return None
        values = {"mac": mac_address(self.board, interface).hex(), "channel": 6,
                  "essid": self.ap_essid if interface == AP_IF else (self.wifi.ssid or ""),
                  "hidden": False, "authmode": AUTH_OPEN, "dhcp_hostname": "espressif", "txpower": 20.0}
        if name not in values:
            raise ValueError("unknown config param")
        return values[name]


class Netmgr:
    """One boot's `netmgr`: status callbacks when a join completes."""

    def __init__(self, board: "VirtualBoard", bridge: "Bridge") -> None:
        self.board = board
        self.bridge = bridge
        self.callbacks: dict[int, Callback] = {}

    @property
    def wifi(self):
        return self.board.hardware.wifi

    def status(self) -> int:
        return NETMGR_STATUS.get(self.wifi.status, 1)

    def connect(self, ssid: Any, password: Any = None) -> int:
        if isinstance(ssid, dict):
            ssid, password = ssid.get("ssid"), ssid.get("password")
        ssid = text_arg(ssid)
        password = "" if password is None else text_arg(password)
        self.wifi.active = True
        if self.callbacks:
            self._notify_when_joined()
        self.wifi.connect(ssid, password)
        return OK

    def _notify_when_joined(self) -> None:
        def joined(event: dict) -> None:
            if event.get("event") == "wifi" and event.get("action") in ("connected", "failed"):
                unsubscribe()
                for callback in list(self.callbacks.values()):
                    callback.fire(self.status())
        unsubscribe = self.board.events.subscribe(joined)
        self.bridge.on_end(unsubscribe)

    def info(self) -> dict:
        wifi = self.wifi
        connected = wifi.connected
        address = list(IFCONFIG) if connected else NO_ADDRESS
        mac = ":".join(f"{b:02x}" for b in mac_address(self.board))
        info = {"ssid": wifi.ssid or "", "ip": address[0], "mask": address[1], "gw": address[2], "dns": address[3],
                "mac": mac, "rssi": wifi.rssi if connected else 0, "dhcp_en": 1}
        info.update({"SSID": info["ssid"], "IP": info["ip"], "MAC": mac, "RSSI": info["rssi"]})
        return info

    def register_call_back(self, kind: Any, handle: Any) -> int:
        self.callbacks[int_arg(kind)] = Callback(self.board, handle)
        return OK

    def disconnect(self) -> int:
        self.wifi.disconnect()
        return OK

    def channels(self) -> list[int]:
        return [ap.channel for ap in self.wifi.access_points]


def http_request(board: "VirtualBoard", data: Any) -> int:
    """HaaS `http`: with no internet behind the simulated access point every request fails (-1)."""
    if not isinstance(data, dict):
        return FAILED
    board.events.emit("http", action="request", url=str(data.get("url", "")), method=str(data.get("method", "GET")))
    return FAILED


def http_download(board: "VirtualBoard", data: Any) -> int:
    if not isinstance(data, dict):
        return FAILED
    board.events.emit("http", action="download", url=str(data.get("url", "")), path=str(data.get("filepath", "")))
    return FAILED


def install(bridge: "Bridge", board: "VirtualBoard") -> None:
    """`import network`, `import netmgr` and `import http` for one boot."""
    network = Network(board)
    netmgr = Netmgr(board, bridge)
    offer(bridge, board, "board_network", "network")
    offer(bridge, board, "netmgr", "netmgr")
    offer(bridge, board, "http", "http")
    bridge.add("network", {name: getattr(network, name) for name in (
        "active", "connect", "disconnect", "isconnected", "status", "ifconfig", "scan", "config")})
    bridge.add("netmgr", {"status": netmgr.status, "connect": netmgr.connect, "info": netmgr.info,
                          "register_call_back": netmgr.register_call_back, "disconnect": netmgr.disconnect,
                          "channels": netmgr.channels})
    bridge.add("http", {"request": lambda data: http_request(board, data),
                        "download": lambda data: http_download(board, data)})
