"""The IDE services a plugin may use, as plain functions over the core (no Qt).

The `Window` a command or dock factory receives is provided by the GUI (`ide.gui.plugin_host`):
`window.project_dir()` (a Path or None), `window.open_file(path, line=None)`,
`window.show_message(text)`, `window.refresh_project()`, `window.deploy()`, and
`window.widget` (the main window, as a parent for dialogs).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from ide.api.contributions import ProjectFile
from ide.i18n import language as _language


def language() -> str:
    """The user interface language: "en" or "zh_CN"."""
    return _language()


def translator(module_file: str) -> Callable[[str], str]:
    """A `_()` for a plugin: it looks texts up in `locale/<lang>.json` beside the plugin's
    `__init__.py` (pass `__file__`), in the IDE's current language."""
    folder = Path(module_file).resolve().parent / "locale"

    def _(text: str) -> str:
        return _catalogue(str(folder), language()).get(text, text)

    return _


@lru_cache(maxsize=None)
def _catalogue(folder: str, lang: str) -> dict[str, str]:
    path = Path(folder) / f"{lang}.json"
    if lang == "en" or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def user_data_dir() -> Path:
    """The user's HaaS IDE data folder (created if missing)."""
    from ide.core.userdirs import data_dir

    return data_dir()


def board_info(board_id: str) -> dict[str, Any]:
    """The catalogue entry of a board as a dict (id, names, chip, baud, deploy, app_dir, ...);
    an `IdeError` names the known boards when there is no such board."""
    from ide.core.boards import get_board

    return get_board(board_id).to_json()


def project_files(folder: str | Path) -> list[ProjectFile]:
    """The files of the project in `folder` that a deploy sends (`.haasignore` applied)."""
    from ide.core.project import Project

    return [ProjectFile(f.rel, f.path) for f in Project(folder).files()]


def project_value(folder: str | Path, key: str, default: Any = None, *, shared: bool = False) -> Any:
    """A value a plugin keeps with the project (use your plugin's name in `key`). By default it is
    this machine's (`.haas-ide/project.json`, not in git); `shared=True` keeps it in
    `.haas-project.json`, which goes into git with the project (never to the board)."""
    from ide.core.project import Project

    project = Project(folder)
    values = project.shared_values() if shared else project.settings.extra
    return values.get(key, default)


def set_project_value(folder: str | Path, key: str, value: Any, *, shared: bool = False) -> None:
    """Keep `value` (JSON-ready) with the project under `key`; None removes it. See `project_value`."""
    from ide.core.project import Project

    project = Project(folder)
    if shared:
        values = project.shared_values()
        _put(values, key, value)
        project.save_shared_values(values)
        return
    settings = project.settings
    _put(settings.extra, key, value)
    project.save_settings(settings)


def _put(values: dict, key: str, value: Any) -> None:
    if value is None:
        values.pop(key, None)
    else:
        values[key] = value
