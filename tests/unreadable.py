"""Make a file unreadable for the code under test, as it is for a user without permission.

`chmod 000` alone does not stop root (CI runs as root), so opening the file through `open` or
`pathlib` is also made to fail with the PermissionError the system would give.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path


def make_unreadable(monkeypatch, path: Path) -> None:
    target = os.path.realpath(path)
    real_open = io.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(file))
        return real_open(file, *args, **kwargs)

    path.chmod(0)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)
