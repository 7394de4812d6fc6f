"""Sub-commands of `haas-ide`, one module per feature area.

Each module has `register(sub)` adding its sub-parsers, each with `set_defaults(handler=f)`
where `f(args) -> int`. Modules import their heavy dependencies inside handlers, so building the
parser stays fast.
"""

from __future__ import annotations

import argparse
from typing import Callable

from ide.core.errors import NotBuiltError
from ide.i18n import _

MODULES = ("ide.commands.project", "ide.commands.device", "ide.commands.firmware",
           "ide.commands.lib", "ide.commands.board")

Handler = Callable[[argparse.Namespace], int]


def not_built(command: str, feature: str) -> Handler:
    """A handler for a command of the stable command line whose feature has not landed yet."""
    def handler(args: argparse.Namespace) -> int:
        raise NotBuiltError(_("'haas-ide {command}' is not available in this version yet.").format(command=command),
                            _("It arrives with the {feature} feature.").format(feature=feature))
    return handler


def add(sub: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
    """A sub-command whose help and description are `text`."""
    return sub.add_parser(name, help=text, description=text)
