"""Firmware commands: flash, firmware list|info|import."""

from __future__ import annotations

import argparse

from ide.commands import add, not_built
from ide.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "flash", _("flash the board's firmware"))
    p.add_argument("--port", required=True)
    p.add_argument("--board", required=True)
    p.add_argument("--image", metavar="FILE")
    p.add_argument("--erase", action="store_true")
    p.add_argument("--baud", type=int)
    p.set_defaults(handler=not_built("flash", _("firmware flashing")))
    p = add(sub, "firmware", _("list, inspect and import firmware images"))
    p.add_argument("action", choices=("list", "info", "import"))
    p.add_argument("file", nargs="?")
    p.set_defaults(handler=not_built("firmware", _("firmware catalogue")))
