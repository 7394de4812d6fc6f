"""Virtual board commands: board serve."""

from __future__ import annotations

import argparse

from ide.commands import baud_rate, host_port, whole_number
from ide.i18n import _

RX_BUFFER = (16, 1 << 20)       # bytes: a UART FIFO's worth to far more than any chip has
FS_SIZE = (4096, 1 << 30)       # bytes: one flash sector to a generous 1 GiB


def _board_serve(args: argparse.Namespace) -> int:
    from ide.virtualboard.cli import serve

    return serve(args)


def _add_serve(boards: argparse._SubParsersAction) -> None:
    from ide.virtualboard.catalogue import BOARD_CHIPS, FIRMWARE_VARIANTS

    serve = boards.add_parser("serve", help=_("start a virtual board and print its port on the first line"),
                              description=_("Start a virtual HaaS Python board on a pseudo-terminal "
                                            "(or a TCP socket) and print the port name on the first line."),
                              epilog=_("The board's flash is kept in the --fs folder (.flash/, hidden from "
                                       "the board's files). Over RFC 2217, DTR/RTS reset the board as a USB "
                                       "bridge's auto-reset circuit does; on a pty or socket, start it with "
                                       "--download-mode to flash it. HaaS EDU K1 and HaaS200 boards (--board "
                                       "haas-edu-k1, haas200) open their boot window at every reset; haas-ide "
                                       "deploy sends a project through it."))
    serve.add_argument("--board", default="virtual", choices=sorted(BOARD_CHIPS), help=_("board to simulate"))
    serve.add_argument("--fs", metavar="DIR", help=_("folder holding the board's file system (default: a temporary one)"))
    serve.add_argument("--baud", type=baud_rate, metavar="N",
                       help=_("limit each direction to N/10 bytes per second, like a UART"))
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--socket", type=host_port(), metavar="HOST:PORT",
                       help=_("serve on a TCP socket (socket://HOST:PORT) instead of a pty"))
    where.add_argument("--rfc2217", type=host_port(), metavar="HOST:PORT",
                       help=_("serve RFC 2217 (rfc2217://HOST:PORT), which carries DTR/RTS: esptool can reset "
                              "the board into its bootloader"))
    serve.add_argument("--firmware", default="v2.2", choices=FIRMWARE_VARIANTS,
                       help=_("firmware to behave like: v2.2 (HaaS Python, MicroPython 1.17), legacy (no raw-paste) "
                              "or stock (plain MicroPython: runs /main.py)"))
    serve.add_argument("--rx-buffer", type=whole_number(*RX_BUFFER), default=256, metavar="BYTES",
                       help=_("size of the board's receive buffer"))
    serve.add_argument("--fs-size", type=whole_number(*FS_SIZE), metavar="BYTES",
                       help=_("capacity of the board's file system"))
    serve.add_argument("--download-mode", action="store_true",
                       help=_("start in the ESP32 serial bootloader, as when BOOT is held at power-on"))
    serve.add_argument("--flash-size", choices=("4MB", "8MB", "16MB"),
                       help=_("size of the board's flash (default: the board's own)"))
    serve.add_argument("--max-baud", type=baud_rate, metavar="N",
                       help=_("fastest baud rate the serial line carries; faster rates garble, as with a poor cable"))
    serve.add_argument("--control", type=host_port(bare_port=True), metavar="HOST:PORT",
                       help=_("also serve the JSON-lines control channel (pins, cloud) and print its address on line 2"))
    serve.set_defaults(handler=_board_serve)


def register(sub: argparse._SubParsersAction) -> None:
    board = sub.add_parser("board", help=_("virtual board commands"), description=_("Virtual board commands."))
    board_sub = board.add_subparsers(dest="board_command", metavar="COMMAND", required=True)
    _add_serve(board_sub)
