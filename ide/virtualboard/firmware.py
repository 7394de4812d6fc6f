"""What the board's firmware adds to MicroPython: its modules and `sys.path`, as one `Bridge`.

HaaS Python v2.2 keeps its app in /data/pyamp and has the HaaS modules (`driver`, `aliyunIoT`,
`network`, `kv`, ...); each has a MicroPython face in `engine/vmlib/` and host handlers over the
board's models (`system_services`, `stdlib_services`, `haas/*_services`, ...). `bridge_for(board)`
assembles them for one boot; which modules a board has comes from its catalogue entry
(`firmware_catalogue.py`), and every module is lazy (loaded on first use), so a boot stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

HAAS_SYS_PATH = ["", "/lib", "/data/pyamp", "/data/lib"]
STOCK_SYS_PATH = ["", ".frozen", "/lib"]  # MicroPython 1.17 on an ESP32


def _services() -> tuple:
    from ide.virtualboard import (app_services, device_services, firmware_catalogue, micropython_libs,
                                  modbus_services, offline_network, stdlib_services, system_services)
    from ide.virtualboard.haas import (cloud_services, driver_services, kv_services, machine_services, net_services,
                                       time_services)

    return (system_services, stdlib_services, firmware_catalogue, time_services, machine_services, driver_services,
            net_services, cloud_services, kv_services, micropython_libs, offline_network, device_services,
            modbus_services, app_services)


def bridge_for(board: "VirtualBoard") -> Bridge:
    bridge = Bridge(sys_path=list(HAAS_SYS_PATH if board.personality.haas else STOCK_SYS_PATH))
    for service in _services():
        service.install(bridge, board)
    return bridge
