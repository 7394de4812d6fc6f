"""`haas-ide`: with no arguments it opens the IDE; sub-commands work headless.

The command line is a stable interface (tests, CI and power users depend on it). Every command
exits 0 on success and 1 on a user-facing error, printed as one line (`haas-ide: error: ...`)
with a hint; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from ide import __version__
from ide.core.errors import IdeError, NotBuiltError
from ide.i18n import _

Handler = Callable[[argparse.Namespace], int]


def _not_built(command: str, issue: str) -> Handler:
    def handler(args: argparse.Namespace) -> int:
        raise NotBuiltError(_("'haas-ide {command}' is not available in this version yet.").format(command=command),
                            _("It arrives with the {feature} feature.").format(feature=issue))
    return handler


def _board_serve(args: argparse.Namespace) -> int:
    from ide.virtualboard.cli import serve

    return serve(args)


def _add_serve(boards: argparse._SubParsersAction) -> None:
    from ide.virtualboard.board import BOARD_CHIPS, FIRMWARE_VARIANTS

    serve = boards.add_parser("serve", help=_("start a virtual board and print its port on the first line"),
                              description=_("Start a virtual HaaS Python board on a pseudo-terminal "
                                            "(or a TCP socket) and print the port name on the first line."))
    serve.add_argument("--board", default="virtual", choices=sorted(BOARD_CHIPS), help=_("board to simulate"))
    serve.add_argument("--fs", metavar="DIR", help=_("folder holding the board's file system (default: a temporary one)"))
    serve.add_argument("--baud", type=int, metavar="N", help=_("limit each direction to N/10 bytes per second, like a UART"))
    serve.add_argument("--socket", metavar="HOST:PORT", help=_("serve on a TCP socket (socket://HOST:PORT) instead of a pty"))
    serve.add_argument("--firmware", default="v2.2", choices=FIRMWARE_VARIANTS,
                       help=_("firmware to behave like: v2.2 (MicroPython 1.17) or legacy (no raw-paste)"))
    serve.add_argument("--rx-buffer", type=int, default=256, metavar="BYTES", help=_("size of the board's receive buffer"))
    serve.add_argument("--fs-size", type=int, metavar="BYTES", help=_("capacity of the board's file system"))
    serve.add_argument("--control", metavar="HOST:PORT",
                       help=_("also serve the JSON-lines control channel (pins, cloud) and print its address on line 2"))
    serve.set_defaults(handler=_board_serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="haas-ide", description=_("HaaS IDE: an IDE for HaaS Python and MicroPython boards. "
                                                                   "With no command it opens the IDE."))
    parser.add_argument("--version", action="version", version=f"haas-ide {__version__}")
    parser.add_argument("--exit-when-shown", action="store_true",
                        help=_("open the IDE, exit as soon as the main window is shown and idle (start-up timing)"))
    parser.add_argument("--lang", choices=("en", "zh_CN"), help=_("language of the interface"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str, feature: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(handler=_not_built(name, feature))
        return p

    p = command("new", _("create a project from a solution template"), _("projects and templates"))
    p.add_argument("dir")
    p.add_argument("--template", required=True)
    p.add_argument("--board", required=True)
    p.add_argument("--set", action="append", metavar="KEY=VALUE", default=[])
    p = command("check", _("validate board.json and compile every .py; exit 1 on errors"), _("board.json checking"))
    p.add_argument("dir")
    p.add_argument("--json", action="store_true")
    p = command("ports", _("list serial ports and the board detected on each"), _("connection"))
    p.add_argument("--json", action="store_true")
    p = command("deploy", _("deploy changed files, soft-reset and stream the output"), _("deploy"))
    p.add_argument("dir")
    p.add_argument("--port", required=True)
    for flag in ("--dry-run", "--no-run", "--no-follow", "--json"):
        p.add_argument(flag, action="store_true")
    p = command("run", _("run a file on the board without saving it there"), _("deploy"))
    p.add_argument("file")
    p.add_argument("--port", required=True)
    p = command("console", _("interactive serial console"), _("console"))
    p.add_argument("--port", required=True)
    p = command("flash", _("flash the board's firmware"), _("firmware flashing"))
    p.add_argument("--port", required=True)
    p.add_argument("--board", required=True)
    p.add_argument("--image", metavar="FILE")
    p.add_argument("--erase", action="store_true")
    p.add_argument("--baud", type=int)
    p = command("firmware", _("list, inspect and import firmware images"), _("firmware catalogue"))
    p.add_argument("action", choices=("list", "info", "import"))
    p.add_argument("file", nargs="?")
    p = command("templates", _("list solution templates"), _("projects and templates"))
    p.add_argument("--board")
    p.add_argument("--json", action="store_true")
    p = command("boards", _("list supported boards"), _("boards catalogue"))
    p.add_argument("--json", action="store_true")
    p = command("lib", _("search, add and remove HaaS driver libraries"), _("driver library"))
    p.add_argument("action", choices=("search", "add", "remove"))
    p.add_argument("name", nargs="?")

    board = sub.add_parser("board", help=_("virtual board commands"), description=_("Virtual board commands."))
    board_sub = board.add_subparsers(dest="board_command", metavar="COMMAND", required=True)
    _add_serve(board_sub)
    return parser


def _open_gui(args: argparse.Namespace) -> int:
    from ide.gui.app import run

    return run(exit_when_shown=args.exit_when_shown)


def main(argv: Sequence[str] | None = None) -> int:
    from ide.i18n import set_language

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=("en", "zh_CN"))
    known, _rest = pre.parse_known_args(argv)
    if known.lang:
        set_language(known.lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", _open_gui)
    try:
        return handler(args)
    except IdeError as exc:
        print(_("haas-ide: error: {message}").format(message=str(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
