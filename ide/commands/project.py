"""Project commands: new, check, templates, boards."""

from __future__ import annotations

import argparse
import json

from ide.commands import add
from ide.i18n import _


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _new(args: argparse.Namespace) -> int:
    from ide.core.templates import create_project, parse_assignments

    created = create_project(args.dir, args.template, args.board, parse_assignments(args.set))
    print(_("Created {path} from template '{template}' for board '{board}':")
          .format(path=args.dir, template=args.template, board=args.board))
    for name in created.files:
        print(f"  {name}")
    if created.placeholders:
        print(_("Still to fill in credentials.json (or use --set KEY=VALUE): {keys}")
              .format(keys=", ".join(created.placeholders)))
    return 0


def _check(args: argparse.Namespace) -> int:
    from ide.core.boardjson import ERROR, HINT, WARNING, check_project
    from ide.core.boards import get_board

    board = get_board(args.board) if args.board else None
    diagnostics = check_project(args.dir, board)
    counts = {s: sum(d.severity == s for d in diagnostics) for s in (ERROR, WARNING, HINT)}
    if args.json:
        _print_json({"ok": counts[ERROR] == 0, "errors": counts[ERROR], "warnings": counts[WARNING],
                     "hints": counts[HINT], "diagnostics": [d.to_json() for d in diagnostics]})
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format(args.dir))
        if diagnostics:
            print(_("{errors} error(s), {warnings} warning(s), {hints} hint(s)")
                  .format(errors=counts[ERROR], warnings=counts[WARNING], hints=counts[HINT]))
        else:
            print(_("No problems found."))
    return 1 if counts[ERROR] else 0


def _templates(args: argparse.Namespace) -> int:
    from ide.core.boards import get_board
    from ide.core.templates import load_templates, templates_for_board

    if args.board:
        get_board(args.board)
        templates = templates_for_board(args.board)
    else:
        templates = list(load_templates().values())
    if args.json:
        _print_json([t.to_json() for t in templates])
        return 0
    width = max((len(t.id) for t in templates), default=0)
    for template in templates:
        cloud = _(" (cloud)") if template.cloud else ""
        print(f"{template.id:<{width}}  {template.name()}{cloud}")
        print(f"{'':<{width}}  {_('boards:')} {', '.join(template.boards)}")
    return 0


def _boards(args: argparse.Namespace) -> int:
    from ide.core.boards import load_boards

    boards = list(load_boards().values())
    if args.json:
        _print_json([b.to_json() for b in boards])
        return 0
    width = max((len(b.id) for b in boards), default=0)
    for board in boards:
        print(f"{board.id:<{width}}  {board.name()}  ({board.chip}, {board.deploy}, {board.baud} baud)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "new", _("create a project from a solution template"))
    p.add_argument("dir", help=_("new or empty folder for the project"))
    p.add_argument("--template", required=True, help=_("template id (see: haas-ide templates)"))
    p.add_argument("--board", required=True, help=_("board id (see: haas-ide boards)"))
    p.add_argument("--set", action="append", metavar="KEY=VALUE", default=[],
                   help=_("a template parameter, such as wifi_ssid=MyNetwork (repeatable)"))
    p.set_defaults(handler=_new)
    p = add(sub, "check", _("validate board.json and compile every .py; exit 1 on errors"))
    p.add_argument("dir", help=_("project folder"))
    p.add_argument("--board", help=_("check against this board (default: the project's board)"))
    p.add_argument("--json", action="store_true", help=_("print the findings as JSON"))
    p.set_defaults(handler=_check)
    p = add(sub, "templates", _("list solution templates"))
    p.add_argument("--board", help=_("only the templates for this board"))
    p.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    p.set_defaults(handler=_templates)
    p = add(sub, "boards", _("list supported boards"))
    p.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    p.set_defaults(handler=_boards)
