"""The IDE's log file: `haas-ide.log` in the user's data folder (plugin failures with their
tracebacks, for instance). Rotated at 1 MB, three old files kept."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOGGER = "haas_ide"


def log_path() -> Path:
    from ide.core.userdirs import data_dir

    return data_dir() / "haas-ide.log"


def setup_log_file() -> Path:
    """Send the `haas_ide` loggers to the log file (once per process); returns its path."""
    logger = logging.getLogger(LOGGER)
    path = log_path()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8",
                                                       delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return path
