# The firmware's `network` (MicroPython, runs in the VM): MicroPython 1.17's ESP32 WLAN over the
# board's simulated Wi-Fi (haas/net_services.py). A text answer from the host is the ESP32's
# OSError message ("Wifi Not Started").
from binascii import unhexlify
from _vm import call

STA_IF = 0
AP_IF = 1
STAT_IDLE = 1000
STAT_CONNECTING = 1001
STAT_GOT_IP = 1010
STAT_BEACON_TIMEOUT = 200
STAT_NO_AP_FOUND = 201
STAT_WRONG_PASSWORD = 202
STAT_ASSOC_FAIL = 203
STAT_HANDSHAKE_TIMEOUT = 204
AUTH_OPEN = 0
AUTH_WEP = 1
AUTH_WPA_PSK = 2
AUTH_WPA2_PSK = 3
AUTH_WPA_WPA2_PSK = 4
MODE_11B = 1
MODE_11G = 2
MODE_11N = 4
__name__ = "network"


def _checked(result):
    if isinstance(result, str):
        raise OSError(result)
    return result


def phy_mode(mode=None):
    return 4 if mode is None else None


class WLAN:
    def __init__(self, interface=STA_IF):
        call("network.active", interface)  # checks the interface
        self._if = interface

    def __repr__(self):
        return "<WLAN>"

    def active(self, is_active=None):
        return call("network.active", self._if, is_active)

    def connect(self, ssid=None, key=None, *, bssid=None):
        _checked(call("network.connect", self._if, ssid, key))

    def disconnect(self):
        call("network.disconnect", self._if)

    def isconnected(self):
        return call("network.isconnected", self._if)

    def status(self, param=None):
        return _checked(call("network.status", self._if, param))

    def ifconfig(self, config=None):
        if config is None:
            return tuple(call("network.ifconfig", self._if))

    def scan(self):
        return [(ssid.encode(), unhexlify(bssid), channel, rssi, auth, hidden)
                for ssid, bssid, channel, rssi, auth, hidden in _checked(call("network.scan", self._if))]

    def config(self, *args, **kwargs):
        for name in kwargs:
            call("network.config", self._if, name, kwargs[name])
        if kwargs:
            return None
        if len(args) != 1:
            raise TypeError("can query only one param")
        value = call("network.config", self._if, args[0])
        return unhexlify(value) if args[0] == "mac" else value
