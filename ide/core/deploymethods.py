"""Which deploy method a project's board uses, and running a method that a plugin provides.

ESP32-family boards take files over the raw REPL (`ide.core.deploy`, built in). Other methods
(`ymodem` for HaaS1000/HaaS200 boards) come from plugins through `ide.api`; the board catalogue
names the method a board needs.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from ide.api.contributions import DeploySession, ProjectFile
from ide.core.boards import DEPLOY_RAW_REPL, get_board
from ide.core.errors import BoardError, IdeError
from ide.core.link.connection import Cancelled
from ide.i18n import _


def board_for(project_dir: str | Path) -> dict | None:
    """The catalogue entry of the project's board (from .haas-ide/project.json), or None when the
    project names none or one this IDE does not know. A settings file that cannot be read is an
    IdeError for the user to fix, not a reason to deploy another way."""
    from ide.core.project import Project

    board_id = Project(project_dir).board_id
    if not board_id:
        return None
    try:
        return get_board(board_id).to_json()
    except IdeError:
        return None


def method_name(board: dict | None) -> str:
    return (board or {}).get("deploy", DEPLOY_RAW_REPL)


def run_method(session: DeploySession, registry=None) -> dict:
    """Deploy through the plugin method the session's board names; returns its summary."""
    from ide.core import plugins

    registry = registry or plugins.current()
    name = method_name(session.board)
    method = registry.deploy_method(name)
    if method is None:
        raise BoardError(_("Board {board} is deployed with the {method} method, and no active plugin "
                           "provides it.").format(board=session.board.get("id"), method=name),
                         _("Turn the plugin on in Settings > Plugins, then restart HaaS IDE."))
    try:
        return method.function(session)
    except (IdeError, Cancelled):
        raise
    except Exception as exc:
        registry.report(method.plugin, str(exc), traceback.format_exc())
        raise BoardError(_("Plugin {plugin} failed while deploying: {error}").format(plugin=method.plugin,
                                                                                   error=exc),
                         _("Your project is unchanged; the details are in the log.")) from exc


def session_files(files) -> list[ProjectFile]:
    return [ProjectFile(str(rel), Path(host)) for rel, host in files]
