"""Where the data folders shipped with the IDE are, in a checkout and in an installed wheel.

firmware/, templates/ and plugins/ are installed as the packages ide._firmware, ide._templates and
ide._plugins; in an editable install or a plain checkout they are the top-level folders.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PACKAGES = {"firmware": "ide._firmware", "templates": "ide._templates", "plugins": "ide._plugins"}


def data_dir(name: str) -> Path:
    """Return the folder of shipped data `name` ("firmware", "templates" or "plugins")."""
    spec = importlib.util.find_spec(_PACKAGES[name])
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parent.parent / name
