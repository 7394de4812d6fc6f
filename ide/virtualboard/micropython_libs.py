"""MicroPython library modules the HaaS firmware has and the VM lacks, written for the virtual board.

Each is a MicroPython file in `engine/vmlib/` (see its header for what it models): `utimeq`,
`ulog`, `ucryptolib`, `btree`, `uasyncio`, `upysh`, and the two that need a network the virtual
board does not have, `upip` and `webrepl`, which say so in one line. Only `ulog` asks the host
anything (board.json's log level). (`urandom` is the VM's own; `uzlib` and `_thread` come with
the standard-module port in `stdlib_services.py`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

LOG_LEVELS = {"NONE": 0, "FATAL": 1, "ERROR": 2, "WARN": 3, "INFO": 4, "DEBUG": 5}
MODULES = (
    ("board_utimeq", "utimeq"), ("board_ulog", "ulog"), ("board_ucryptolib", "ucryptolib"), ("board_btree", "btree"),
    ("board_uasyncio", "uasyncio"), ("board_upip", "upip"), ("board_webrepl", "webrepl"),
)


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    for vmlib_name, name in MODULES:
        offer(bridge, board, vmlib_name, name)
    offer(bridge, board, "board_upysh", "upysh", eager=True)  # `from upysh import *` needs it loaded
    bridge.add("ulog", {"level": lambda: log_level(board)})


def log_level(board: "VirtualBoard") -> int:
    """The console log level board.json's "debugLevel" sets (default ERROR, as the firmware)."""
    config = board.vm.board_config if board.vm is not None else None
    level = (config or {}).get("debugLevel", "ERROR")
    return LOG_LEVELS.get(str(level).upper(), LOG_LEVELS["ERROR"])
