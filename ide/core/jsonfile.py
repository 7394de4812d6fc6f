"""Reading JSON that a user, a shared project or another program hands us.

`json.loads` raises `RecursionError` for values nested deeper than its stack allows (a file of
100 000 `[`); here that is a `ValueError` like any other malformed JSON, so every caller's
`except (OSError, ValueError)` covers it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ide.i18n import _


def loads(text: str | bytes) -> Any:
    """`json.loads`, with too deep nesting reported as a `ValueError`."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(_("values are nested too deeply")) from None


def read_json(path: str | Path) -> Any:
    """The JSON value in the UTF-8 file `path` (`OSError`, `ValueError` when unusable)."""
    return loads(Path(path).read_text(encoding="utf-8"))
