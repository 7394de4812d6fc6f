"""`haas-ide`: with no arguments it opens the IDE; sub-commands work headless.

The command line is a stable interface (tests, CI and power users depend on it). Every command
exits 0 on success and 1 on a user-facing error, printed as one line (`haas-ide: error: ...`)
with a hint; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from ide import __version__
from ide.commands import MODULES, Handler
from ide.core.errors import IdeError
from ide.i18n import _


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="haas-ide", description=_("HaaS IDE: an IDE for HaaS Python and MicroPython boards. "
                                                                   "With no command it opens the IDE."))
    parser.add_argument("--version", action="version", version=f"haas-ide {__version__}")
    parser.add_argument("--exit-when-shown", action="store_true",
                        help=_("open the IDE, exit as soon as the main window is shown and idle (start-up timing)"))
    parser.add_argument("--lang", choices=("en", "zh_CN"), help=_("language of the interface"))
    launcher = parser.add_mutually_exclusive_group()
    launcher.add_argument("--install-launcher", action="store_true",
                          help=_("add HaaS IDE to this user's application menu (Start menu, ~/Applications) and exit"))
    launcher.add_argument("--uninstall-launcher", action="store_true",
                          help=_("remove what --install-launcher added and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _open_gui(args: argparse.Namespace) -> int:
    from ide.gui.app import run

    return run(exit_when_shown=args.exit_when_shown)


def _launcher(args: argparse.Namespace) -> int:
    from ide.launcher import install_launcher, uninstall_launcher

    if args.install_launcher:
        for path in install_launcher():
            print(_("Installed launcher: {path}").format(path=path))
    else:
        removed = uninstall_launcher()
        for path in removed:
            print(_("Removed launcher: {path}").format(path=path))
        if not removed:
            print(_("No launcher was installed."))
    return 0


def _warn_plugin_problems() -> None:
    """One line per plugin that failed (the traceback is in the log file)."""
    from ide.core import plugins

    for problem in plugins.current().problems:
        print(_("haas-ide: warning: {message}").format(message=problem.message), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    from ide.i18n import set_language

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=("en", "zh_CN"))
    known, _rest = pre.parse_known_args(argv)
    if known.lang:
        set_language(known.lang)
    parser = build_parser()
    _warn_plugin_problems()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", _open_gui)
    if args.install_launcher or args.uninstall_launcher:
        handler = _launcher
    try:
        return handler(args)
    except IdeError as exc:
        print(_("haas-ide: error: {message}").format(message=str(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
