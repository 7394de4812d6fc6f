"""Sub-commands of `haas-ide`, one module per feature area.

Each module has `register(sub)` adding its sub-parsers, each with `set_defaults(handler=f)`
where `f(args) -> int`. Modules import their heavy dependencies inside handlers, so building the
parser stays fast.
"""

from __future__ import annotations

import argparse
from typing import Callable

MODULES = ("ide.commands.project", "ide.commands.device", "ide.commands.firmware",
           "ide.commands.board", "ide.commands.plugins")

Handler = Callable[[argparse.Namespace], int]


def add(sub: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
    """A sub-command whose help and description are `text`."""
    return sub.add_parser(name, help=text, description=text)
