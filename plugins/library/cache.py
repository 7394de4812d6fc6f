"""The download cache: archives, PyPI's project descriptions and the refreshed index.

Layout under the plugin's data folder (`context.data_dir / "cache"`)::

    archives/<file name>      the archives as PyPI serves them (haas-python-mpu6050-0.0.7.tar.gz)
    projects/<name>.json      the last JSON description of each project fetched
    index.json                the index after `lib search --refresh`

Every write goes through a temporary file and a rename, so a crash never leaves half a file. An
archive is only ever handed out after its sha256 is checked: a damaged copy is deleted, and the
caller fetches it again.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ide import api

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    """The plugin's cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @property
    def archives(self) -> Path:
        return self.folder / "archives"

    @property
    def index_path(self) -> Path:
        return self.folder / "index.json"

    # -- archives ---------------------------------------------------------------------------------
    def archive(self, filename: str, digest: str) -> bytes | None:
        """The cached archive `filename` if its sha256 is `digest`; a damaged copy is removed."""
        path = self._archive_path(filename)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if sha256(data) == digest:
            return data
        path.unlink(missing_ok=True)
        return None

    def put_archive(self, filename: str, data: bytes) -> None:
        api.write_atomic(self._archive_path(filename), data)

    def _archive_path(self, filename: str) -> Path:
        if not _SAFE_NAME.match(filename):
            raise ValueError(f"unsafe archive name {filename!r}")
        return self.archives / filename

    # -- JSON documents ---------------------------------------------------------------------------
    def project(self, name: str) -> dict[str, Any] | None:
        return self._read_json(self._project_path(name))

    def put_project(self, name: str, document: dict[str, Any]) -> None:
        self._write_json(self._project_path(name), document)

    def index(self) -> dict[str, Any] | None:
        return self._read_json(self.index_path)

    def put_index(self, document: dict[str, Any]) -> None:
        self._write_json(self.index_path, document)

    def _project_path(self, name: str) -> Path:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"unsafe project name {name!r}")
        return self.folder / "projects" / f"{name}.json"

    @staticmethod
    def _read_json(path: Path) -> dict[str, Any] | None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # RecursionError: nested too deeply to parse
            return None
        return document if isinstance(document, dict) else None

    @staticmethod
    def _write_json(path: Path, document: dict[str, Any]) -> None:
        api.write_atomic(path, json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8"))
