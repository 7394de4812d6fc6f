"""MicroPython `network` (ESP32 boards): join a Wi-Fi network.

    import network
    wlan = network.WLAN(network.STA_IF)
    wlan.active(True)
    wlan.connect('ssid', 'password')
    while not wlan.isconnected(): utime.sleep_ms(100)
"""

from typing import Any

STA_IF: int
"""Station interface: the board joins an access point."""
AP_IF: int
"""Access-point interface: the board is the access point."""
STAT_IDLE: int
STAT_CONNECTING: int
STAT_GOT_IP: int
STAT_NO_AP_FOUND: int
STAT_WRONG_PASSWORD: int
STAT_BEACON_TIMEOUT: int
STAT_ASSOC_FAIL: int
STAT_HANDSHAKE_TIMEOUT: int
AUTH_OPEN: int
AUTH_WEP: int
AUTH_WPA_PSK: int
AUTH_WPA2_PSK: int
AUTH_WPA_WPA2_PSK: int

class WLAN:
    """A Wi-Fi interface: WLAN(STA_IF) or WLAN(AP_IF)."""

    def __init__(self, interface: int = ...) -> None: ...
    def active(self, is_active: bool | None = None) -> bool | None:
        """Switch the interface on or off; without an argument, tell whether it is on."""
    def connect(self, ssid: str, key: str | None = None, *, bssid: bytes | None = None) -> None:
        """Start joining network `ssid` with password `key`; returns at once (see isconnected())."""
    def disconnect(self) -> None:
        """Leave the network."""
    def isconnected(self) -> bool:
        """True once the board has joined the network and has an IP address."""
    def status(self, param: str | None = None) -> Any:
        """The connection state (a STAT_* code), or status('rssi') for the signal strength."""
    def ifconfig(self, config: tuple[str, str, str, str] | None = None) -> tuple[str, str, str, str]:
        """(ip, netmask, gateway, dns); with `config`, set them instead."""
    def scan(self) -> list[tuple]:
        """Visible networks as (ssid, bssid, channel, rssi, authmode, hidden) tuples."""
    def config(self, *args: str, **kwargs: Any) -> Any:
        """Read a setting (config('mac'), config('essid')) or change some (config(essid='x'))."""
