"""Networking modules of the virtual board: MicroPython's `network`, HaaS's `netmgr` and `http`.

All three use the simulated Wi-Fi in `Hardware.wifi` (see `wireless.py` for which networks join).
`network.WLAN(STA_IF)` behaves like MicroPython 1.17 on ESP32: connect() starts the join and
returns, isconnected() turns True when it completes, status() gives STAT_* codes. `netmgr` is the
HaaS EDU K1 style API (getStatus() == 5 means connected). There is no internet behind the access
point: `http.request`/`http.download` answer -1.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

from ide.virtualboard.fs import MpOSError
from ide.virtualboard.haas.common import FAILED, OK
from ide.virtualboard.haas.wireless import IFCONFIG
from ide.virtualboard.modules import module_from

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

STA_IF, AP_IF = 0, 1
STAT_IDLE, STAT_CONNECTING, STAT_GOT_IP = 1000, 1001, 1010
STAT_BEACON_TIMEOUT, STAT_NO_AP_FOUND, STAT_WRONG_PASSWORD = 200, 201, 202
STAT_ASSOC_FAIL, STAT_HANDSHAKE_TIMEOUT = 203, 204
AUTH_OPEN, AUTH_WEP, AUTH_WPA_PSK, AUTH_WPA2_PSK, AUTH_WPA_WPA2_PSK = 0, 1, 2, 3, 4
STATUS_CODES = {"idle": STAT_IDLE, "connecting": STAT_CONNECTING, "connected": STAT_GOT_IP,
                "no_ap": STAT_NO_AP_FOUND, "wrong_password": STAT_WRONG_PASSWORD}
NO_ADDRESS = ("0.0.0.0", "0.0.0.0", "0.0.0.0", "0.0.0.0")
AP_ADDRESS = ("192.168.4.1", "255.255.255.0", "192.168.4.1", "0.0.0.0")


def mac_address(board: Any, interface: int = STA_IF) -> bytes:
    """A stable Espressif-style MAC for this board (the soft-AP one is one higher, as on ESP32)."""
    seed = sum(board.board_id.encode()) & 0xFF
    return bytes([0x24, 0x0A, 0xC4, 0x5A, seed, 0x10 + interface])


class WLAN:
    _vm: "Vm"

    def __init__(self, interface: int = STA_IF) -> None:
        if interface not in (STA_IF, AP_IF):
            raise ValueError("invalid WLAN interface identifier")
        self._interface = interface
        self._ap_active = False
        self._ap_essid = f"ESP_{mac_address(self._vm.board, AP_IF)[-3:].hex().upper()}"

    def __repr__(self) -> str:
        return "<WLAN>"

    @property
    def _wifi(self):
        return self._vm.board.hardware.wifi

    def active(self, is_active: Any = None) -> Any:
        if self._interface == AP_IF:
            if is_active is not None:
                self._ap_active = bool(is_active)
            return self._ap_active
        if is_active is None:
            return self._wifi.active
        self._wifi.active = bool(is_active)
        if not is_active:
            self._wifi.disconnect()
        return None

    def _need_station(self) -> None:
        if self._interface != STA_IF:
            raise MpOSError("AP doesn't support this operation")
        if not self._wifi.active:
            raise MpOSError("Wifi Not Started")

    def connect(self, ssid: Any = None, key: Any = None, *, bssid: Any = None) -> None:
        self._need_station()
        if ssid is None:
            raise MpOSError("Wifi Invalid Argument")
        self._wifi.connect(str(ssid), "" if key is None else str(key))

    def disconnect(self) -> None:
        if self._interface == STA_IF:
            self._wifi.disconnect()

    def isconnected(self) -> bool:
        return self._interface == STA_IF and self._wifi.connected

    def status(self, param: str | None = None) -> Any:
        if param == "rssi":
            if not self.isconnected():
                raise MpOSError("STA must be connected to get rssi")
            return self._wifi.rssi
        if param is not None:
            raise ValueError("unknown status param")
        return STATUS_CODES.get(self._wifi.status, STAT_IDLE) if self._interface == STA_IF else STAT_IDLE

    def ifconfig(self, config: Any = None) -> Any:
        if config is not None:
            return None
        if self._interface == AP_IF:
            return AP_ADDRESS
        return IFCONFIG if self._wifi.connected else NO_ADDRESS

    def scan(self) -> list[tuple]:
        self._need_station()
        return [(ap.ssid.encode(), bytes.fromhex(ap.bssid.replace(":", "")) if ap.bssid else bytes(6),
                 ap.channel, ap.rssi, AUTH_OPEN if ap.password is None else AUTH_WPA2_PSK, False)
                for ap in self._wifi.access_points]

    def config(self, *args: str, **kwargs: Any) -> Any:
        if kwargs:
            if self._interface == AP_IF and "essid" in kwargs:
                self._ap_essid = str(kwargs["essid"])
            return None
        if len(args) != 1:
            raise TypeError("can query only one param")
        values = {"mac": mac_address(self._vm.board, self._interface), "channel": 6,
                  "essid": self._ap_essid if self._interface == AP_IF else (self._wifi.ssid or ""),
                  "hidden": False, "authmode": AUTH_OPEN, "dhcp_hostname": "espressif", "txpower": 20.0}
        if args[0] not in values:
            raise ValueError("unknown config param")
        return values[args[0]]


def make_network(vm: "Vm") -> types.ModuleType:
    constants = {name: value for name, value in globals().items()
                 if name.isupper() and name.split("_")[0] in ("STA", "AP", "STAT", "AUTH")}
    wlan = type("WLAN", (WLAN,), {"_vm": vm, "__module__": "network"})
    return module_from("network", dict(constants, WLAN=wlan, phy_mode=lambda mode=None: 4 if mode is None else None,
                                       MODE_11B=1, MODE_11G=2, MODE_11N=4))


# -- netmgr ------------------------------------------------------------------------------------
NETMGR_STATUS = {"idle": 1, "connecting": 2, "connected": 5, "no_ap": 6, "wrong_password": 6}


def make_netmgr(vm: "Vm") -> types.ModuleType:
    wifi = vm.board.hardware.wifi
    callbacks: dict[int, Any] = {}

    def connect(ssid: Any, password: Any = None) -> int:
        if isinstance(ssid, dict):
            ssid, password = ssid.get("ssid"), ssid.get("password")
        wifi.active = True
        if callbacks:
            _notify_when_joined()
        wifi.connect(str(ssid), "" if password is None else str(password))
        return OK

    def _notify_when_joined() -> None:
        def joined(event: dict) -> None:
            if event.get("event") == "wifi" and event.get("action") in ("connected", "failed"):
                unsubscribe()
                for callback in list(callbacks.values()):
                    vm.schedule(callback, NETMGR_STATUS.get(wifi.status, 1))
        unsubscribe = vm.board.events.subscribe(joined)
        vm.add_cleanup(unsubscribe)

    def get_info() -> dict:
        connected = wifi.connected
        ip = IFCONFIG[0] if connected else "0.0.0.0"
        mac = ":".join(f"{b:02x}" for b in mac_address(vm.board))
        info = {"ssid": wifi.ssid or "", "ip": ip, "mask": IFCONFIG[1] if connected else "0.0.0.0",
                "gw": IFCONFIG[2] if connected else "0.0.0.0", "dns": IFCONFIG[3] if connected else "0.0.0.0",
                "mac": mac, "rssi": wifi.rssi if connected else 0, "dhcp_en": 1}
        info.update({"SSID": info["ssid"], "IP": ip, "MAC": mac, "RSSI": info["rssi"]})
        return info

    def register_call_back(kind: int, callback: Any) -> int:
        callbacks[int(kind)] = callback
        return OK

    return module_from("netmgr", dict(
        init=lambda *a: OK, deinit=lambda *a: OK, connect=connect, getInfo=get_info,
        disconnect=lambda *a: (wifi.disconnect(), OK)[1], getType=lambda *a: 0,
        getStatus=lambda *a: NETMGR_STATUS.get(wifi.status, 1), register_call_back=register_call_back,
        autoReconnect=lambda *a: OK, getChannelList=lambda *a: [ap.channel for ap in wifi.access_points],
    ))


# -- http --------------------------------------------------------------------------------------
def make_http(vm: "Vm") -> types.ModuleType:
    """HaaS `http`: with no internet behind the simulated access point every request fails (-1)."""
    events = vm.board.events

    def request(data: Any, callback: Any = None) -> int:
        if not isinstance(data, dict):
            return FAILED
        events.emit("http", action="request", url=str(data.get("url", "")), method=str(data.get("method", "GET")))
        return FAILED

    def download(data: Any, callback: Any = None) -> int:
        if not isinstance(data, dict):
            return FAILED
        events.emit("http", action="download", url=str(data.get("url", "")), path=str(data.get("filepath", "")))
        return FAILED

    return module_from("http", dict(request=request, download=download))
