"""The plugin's user-facing errors: `IdeError`s, so the CLI prints them as one line with the hint
and the GUI shows them in a message box."""

from __future__ import annotations

from pathlib import Path

from ide import api

_ = api.translator(__file__)


class LibraryError(api.IdeError):
    """A driver library could not be found, fetched, added or removed."""


class OfflineError(LibraryError):
    """Neither the network nor the download cache has what was asked for."""


def offline_hint(cache_folder: Path) -> str:
    return _("Connect to the internet once (HaaS IDE keeps a copy of every library it downloads), "
             "or put the archive from PyPI into {folder}.").format(folder=cache_folder)


def not_found(name: str) -> LibraryError:
    return LibraryError(_("There is no package {name} on PyPI.").format(name=name),
                        _("Search for one with: haas-ide lib search TERM"))


def no_version(name: str, version: str, versions: list[str]) -> LibraryError:
    return LibraryError(_("{name} has no version {version}; it has: {versions}.")
                        .format(name=name, version=version, versions=", ".join(versions) or "-"),
                        _("Leave out ==VERSION to get the latest."))


def not_in_project(name: str) -> LibraryError:
    return LibraryError(_("{name} is not in this project.").format(name=name),
                        _("See what it has with: haas-ide lib list"))
