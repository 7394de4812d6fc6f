"""What the board's firmware adds to MicroPython: its modules and `sys.path`, as one `Bridge`.

HaaS Python v2.2 keeps its app in /data/pyamp and has the HaaS modules (`driver`, `aliyunIoT`,
`network`, `kv`, ...); each has a MicroPython face in `engine/vmlib/` and host handlers over the
board's models. `bridge_for(board)` assembles them for one boot; which modules a board has comes
from its catalogue entry (`firmware_catalogue.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

HAAS_SYS_PATH = ["", "/lib", "/data/pyamp", "/data/lib"]


def bridge_for(board: "VirtualBoard") -> Bridge:
    from ide.virtualboard import (app_services, device_services, firmware_catalogue, micropython_libs,
                                  modbus_services, offline_network, system_services)

    bridge = Bridge(sys_path=list(HAAS_SYS_PATH))
    system_services.install(bridge, board)
    firmware_catalogue.install(bridge, board)
    micropython_libs.install(bridge, board)
    offline_network.install(bridge, board)
    device_services.install(bridge, board)
    modbus_services.install(bridge, board)
    app_services.install(bridge, board)
    return bridge
