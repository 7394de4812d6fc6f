"""`haas-ide plugins [list|enable|disable]`, and the sub-commands that plugins add (such as
`haas-ide lib` from the driver library plugin)."""

from __future__ import annotations

import argparse
import json
import traceback

from ide.commands import add
from ide.core.errors import UsageError
from ide.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "plugins", _("list plugins, turn them on or off"))
    p.add_argument("action", nargs="?", choices=("list", "enable", "disable"), default="list")
    p.add_argument("name", nargs="?", help=_("the plugin to turn on or off"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=_plugins_cmd)
    _register_plugin_commands(sub)


def _register_plugin_commands(sub: argparse._SubParsersAction) -> None:
    from ide.core import plugins
    from ide.core.logs import setup_log_file

    setup_log_file()  # tracebacks of plugin failures go there, not to the terminal
    registry = plugins.current()
    for command in registry.cli_commands:
        if command.name in sub.choices:
            registry.report(command.plugin, _("Plugin {plugin} adds the command '{command}', which already "
                                              "exists; it was left out.").format(plugin=command.plugin,
                                                                                command=command.name))
            continue
        parser = add(sub, command.name, command.help)
        with plugins.CtrlCWatch() as ctrl_c:
            try:
                command.configure(parser)
            except BaseException as exc:  # noqa: B036 - a broken plugin loses its command, the others keep theirs
                if ctrl_c.pressed(exc):
                    raise
                _drop_command(sub, command.name)
                registry.report(command.plugin, _("Plugin {plugin} failed: {error}")
                                .format(plugin=command.plugin, error=plugins.one_line(exc)),
                                "".join(traceback.format_exception(exc)))
                continue
        parser.set_defaults(handler=command.run)


def _drop_command(sub: argparse._SubParsersAction, name: str) -> None:
    """Take a sub-command back out of the parser (from the choices and from the help's list)."""
    del sub.choices[name]
    sub._choices_actions[:] = [action for action in sub._choices_actions if action.dest != name]


def _plugins_cmd(args: argparse.Namespace) -> int:
    from ide.core import plugins

    registry = plugins.current()
    if args.action == "list":
        _print_plugins(registry, args.json)
        return 0
    if not args.name:
        raise UsageError(_("Name the plugin to turn on or off."), _("haas-ide plugins lists them."))
    if args.name not in registry.plugins:
        raise UsageError(_("There is no plugin named {plugin}.").format(plugin=args.name),
                         _("haas-ide plugins lists them."))
    plugins.set_plugin_enabled(args.name, args.action == "enable")
    print((_("Plugin {plugin} is on from the next start.") if args.action == "enable"
           else _("Plugin {plugin} is off from the next start.")).format(plugin=args.name))
    return 0


def _print_plugins(registry, as_json: bool) -> None:
    from ide.core.plugins import source_text, state_text

    rows = [{"name": p.name, "version": p.info.version if p.info else "", "source": p.source, "state": p.state,
             "location": p.location, "message": p.message} for p in registry.plugins.values()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        line = f"{row['name']:<12} {row['version']:<8} {state_text(row['state']):<8} {source_text(row['source'])}"
        print(line + (f"  {row['message']}" if row["message"] else ""))
