"""The index of HaaS driver packages: names, summaries, latest versions, where to get them.

PyPI's full simple index is about 40 MB, far too much to search for 74 packages, so the plugin
ships `index.json` (made at release time by `fetch_index.py`) and `lib search --refresh` rebuilds
a copy in the cache from PyPI's per-project JSON. Whichever of the two is newer is used.

An index entry: {"name", "summary", "version", "versions", "filename", "url", "sha256"}, where
the file fields describe the latest version's source archive.
"""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

PREFIX = "haas-python-"
INDEX_FORMAT = 1
SHIPPED_INDEX = Path(__file__).resolve().parent / "index.json"
ARCHIVE_SUFFIXES = (".tar.gz", ".zip")


@dataclass(frozen=True)
class Release:
    """One downloadable archive of one version of a package."""

    name: str
    version: str
    filename: str
    url: str
    sha256: str


def canonical(name: str) -> str:
    """PyPI's normalised form of a project name (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def short_name(name: str) -> str:
    """"haas-python-mpu6050" -> "mpu6050"."""
    return name[len(PREFIX):] if name.startswith(PREFIX) else name


def resolve_name(index: dict[str, Any], text: str) -> str:
    """The package a user means by `text`: "mpu6050", "haas-python-mpu6050" and
    "haas_python_MPU6050" all name haas-python-mpu6050."""
    name = canonical(text)
    candidates = [name, PREFIX + name] if name.startswith(PREFIX) else [PREFIX + name]
    known = {entry["name"] for entry in index.get("packages", [])}
    return next((c for c in candidates if c in known), candidates[0])


# -- entries from PyPI's JSON -------------------------------------------------------------------------
def pick_file(files: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The source archive among a release's files (a .tar.gz before a .zip), skipping yanked ones."""
    usable = [f for f in files if isinstance(f, dict) and not f.get("yanked")
              and str(f.get("filename", "")).endswith(ARCHIVE_SUFFIXES) and f.get("digests", {}).get("sha256")]
    usable.sort(key=lambda f: (not f["filename"].endswith(".tar.gz"), f["filename"]))
    return usable[0] if usable else None


def release_from_json(name: str, document: dict[str, Any], version: str | None = None) -> Release | None:
    """The archive of `version` (default: the latest) in a project's JSON, or None."""
    version = version or document.get("info", {}).get("version")
    chosen = pick_file(document.get("releases", {}).get(version) or [])
    if chosen is None:
        return None
    return Release(name, version, chosen["filename"], chosen["url"], chosen["digests"]["sha256"])


def versions_of(document: dict[str, Any]) -> list[str]:
    """The versions that have an archive, oldest first."""
    found = [v for v, files in document.get("releases", {}).items() if pick_file(files or [])]
    return sorted(found, key=_version_key)


def _version_key(version: str) -> Any:
    try:
        from packaging.version import Version

        return (0, Version(version), "")
    except Exception:
        return (1, None, version)


def entry_from_json(name: str, document: dict[str, Any]) -> dict[str, Any] | None:
    """An index entry for project `name` from its JSON, or None when it has no archive."""
    release = release_from_json(name, document)
    if release is None:
        return None
    return {"name": name, "summary": (document.get("info", {}).get("summary") or "").strip(),
            "version": release.version, "versions": versions_of(document), "filename": release.filename,
            "url": release.url, "sha256": release.sha256}


def release_from_entry(entry: dict[str, Any]) -> Release:
    return Release(entry["name"], entry["version"], entry["filename"], entry["url"], entry["sha256"])


# -- the index ----------------------------------------------------------------------------------------
def build_index(names: Iterable[str], fetch: Callable[[str], dict[str, Any] | None],
                previous: dict[str, Any] | None = None, workers: int = 8) -> dict[str, Any]:
    """An index of `names`; `fetch(name)` returns a project's JSON, or None when it is gone.
    A package `fetch` has no answer for keeps its entry from `previous`."""
    names = sorted(set(names))
    old = {e["name"]: e for e in (previous or {}).get("packages", [])}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        documents = list(pool.map(fetch, names))
    packages = []
    for name, document in zip(names, documents):
        entry = entry_from_json(name, document) if document else None
        if entry is None:
            entry = old.get(name)
        if entry is not None:
            packages.append(entry)
    return {"format": INDEX_FORMAT, "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "packages": packages}


def shipped_index() -> dict[str, Any]:
    try:
        return json.loads(SHIPPED_INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": INDEX_FORMAT, "generated": "", "packages": []}


def newest_index(cached: dict[str, Any] | None) -> dict[str, Any]:
    """The newer of the shipped index and the refreshed copy in the cache."""
    shipped = shipped_index()
    if cached and cached.get("format") == INDEX_FORMAT and cached.get("generated", "") > shipped.get("generated", ""):
        return cached
    return shipped


def find(index: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((e for e in index.get("packages", []) if e["name"] == name), None)


def search(index: dict[str, Any], term: str = "") -> list[dict[str, Any]]:
    """Entries whose name or summary contains every word of `term` (all when empty); name matches first."""
    words = [canonical(w) for w in term.split()]
    hits = []
    for entry in index.get("packages", []):
        name, summary = entry["name"], canonical(entry.get("summary", ""))
        if all(w in name or w in summary for w in words):
            hits.append((not all(w in name for w in words), short_name(name), entry))
    return [entry for *_key, entry in sorted(hits, key=lambda h: h[:2])]
