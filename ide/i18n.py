"""Translations for every user-facing string, in one catalogue shared by the core, the CLI and the GUI.

Strings are written in English in the code and wrapped in `_()`; the JSON files in
`ide/locale/<lang>/` (one per feature area, merged) map each English text to its translation. The language comes from `set_language()`, else HAAS_IDE_LANG,
else the system locale (LC_ALL, LC_MESSAGES, LANG); anything starting with "zh" is Chinese.
No Qt here: the core layer uses it too.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "zh_CN")
_LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_current: str | None = None


def system_language() -> str:
    """The language the environment asks for: "zh_CN" or "en"."""
    for var in ("HAAS_IDE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str | None) -> None:
    """Use `lang` ("en" or "zh_CN") from now on; None goes back to the system language."""
    global _current
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def chosen_language() -> str | None:
    """The language set explicitly (`--lang`), or None when following settings or the system."""
    return _current


def language() -> str:
    return _current or system_language()


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The translations of `lang` (empty for English, whose texts are the keys)."""
    merged: dict[str, str] = {}
    if lang != "en":
        for path in sorted((_LOCALE_DIR / lang).glob("*.json")):
            merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def _(text: str) -> str:
    """Translate `text` into the current language (the text itself when there is no entry)."""
    return catalogue(language()).get(text, text)
