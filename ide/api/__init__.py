"""The plugin API: the only part of HaaS IDE a plugin imports (`from ide import api`).

It is small and versioned (`API_VERSION`): a minor version adds, a major version may break. A
plugin declares `PLUGIN = PluginInfo(...)` and `activate(context)`; see docs/plugins.md.

Besides the declaration and the context, plugins get the IDE's error types (an `IdeError` shows
its message and hint to the user, in a dialog or on the command line), a translator for their own
catalogues, `write_atomic` (a file is replaced whole or not at all), `archive_files` (an archive's
files read within limits, for archives from the network), the user's data folder, board catalogue
entries and a project's files and settings.
Nothing here imports Qt; a plugin that builds widgets imports PySide6 itself.
"""

from __future__ import annotations

from ide.api.contributions import (CliCommand, Command, DeployMethod, DeploySession, Dock, ProjectFile,
                                   SettingsPage)
from ide.api.facade import (board_info, language, project_files, project_value, set_project_value, translator,
                            user_data_dir)
from ide.api.plugin import API_VERSION, Context, PluginInfo, PluginSettings
from ide.core.archives import ArchiveError, Limits as ArchiveLimits, archive_files
from ide.core.atomic import write_atomic
from ide.core.errors import BoardError, IdeError, PortError, ProjectError, UsageError
from ide.core.link.connection import Cancelled

__all__ = [
    "API_VERSION", "ArchiveError", "ArchiveLimits", "BoardError", "Cancelled", "CliCommand", "Command", "Context",
    "DeployMethod", "DeploySession", "Dock", "IdeError", "PluginInfo", "PluginSettings", "PortError", "ProjectError",
    "ProjectFile", "SettingsPage", "UsageError", "archive_files", "board_info", "language", "project_files",
    "project_value", "set_project_value", "translator", "user_data_dir", "write_atomic",
]
