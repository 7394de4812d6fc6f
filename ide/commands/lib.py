"""Driver library commands: lib search|add|remove."""

from __future__ import annotations

import argparse

from ide.commands import add, not_built
from ide.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "lib", _("search, add and remove HaaS driver libraries"))
    p.add_argument("action", choices=("search", "add", "remove"))
    p.add_argument("name", nargs="?")
    p.set_defaults(handler=not_built("lib", _("driver library")))
