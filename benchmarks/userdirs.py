"""Benchmarks never touch the user's folders: data, settings and QSettings go to a temporary one.

Call `use_temporary_user_dirs()` before the IDE's modules read their folders (at the top of a
benchmark script, right after putting the repository on sys.path).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

VARIABLES = (("HAAS_IDE_DATA_DIR", "data"), ("HAAS_IDE_CONFIG_DIR", "config"), ("XDG_CONFIG_HOME", "xdg"))


def use_temporary_user_dirs(prefix: str) -> str:
    """Point this process's user folders into a new temporary folder (removed at exit); its path."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for variable, sub in VARIABLES:
        os.environ[variable] = f"{folder}/{sub}"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return folder
