"""`haas-ide lib search|add|remove|list|restore`: the driver library on the command line.

`make(context)` gives the `configure(parser)` and `run(args)` pair the plugin registers with
`context.add_cli_command`. Results are printed (translated); user-facing failures are raised as
`IdeError`s, which the command line prints as one line with the hint, exiting 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

from ide import api

_ = api.translator(__file__)


def make(source_factory: Callable[[], Any]) -> tuple[Callable[[argparse.ArgumentParser], None],
                                                      Callable[[argparse.Namespace], int]]:
    """`configure` and `run` for `haas-ide lib`; `source_factory()` builds the `Source` to use."""
    return configure, lambda args: run(args, source_factory())


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="lib_action", metavar="ACTION", required=True)
    search = actions.add_parser("search", help=_("find driver packages (all when no term is given)"))
    search.add_argument("term", nargs="*", help=_("words to look for in names and summaries"))
    search.add_argument("--refresh", action="store_true", help=_("update the package index from PyPI first"))
    search.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    add = actions.add_parser("add", help=_("add a package's module files to the project"))
    add.add_argument("name", nargs="?", metavar="NAME[==VERSION]",
                     help=_("e.g. mpu6050 or mpu6050==0.0.6; without it, restore the recorded libraries"))
    _project_options(add, _("overwrite files that are already in the project"))
    remove = actions.add_parser("remove", help=_("remove a package's files from the project"))
    remove.add_argument("name", metavar="NAME")
    _project_options(remove, _("also delete files changed since they were added"))
    listing = actions.add_parser("list", help=_("show the libraries the project has"))
    listing.add_argument("--dir", type=Path, default=Path("."), help=_("the project folder (default: here)"))
    listing.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    restore = actions.add_parser("restore", help=_("put back the recorded libraries' files"))
    _project_options(restore, _("also overwrite files changed since they were added"))


def _project_options(parser: argparse.ArgumentParser, force_help: str) -> None:
    parser.add_argument("--dir", type=Path, default=Path("."), help=_("the project folder (default: here)"))
    parser.add_argument("--force", action="store_true", help=force_help)


def run(args: argparse.Namespace, source: Any) -> int:
    from . import installer  # loaded when a lib command runs, not at every start of haas-ide

    action = args.lib_action
    if action == "search":
        return _search(source, " ".join(args.term), args.refresh, args.json)
    if action == "list":
        return _list(args.dir, args.json)
    if action == "remove":
        return _print(installer.remove(args.dir, args.name, args.force))
    if action == "add" and args.name:
        name, _sep, version = args.name.partition("==")
        return _print(installer.add(source, args.dir, name.strip(), version.strip() or None, args.force))
    return _print(installer.restore(source, args.dir, args.force))


def _print(outcome: Any) -> int:
    """Print an `installer.Outcome`."""
    for line in outcome.lines:
        print(line)
    return 0


def _search(source: Any, term: str, refresh: bool, as_json: bool) -> int:
    from . import catalog
    from .errors import OfflineError

    index = source.index()
    if refresh:
        try:
            index = source.refresh()
        except OfflineError as exc:
            print(_("warning: {message} {hint}").format(message=exc.message, hint=exc.hint), file=sys.stderr)
    hits = catalog.search(index, term)
    if as_json:
        print(json.dumps(hits, indent=2, ensure_ascii=False))
    elif not hits:
        print(_("No package matches {term}.").format(term=term))
    else:
        width = max(len(e["name"]) for e in hits)
        for entry in hits:
            print(f"{entry['name']:<{width}}  {entry['version']:<8}  {entry.get('summary', '')}")
    return 0


def _list(folder: Path, as_json: bool) -> int:
    from . import installer

    entries = installer.records(folder)
    for record in entries:
        record["states"] = {rel: installer.file_state(folder, rel, d) for rel, d in record["files"].items()}
    if as_json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print(_("This project has no libraries recorded."))
    for record in entries:
        print(f"{record['name']} {record['version']}: {', '.join(record['files'])}")
        for rel, state in record["states"].items():
            if state != "ok":
                print("  " + (_("{file}: changed since it was added") if state == "changed"
                              else _("{file}: missing (haas-ide lib restore puts it back)")).format(file=rel))
    return 0
