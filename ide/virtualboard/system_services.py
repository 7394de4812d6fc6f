"""Host side of the firmware's system modules: `os` extras, `input()`, `help()`, `help('modules')`.

Their MicroPython faces are `engine/vmlib/board_os.py` and `board_builtins.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ide.virtualboard.engine.bridge import Bridge, Interrupted

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

MODULE_COLUMNS, MODULE_COLUMN_WIDTH = 4, 18
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
    bridge.add("os", {
        "uname": lambda: [personality.sysname, personality.sysname, personality.release,
                          personality.version_text, personality.machine],
        "version_info": lambda: personality.haas_version,
        "statvfs": lambda path: list(board.fs.statvfs(_text(path))),
        "ilistdir": lambda path: [list(entry) for entry in board.fs.ilistdir(_text(path))],
    })
    bridge.add("board", {
        "input": lambda: read_line(board),
        "help": lambda: HELP_TEXT,
        "help_modules": lambda: modules_help(board.board_id),
        "kbd_intr": lambda char: _set_kbd_char(board, char),
    })


def modules_help(board_id: str) -> str:
    """help('modules') as MicroPython prints it: the firmware's modules (the board's catalogue
    entry) sorted in four columns of 18 characters, filled column by column."""
    from ide.core.boards import get_board

    names = sorted({"__main__", *get_board(board_id).modules})
    rows = -(-len(names) // MODULE_COLUMNS)
    lines = []
    for row in range(rows):
        column = names[row::rows]
        lines.append("".join(_cell(name) for name in column[:-1]) + column[-1])
    return "\n".join(lines) + "\nPlus any modules on the filesystem\n"


def _cell(name: str) -> str:
    """A name padded to the next column (a name as wide as a column takes two)."""
    gap = MODULE_COLUMN_WIDTH - len(name)
    while gap < 1:
        gap += MODULE_COLUMN_WIDTH
    return name + " " * gap


def _set_kbd_char(board: "VirtualBoard", char: object) -> None:
    if not isinstance(char, int) or isinstance(char, bool):
        raise TypeError("can't convert to int")
    board.vm.kbd_char = char


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("can't convert to str implicitly")
    return value


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
