"""Host side of the firmware's system modules: `os` extras, `input()`, `help()`.

Their MicroPython faces are `engine/vmlib/board_os.py` and `board_builtins.py`. `os.stat`,
`os.ilistdir` and `os.statvfs` answer from the board's file system model as an ESP32's littlefs
does: 10-tuples with times since 2000, (name, type, 0, size) entries, the partition's blocks.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge, Interrupted
from ide.virtualboard.haas.common import size_arg

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

HELP_TEXT = (
    "Welcome to HaaS Python (MicroPython) on the virtual board!\n\n"
    "Control commands:\n  CTRL-A        -- on a blank line, enter raw REPL mode\n"
    "  CTRL-B        -- on a blank line, enter normal REPL mode\n"
    "  CTRL-C        -- interrupt a running program\n"
    "  CTRL-D        -- on a blank line, do a soft reset of the board\n"
    "  CTRL-E        -- on a blank line, enter paste mode\n\n"
    "For further help on a specific object, type help(obj)\n"
)


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    personality = board.personality
    bridge.module("board_builtins", "_board_builtins", eager=True)
    bridge.module("board_os", "os", "uos", eager=True)
    bridge.module("board_micropython", "micropython", eager=True)
    fs = board.fs
    bridge.add("os", {
        "uname": lambda: [personality.sysname, personality.sysname, personality.release,
                          personality.version_text, personality.machine],
        "version_info": lambda: personality.haas_version,
        "stat": lambda path: fs.stat(_board_path(path)),
        "ilistdir": lambda path: list(fs.ilistdir(_board_path(path))),
        "statvfs": lambda path: fs.statvfs(_board_path(path)),
        "urandom": lambda size: os.urandom(size_arg(size)).hex(),
    })
    bridge.add("board", {
        "input": lambda: read_line(board),
        "help": lambda: HELP_TEXT,
        "kbd_intr": lambda char: _set_kbd_char(board, char),
    })


def _board_path(path: object) -> str:
    """An absolute board path the VM sent (its face joins relative ones to its own cwd)."""
    if not isinstance(path, str):
        raise TypeError("can't convert to str implicitly")
    if not path.startswith("/"):
        raise ValueError("absolute path expected")
    return path


def _set_kbd_char(board: "VirtualBoard", char: object) -> None:
    if not isinstance(char, int) or isinstance(char, bool):
        raise TypeError("can't convert to int")
    board.vm.kbd_char = char


def read_line(board: "VirtualBoard") -> str:
    """A line typed on the UART, echoed, with backspace; Enter ends it (input())."""
    buf = bytearray()
    while True:
        c = _next_byte(board)
        if c in (0x0D, 0x0A):
            board.tx(b"\r\n")
            return buf.decode("utf-8", "replace")
        if c in (0x08, 0x7F):
            if buf:
                del buf[-1]
                board.tx(b"\x08 \x08")
            continue
        buf.append(c)
        board.tx(bytes([c]))


def _next_byte(board: "VirtualBoard") -> int:
    uart = board.uart
    with uart.consuming():
        if not board.vm.wait_for(lambda: uart.any() > 0, None):
            raise Interrupted()
    return uart.read_available(1)[0]
