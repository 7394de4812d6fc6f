"""Sub-commands of `haas-ide`, one module per feature area.

Each module has `register(sub)` adding its sub-parsers, each with `set_defaults(handler=f)`
where `f(args) -> int`. Modules import their heavy dependencies inside handlers, so building the
parser stays fast. Options are checked where they are parsed (`whole_number`, `host_port`), so a
nonsense value is a usage error naming the option, never a traceback from deep inside.
"""

from __future__ import annotations

import argparse
from typing import Callable

from ide.i18n import _

MODULES = ("ide.commands.project", "ide.commands.device", "ide.commands.firmware",
           "ide.commands.board", "ide.commands.plugins")
MAX_BAUD = 20_000_000  # above any USB-serial bridge's fastest rate (12 Mbaud)

Handler = Callable[[argparse.Namespace], int]


def add(sub: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
    """A sub-command whose help and description are `text`."""
    return sub.add_parser(name, help=text, description=text)


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse `type`: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text} is not a whole number").format(text=text)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(_("{value} is out of range: give a number from {low} to {high}")
                                             .format(value=value, low=low, high=high))
        return value

    return parse


baud_rate = whole_number(1, MAX_BAUD)


def host_port(bare_port: bool = False) -> Callable[[str], str]:
    """An argparse `type`: `HOST:PORT` (an empty HOST is 127.0.0.1) with a port from 0 (any free
    one) to 65535; with `bare_port`, `PORT` alone means 127.0.0.1:PORT."""

    def parse(text: str) -> str:
        host, sep, port = text.rpartition(":")
        if not (sep or bare_port) or not port.isdigit() or int(port) > 65535:
            raise argparse.ArgumentTypeError(_("{text} is not HOST:PORT (such as 127.0.0.1:7000; port 0 picks "
                                               "a free one)").format(text=text))
        return f"{host or '127.0.0.1'}:{int(port)}"

    return parse
