"""Find text in the files of a project folder: what the IDE's "Find in project" panel shows.

`search_project(folder, pattern, options)` walks the folder (leaving out what never belongs to a
project's text: `.git/`, `__pycache__/`, the IDE's settings folder, editor backups, see
`ide.core.project.ALWAYS_IGNORED`), reads every UTF-8 text file and returns each match with its
1-based line and column. Files that are not UTF-8 text (images, firmware) are skipped, and so are
files over `MAX_FILE_BYTES`. `overrides` gives the text of files that are open with unsaved edits,
so the results show what the user sees. Patterns are Python regular expressions when
`options.regex`, else plain text; `whole_word` matches only where no letter, digit or `_` touches
the match. A match never spans lines. No Qt here: the GUI runs it on a background thread.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ide.core.project import ALWAYS_IGNORED, IgnoreRules

MAX_MATCHES = 2000
MAX_FILE_BYTES = 2 * 1024 * 1024
_SKIPPED = IgnoreRules(ALWAYS_IGNORED)


class SearchError(ValueError):
    """The pattern is not a valid regular expression."""


@dataclass(frozen=True)
class SearchOptions:
    """How a pattern matches: case, whole words, regular expression (the same three as the find bar)."""

    match_case: bool = False
    whole_word: bool = False
    regex: bool = False

    def compile(self, pattern: str) -> re.Pattern[str]:
        """The Python regular expression for `pattern`; SearchError when it is not valid."""
        body = pattern if self.regex else re.escape(pattern)
        if self.whole_word:
            body = rf"(?<!\w)(?:{body})(?!\w)"
        try:
            return re.compile(body, 0 if self.match_case else re.IGNORECASE)
        except re.error as error:
            raise SearchError(str(error)) from None


@dataclass(frozen=True)
class TextMatch:
    """One match: the file (`rel` is its POSIX path in the folder), 1-based line and column (in
    characters), the match's length in characters and the whole line it is on."""

    rel: str
    path: Path
    line: int
    column: int
    length: int
    text: str


@dataclass
class SearchResult:
    matches: list[TextMatch] = field(default_factory=list)
    files_searched: int = 0
    truncated: bool = False  # stopped at the match limit

    def files(self) -> list[str]:
        """The files with matches, in the order they were found."""
        return list(dict.fromkeys(match.rel for match in self.matches))


def text_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """(rel, path) of every file in `folder` worth searching: a folder's files (sorted), then its sub-folders."""
    for current, dirs, names in os.walk(folder):
        base = Path(current).relative_to(folder).as_posix()
        prefix = "" if base == "." else base + "/"
        dirs[:] = sorted(d for d in dirs if not _SKIPPED.ignores(prefix + d, True)
                         and not (Path(current) / d).is_symlink())
        for name in sorted(names):
            if not _SKIPPED.ignores(prefix + name):
                yield prefix + name, Path(current) / name


def read_text(path: Path) -> str | None:
    """The file's text, or None when it is too big, unreadable or not UTF-8 text."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def matches_in(text: str, regex: re.Pattern[str], rel: str, path: Path, limit: int) -> list[TextMatch]:
    """Up to `limit` matches of `regex` in `text`, line by line (empty matches are skipped)."""
    found: list[TextMatch] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in regex.finditer(line):
            if match.end() > match.start():
                found.append(TextMatch(rel, path, number, match.start() + 1, match.end() - match.start(), line))
                if len(found) >= limit:
                    return found
    return found


def search_project(folder: str | Path, pattern: str, options: SearchOptions = SearchOptions(),
                   overrides: dict[Path, str] | None = None, limit: int = MAX_MATCHES,
                   cancelled: Callable[[], bool] = lambda: False) -> SearchResult:
    """Every match of `pattern` in the text files of `folder` (at most `limit`); see the module docstring."""
    regex = options.compile(pattern)
    folder = Path(folder)
    overrides = {Path(path): text for path, text in (overrides or {}).items()}
    result = SearchResult()
    if not pattern:
        return result
    for rel, path in text_files(folder):
        if cancelled():
            break
        text = overrides[path] if path in overrides else read_text(path)
        if text is None:
            continue
        result.files_searched += 1
        result.matches += matches_in(text, regex, rel, path, limit - len(result.matches))
        if len(result.matches) >= limit:
            result.truncated = True
            break
    return result
