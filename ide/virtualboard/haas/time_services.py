"""Host side of the firmware's clock modules: HaaS's `sntp` and MicroPython's `ntptime`.

`utime`/`time` itself is the VM's own clock (board time, with `Board.clock_offset` that RTC
settings move) seen through HaaS v1.17's face (`engine/vmlib/board_time.py`: seconds since
2000, 8-tuples). Synchronising with "the NTP server" needs the board's Wi-Fi to be connected, as
on a board (else `OSError: [Errno 110] ETIMEDOUT`); the host's own clock is the server's time.
`sntp.setTime(zone)` also sets the time zone that `utime.localtime()` applies, given as a POSIX
TZ string the way HaaS takes it ("CST-8" is UTC+8). Faces: `engine/vmlib/sntp.py`, `ntptime.py`.
"""

from __future__ import annotations

import errno
import re
import time
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import text_arg
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge

EPOCH_2000 = 946684800
_ZONE = re.compile(r"(?:[A-Za-z]{3,}|<[^>]*>)(?:([+-]?)(\d{1,2})(?::(\d{2}))?)?(?:[A-Za-z]{3,}.*)?")


def zone_offset(zone: Any) -> int:
    """Seconds east of UTC for a POSIX TZ string ("CST-8" -> 28800, "UTC" -> 0)."""
    match = _ZONE.fullmatch(text_arg(zone))
    if match is None:
        raise ValueError("invalid time zone")
    sign, hours, minutes = match.groups()
    if hours is None:
        return 0
    offset = int(hours) * 3600 + int(minutes or 0) * 60
    return offset if sign == "-" else -offset


def _need_network(board: "VirtualBoard") -> None:
    if not board.hardware.wifi.connected:
        raise OSError(errno.ETIMEDOUT, "ETIMEDOUT")


def sync(board: "VirtualBoard", zone: Any = None) -> int:
    """Set the board's clock from the network; the zone's offset (0 without one)."""
    offset = 0 if zone is None else zone_offset(zone)
    _need_network(board)
    board.clock_offset = 0
    return offset


def network_time(board: "VirtualBoard") -> int:
    """What an NTP server answers, in seconds since 2000 (ntptime.time())."""
    _need_network(board)
    return int(time.time()) - EPOCH_2000


def install(bridge: "Bridge", board: "VirtualBoard") -> None:
    """`import utime` / `time`, `sntp` and `ntptime` for one boot."""
    offer(bridge, board, "board_time", "utime", eager=True)  # `from utime import *` reads its names
    offer(bridge, board, "sntp", "sntp")
    offer(bridge, board, "ntptime", "ntptime")
    bridge.add("time", {"sync": lambda zone=None: sync(board, zone), "network_time": lambda: network_time(board)})
