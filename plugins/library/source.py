"""Where packages come from: PyPI when it answers, else the download cache.

`Source.release(name, version)` finds which archive to use (PyPI's JSON API; offline, the last
JSON fetched, else the index's entry for the latest version); `Source.archive(release)` returns
its bytes, from the cache when a copy with the right sha256 is there, else downloaded, checked
against the sha256 and cached. A damaged cached copy is noticed by its sha256 and fetched again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ide import api

from . import catalog, pypi
from .cache import Cache, sha256
from .catalog import Release
from .errors import LibraryError, OfflineError, no_version, not_found, offline_hint

_ = api.translator(__file__)


class Source:
    """PyPI (at `base`, the JSON API's root) backed by the cache in `cache_folder`."""

    def __init__(self, cache_folder: Path, base: str = pypi.DEFAULT_URL) -> None:
        self.cache = Cache(cache_folder)
        self.base = base.rstrip("/")

    # -- the index --------------------------------------------------------------------------------
    def index(self) -> dict[str, Any]:
        return catalog.newest_index(self.cache.index())

    def refresh(self) -> dict[str, Any]:
        """Rebuild the cached index from PyPI; `OfflineError` when PyPI cannot be reached."""
        current = self.index()
        names = [entry["name"] for entry in current.get("packages", [])]
        try:
            index = catalog.build_index(names, self._project_or_none, previous=current)
        except pypi.NetworkError as exc:
            raise OfflineError(_("Could not refresh the library index from PyPI ({reason}).").format(reason=exc),
                               _("The copy from {date} is used; connect to the internet and try again.")
                               .format(date=current.get("generated", "?")[:10])) from exc
        self.cache.put_index(index)
        return index

    def _project_or_none(self, name: str) -> dict[str, Any] | None:
        try:
            return self._project(name)
        except pypi.NotFound:
            return None

    def _project(self, name: str) -> dict[str, Any]:
        document = pypi.package_json(self.base, name)
        self.cache.put_project(name, document)
        return document

    # -- releases ---------------------------------------------------------------------------------
    def release(self, name: str, version: str | None = None) -> Release:
        """The archive of `name` at `version` (default: the latest)."""
        try:
            document = self._project(name)
        except pypi.NotFound:
            raise not_found(name) from None
        except pypi.NetworkError as exc:
            return self._offline_release(name, version, exc)
        return self._pick(name, document, version)

    def _pick(self, name: str, document: dict[str, Any], version: str | None) -> Release:
        release = catalog.release_from_json(name, document, version)
        if release is None:
            raise no_version(name, version or "?", catalog.versions_of(document))
        return release

    def _offline_release(self, name: str, version: str | None, exc: Exception) -> Release:
        document = self.cache.project(name)
        if document is not None:
            return self._pick(name, document, version)
        entry = catalog.find(self.index(), name)
        if entry is not None and version in (None, entry["version"]):
            return catalog.release_from_entry(entry)
        raise OfflineError(_("Could not reach PyPI ({reason}), and {name} has never been downloaded here.")
                           .format(reason=exc, name=_spec(name, version)),
                           offline_hint(self.cache.archives)) from exc

    # -- archives ---------------------------------------------------------------------------------
    def archive(self, release: Release) -> bytes:
        """The archive's bytes, checked against its sha256 (cached copy first)."""
        data = self.cache.archive(release.filename, release.sha256)
        if data is not None:
            return data
        data = self._download(release)
        self.cache.put_archive(release.filename, data)
        return data

    def _download(self, release: Release) -> bytes:
        try:
            if not release.url:
                raise pypi.NetworkError(_("no download address known"))
            data = pypi.fetch(release.url)
        except (pypi.NetworkError, pypi.NotFound) as exc:
            raise OfflineError(_("Could not download {file} ({reason}), and it is not in the download cache.")
                               .format(file=release.filename, reason=exc),
                               offline_hint(self.cache.archives)) from exc
        digest = sha256(data)
        if digest != release.sha256:
            raise LibraryError(_("The download of {file} is damaged: its sha256 is {got}, PyPI says {expected}. "
                                 "Nothing was changed.").format(file=release.filename, got=digest,
                                                                expected=release.sha256),
                               _("Try again; if it keeps happening, check your network or proxy."))
        return data

    def recorded_archive(self, record: dict[str, Any]) -> bytes:
        """The archive a project's record names (same file, same sha256), from cache or PyPI."""
        data = self.cache.archive(record["filename"], record["sha256"])
        if data is not None:
            return data
        release = self.release(record["name"], record["version"])
        if release.sha256 != record["sha256"]:
            raise LibraryError(_("PyPI now serves a different archive for {name} {version} than the one "
                                 "this project recorded.").format(name=record["name"], version=record["version"]),
                               _("To accept the new archive, add it again: haas-ide lib add {name}=={version} --force")
                               .format(name=record["name"], version=record["version"]))
        return self.archive(release)


def _spec(name: str, version: str | None) -> str:
    return f"{name}=={version}" if version else name
