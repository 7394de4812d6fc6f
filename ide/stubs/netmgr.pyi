"""HaaS `netmgr` (HaaS EDU K1, HaaS200): the network manager that joins Wi-Fi.

    import netmgr
    netmgr.init()
    netmgr.connect('ssid', 'password')
    while netmgr.getStatus() != 5: utime.sleep(1)
"""

from typing import Any, Callable

def init() -> int:
    """Start the network manager; call once before connect()."""
def deinit() -> int:
    """Stop the network manager."""
def connect(ssid: str, password: str) -> int:
    """Start joining Wi-Fi network `ssid`; returns at once (poll getStatus())."""
def disconnect() -> int:
    """Leave the network."""
def getStatus() -> int:
    """The connection state; 5 means connected with an IP address."""
def getInfo() -> dict:
    """Details of the connection: {'ssid', 'ip', 'mask', 'gw', 'dns', 'mac', 'rssi', ...}."""
def getType() -> int:
    """The kind of network interface in use (0: Wi-Fi)."""
def register_call_back(kind: int, callback: Callable[[int], Any]) -> int:
    """Call `callback(status)` when the connection state changes."""
def autoReconnect(enable: bool) -> int:
    """Rejoin the network automatically after it is lost."""
def getChannelList() -> list[int]:
    """The Wi-Fi channels seen in the last scan."""
