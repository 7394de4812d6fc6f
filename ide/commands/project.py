"""Project commands: new, check, templates, boards."""

from __future__ import annotations

import argparse

from ide.commands import add, not_built
from ide.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "new", _("create a project from a solution template"))
    p.add_argument("dir")
    p.add_argument("--template", required=True)
    p.add_argument("--board", required=True)
    p.add_argument("--set", action="append", metavar="KEY=VALUE", default=[])
    p.set_defaults(handler=not_built("new", _("projects and templates")))
    p = add(sub, "check", _("validate board.json and compile every .py; exit 1 on errors"))
    p.add_argument("dir")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=not_built("check", _("board.json checking")))
    p = add(sub, "templates", _("list solution templates"))
    p.add_argument("--board")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=not_built("templates", _("projects and templates")))
    p = add(sub, "boards", _("list supported boards"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=not_built("boards", _("boards catalogue")))
