"""A plugin's declaration (`PluginInfo`) and the `Context` its `activate(context)` receives.

A plugin is a Python module or package that defines::

    PLUGIN = PluginInfo(name="plotter", version="1.0.0", api="1.0", title=...)

    def activate(context: Context) -> None:
        context.add_command(...)

Everything a plugin adds goes through its context, which tags it with the plugin's name, so a
failure anywhere is reported against the right plugin.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ide.core.atomic import write_atomic
from ide.core.jsonfile import read_json
from ide.api.contributions import (AREAS, MENUS, CliCommand, Command, DeployMethod, DeploySession, Dock,
                                   SettingsPage)

API_VERSION = "1.1"


@dataclass(frozen=True)
class PluginInfo:
    """What a plugin declares about itself.

    `name` is its unique id (lower case, e.g. "plotter"); `api` the plugin API version it was
    written for ("1.0": any 1.x with x >= 0); `requires` Python distributions it needs, with
    optional versions ("pyqtgraph>=0.13"), and other plugins as "plugin:<name>".
    """

    name: str
    version: str
    api: str = API_VERSION
    title: str = ""
    description: str = ""
    requires: tuple[str, ...] = ()


class PluginSettings:
    """A plugin's own settings: a JSON object kept in the user's config folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict:
        try:
            return read_json(self.path)
        except (OSError, ValueError):
            return {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._read().get(key, default)

    def set(self, key: str, value: Any) -> None:
        data = self._read()
        data[key] = value
        write_atomic(self.path, json.dumps(data, indent=2, ensure_ascii=False))


class Context:
    """The one object through which a plugin adds to the IDE (see docs/plugins.md)."""

    def __init__(self, info: PluginInfo, registry: Any, data_dir: Path, config_dir: Path) -> None:
        self.info = info
        self.log = logging.getLogger(f"haas_ide.plugins.{info.name}")
        self.data_dir = data_dir          # the plugin's own folder for caches and downloads
        self.settings = PluginSettings(config_dir / f"{info.name}.json")
        self._registry = registry

    # -- user interface ----------------------------------------------------------------------
    def add_command(self, id: str, text: str, callback: Callable[[Any], None], *, menu: str = "tools",
                    shortcut: str | None = None, toolbar: bool = False, tip: str = "") -> None:
        """A menu entry; `callback(window)` gets the `ide.api.Window` of the main window."""
        _check_choice("menu", menu, MENUS)
        self._add("commands", Command(self.info.name, id, text, self._guard(callback), menu, shortcut, toolbar, tip))

    def add_dock(self, id: str, title: str, factory: Callable[[Any], Any], *, area: str = "right") -> None:
        """A dock panel, listed in the View menu; `factory(window)` builds it on first show."""
        _check_choice("area", area, AREAS)
        self._add("docks", Dock(self.info.name, id, title, self._guard(factory), area))

    def add_settings_page(self, id: str, title: str, factory: Callable[[Any], Any]) -> None:
        """A Settings dialog tab; `factory(plugin_settings)` returns its widget."""
        self._add("settings_pages", SettingsPage(self.info.name, id, title, self._guard(factory)))

    def add_console_listener(self, callback: Callable[[list[str]], None]) -> None:
        """`callback(lines)` receives the board's output as complete text lines (colour codes
        removed), in batches, on the UI thread. Keep it quick."""
        self._add("console_listeners", (self.info.name, self._guard(callback)))

    # -- boards, templates, deploy -----------------------------------------------------------
    def add_boards(self, folder: str | Path) -> None:
        """Board catalogue files (`<id>.json`, the format of ide/boards) in `folder`."""
        self._add("board_dirs", (self.info.name, Path(folder)))

    def add_templates(self, folder: str | Path) -> None:
        """Solution templates (one sub-folder each, the format of templates/) in `folder`."""
        self._add("template_dirs", (self.info.name, Path(folder)))

    def add_deploy_method(self, name: str, function: Callable[[DeploySession], dict], *, title: str = "") -> None:
        """Deploy projects of boards whose catalogue entry says `"deploy": name`."""
        self._add("deploy_methods", DeployMethod(self.info.name, name, function, title))

    def add_cli_command(self, name: str, help: str, configure: Callable[[Any], None],
                        run: Callable[[Any], int]) -> None:
        """`haas-ide <name>`: `configure(argparse parser)`, then `run(args)` returns the exit status."""
        self._add("cli_commands", CliCommand(self.info.name, name, help, configure, run))

    # -- internals ---------------------------------------------------------------------------
    def _add(self, kind: str, item: Any) -> None:
        self._registry.add(kind, item)

    def _guard(self, function: Callable) -> Callable:
        return self._registry.guard(self.info.name, function)


def _check_choice(what: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)}, not {value!r}")
