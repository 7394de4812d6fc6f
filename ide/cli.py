"""`haas-ide`: with no arguments it opens the IDE; sub-commands work headless.

The command line is a stable interface (tests, CI and power users depend on it). Every command
exits 0 on success and 1 on a user-facing error, printed as one line (`haas-ide: error: ...`)
with a hint; a file or device the system refuses (`OSError`) is such an error too. A usage
error is one line ending in "see ... --help", exit 2. Ctrl-C exits 130 without a traceback, and
a closed pipe (`haas-ide boards | head -1`) ends the output quietly. Any other exception is a bug
and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import NoReturn, Sequence

from ide import __version__
from ide.commands import MODULES, Handler
from ide.core.errors import IdeError
from ide.i18n import _


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line pointing at --help instead of the whole usage
    text (sub-command parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        line = _("{prog}: error: {message} (see {prog} --help)").format(prog=self.prog, message=message)
        self.exit(2, line + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="haas-ide", description=_("HaaS IDE: an IDE for HaaS Python and MicroPython boards. "
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

    pre = Parser(prog="haas-ide", add_help=False)
    pre.add_argument("--lang", choices=("en", "zh_CN"))
    known, _rest = pre.parse_known_args(argv)
    if known.lang:
        set_language(known.lang)
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 1


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    _warn_plugin_problems()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", _open_gui)
    if args.install_launcher or args.uninstall_launcher:
        handler = _launcher
    try:
        return handler(args)
    except IdeError as exc:
        return _error(str(exc))
    except BrokenPipeError:
        raise
    except OSError as exc:
        return _error(_system_refusal(exc))


def _error(message: str) -> int:
    print(_("haas-ide: error: {message}").format(message=message), file=sys.stderr)
    return 1


def _system_refusal(exc: OSError) -> str:
    """An `OSError` as one line: what, on which file, and what to check."""
    where = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    what = exc.strerror or str(exc) or type(exc).__name__
    text = f"{where}: {what}" if where else what
    return text + " " + _("Check the file or device named, its permissions and the free space.")


def _quiet_stdout() -> None:
    """Whoever read our output has gone: point stdout at nothing so the interpreter's final
    flush does not complain."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
