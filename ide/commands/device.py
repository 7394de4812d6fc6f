"""Device commands: ports, deploy, run, console."""

from __future__ import annotations

import argparse

from ide.commands import add, baud_rate
from ide.i18n import _


def _lazy(name: str):
    """A handler that imports ide.commands.devicerun only when the command runs."""
    def handler(args: argparse.Namespace) -> int:
        from ide.commands import devicerun

        return getattr(devicerun, name)(args)
    return handler


def register(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "ports", _("list serial ports and the board detected on each"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_ports)
    p = add(sub, "deploy", _("deploy changed files, soft-reset and stream the output"))
    p.add_argument("dir")
    p.add_argument("--port", required=True)
    for flag in ("--dry-run", "--no-run", "--no-follow", "--json"):
        p.add_argument(flag, action="store_true")
    p.add_argument("--baud", type=baud_rate, default=None, help=_("default: the project board's baud rate"))
    p.add_argument("--app-dir", metavar="BOARD_DIR",
                   help=_("board folder to deploy to (default: the project's pinned folder, else the one the "
                          "firmware runs: /data/pyamp on HaaS Python, / on stock MicroPython)"))
    p.add_argument("--mirror", action="store_true",
                   help=_("also delete every other file in the app folder (with --dry-run: only list them)"))
    p.set_defaults(handler=_lazy("deploy_cmd"))
    p = add(sub, "run", _("run a file on the board without saving it there"))
    p.add_argument("file")
    p.add_argument("--port", required=True)
    p.add_argument("--baud", type=baud_rate, default=115200)
    p.set_defaults(handler=_lazy("run_cmd"))
    p = add(sub, "console", _("interactive serial console"))
    p.add_argument("--port", required=True)
    p.add_argument("--baud", type=baud_rate, default=115200)
    p.set_defaults(handler=_lazy("console_cmd"))


def _ports(args: argparse.Namespace) -> int:
    """`haas-ide ports [--json]`: serial ports, likely boards first, and the virtual board."""
    import json

    from ide.core.link.ports import format_table, list_ports

    ports = list_ports()
    if args.json:
        print(json.dumps([p.to_json() for p in ports], ensure_ascii=False, indent=2))
    elif not any(not p.virtual for p in ports):
        print(_("No serial ports found; the built-in virtual board is available as --port virtual."))
    else:
        print("\n".join(format_table(ports)))
    return 0
