"""The HaaS layer of the virtual board: HaaS Python v2.2's own modules and the outside world.

`FACTORIES` maps each built-in module name board code can import to a factory `f(vm)` that
makes a fresh module for that boot (merged into `ide.virtualboard.modules`). The shared
outside-world state is `hardware.Hardware`, created once per board; `commands` is its control
protocol, served over TCP by `ide.virtualboard.control`.
"""

from __future__ import annotations

from ide.virtualboard.haas.cloud import make_aliyuniot
from ide.virtualboard.haas.driver import make_driver
from ide.virtualboard.haas.machine import make_machine
from ide.virtualboard.haas.net import make_http, make_netmgr, make_network
from ide.virtualboard.haas.system import make_kv, make_system

FACTORIES = {
    "driver": make_driver,
    "aliyunIoT": make_aliyuniot,
    "network": make_network,
    "netmgr": make_netmgr,
    "http": make_http,
    "kv": make_kv,
    "system": make_system,
    "machine": make_machine,
}
