"""Which files of a driver archive go into a project.

The haas-python-* archives are upip-style sdists without setup.py: one top folder
(`haas-python-mpu6050-0.0.7/`) holding `PKG-INFO`, `LICENSE` and the module files, sometimes in
folders with assets (ui_lite: `music/music.py`, `music/images/play.png`), once an example project
(haaseduk1: `code/main.py`, `code/sh1106.py`). On a board, `upip.install()` unpacks the archive
into `/lib` with the top folder stripped and packaging metadata left out; we do the same into the
project, so every path the package's authors wrote stays valid.

"Module files" are therefore every regular file below the top folder except packaging metadata:
PKG-INFO, setup.py/setup.cfg, pyproject.toml, MANIFEST.in, LICENSE/LICENCE/COPYING/NOTICE/README
files (any extension, any folder), `*.egg-info/` folders, `__pycache__/` and `*.pyc`. Links,
absolute paths and `..` are refused, so an archive can never write outside the project
(`safe_path` is the same rule for the paths a project records). The archive is read within
`LIMITS` (a library bigger than a board's whole file system is not a driver library), in chunks,
so a small archive that inflates to gigabytes is refused before it costs memory or disk.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ide import api

METADATA_NAMES = re.compile(r"^(PKG-INFO|setup\.(py|cfg)|pyproject\.toml|MANIFEST\.in|"
                            r"(LICEN[CS]E|COPYING|NOTICE|README)([.-].*)?)$", re.IGNORECASE)
LIMITS = api.ArchiveLimits(members=2000, member=8 << 20, total=16 << 20)


class BadArchive(Exception):
    """The archive cannot be read or holds a path that would land outside the project."""


def module_files(filename: str, data: bytes) -> dict[str, bytes]:
    """{path in the project: content} of the module files in archive `filename`."""
    files: dict[str, bytes] = {}
    try:
        for name, content in api.archive_files(data, filename, LIMITS):
            rel = _project_path(name)
            if rel is not None:
                files[rel] = content
    except api.ArchiveError as exc:
        raise BadArchive(str(exc)) from None
    return dict(sorted(files.items()))


def safe_path(name: str) -> PurePosixPath | None:
    """`name` as a relative POSIX path that stays below where it is put, or None when it is
    absolute, has a drive letter or goes up with `..`."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        return None
    return path


def _project_path(name: str) -> str | None:
    """The member's path in the project (top folder stripped), or None when it is not a module file."""
    path = safe_path(name)
    if path is None:
        raise BadArchive(f"unsafe path in archive: {name}")
    parts = [p for p in path.parts if p not in ("", ".")][1:]
    if not parts or _is_metadata(parts):
        return None
    return "/".join(parts)


def _is_metadata(parts: list[str]) -> bool:
    if any(p.endswith(".egg-info") or p == "__pycache__" for p in parts[:-1]):
        return True
    return bool(METADATA_NAMES.match(parts[-1])) or parts[-1].endswith(".pyc")
