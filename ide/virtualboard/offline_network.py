"""Network modules of the firmware on a board without a real network: `usocket`, `ussl`,
`umqtt.simple` / `umqtt.robust` and `ubluetooth` behave as the firmware does when the peer or the
radio is absent (see each MicroPython face in `engine/vmlib/`). Nothing here opens a host socket;
the only host call says whether the board's simulated Wi-Fi is joined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge
from ide.virtualboard.firmware_catalogue import has, offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    offer(bridge, board, "board_usocket", "usocket")
    offer(bridge, board, "board_ussl", "ussl")
    offer(bridge, board, "board_ubluetooth", "ubluetooth")
    if has(board, "umqtt.simple") or has(board, "umqtt.robust"):
        bridge.module("board_umqtt", "umqtt")
        offer(bridge, board, "board_umqtt.simple", "umqtt.simple")
        offer(bridge, board, "board_umqtt.robust", "umqtt.robust")
    bridge.add("net", {"wifi_up": lambda: wifi_up(board)})


def wifi_up(board: "VirtualBoard") -> bool:
    hardware = board.hardware
    return hardware is not None and hardware.wifi.status == "connected"
