"""The user's own folders: data (imported firmware, the embedded virtual board) and settings.

platformdirs gives the right place per system; HAAS_IDE_DATA_DIR and HAAS_IDE_CONFIG_DIR
override them (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "haas-ide"


def data_dir() -> Path:
    path = Path(os.environ.get("HAAS_IDE_DATA_DIR") or platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = Path(os.environ.get("HAAS_IDE_CONFIG_DIR") or platformdirs.user_config_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Things kept only to be faster next time (the virtual board's compiled VM); safe to delete.
    Inside the data folder when HAAS_IDE_DATA_DIR is set, so tests never touch the user's cache."""
    override = os.environ.get("HAAS_IDE_DATA_DIR")
    path = Path(override) / "cache" if override else Path(platformdirs.user_cache_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
