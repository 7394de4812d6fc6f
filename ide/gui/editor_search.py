"""Find and replace in a Scintilla editor, with Scintilla's own search.

Regular expressions use Scintilla's C++11 engine (SCFIND_REGEX | SCFIND_CXX11REGEX, ECMAScript
syntax); in a regex replacement `\\1`..`\\9` insert the groups. Scintilla matches within one
line. Searches wrap around the end of the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ide.core.textsearch import SearchError, SearchOptions

if TYPE_CHECKING:
    from ide.gui.editor import CodeEditor

__all__ = ["SearchError", "SearchOptions", "search", "find", "replace", "replace_all"]

SCFIND_WHOLEWORD = 0x2
SCFIND_MATCHCASE = 0x4
SCFIND_REGEX = 0x00200000
SCFIND_CXX11REGEX = 0x00800000
SC_STATUS_OK, SC_STATUS_WARN_REGEX = 0, 1001


def scintilla_flags(options: SearchOptions) -> int:
    """Scintilla's SCFIND_* flags for `options`."""
    return ((SCFIND_MATCHCASE if options.match_case else 0) | (SCFIND_WHOLEWORD if options.whole_word else 0)
            | (SCFIND_REGEX | SCFIND_CXX11REGEX if options.regex else 0))


def search(editor: "CodeEditor", pattern: str, options: SearchOptions, start: int, end: int) -> tuple[int, int] | None:
    """The first match of `pattern` between byte positions `start` and `end` (backwards when
    `end` < `start`), as (start, end); None when there is none. Raises SearchError for a bad regex."""
    editor.setSearchFlags(scintilla_flags(options))
    editor.setTargetRange(start, end)
    editor.setStatus(SC_STATUS_OK)
    found = editor.searchInTarget(len(pattern.encode("utf-8")), pattern)  # str: bytes trip the binding
    if editor.status() == SC_STATUS_WARN_REGEX:
        editor.setStatus(SC_STATUS_OK)
        raise SearchError(pattern)
    if found < 0:
        return None
    return editor.targetStart(), editor.targetEnd()


def find(editor: "CodeEditor", pattern: str, options: SearchOptions, forward: bool = True, wrap: bool = True,
         incremental: bool = False) -> bool:
    """Select the next (or previous) match after (before) the selection; False when there is none.
    `incremental` (search as you type) starts at the selection's start, so the current match can grow."""
    if not pattern:
        return False
    length = editor.length()
    if forward:
        origin = editor.selectionStart() if incremental else editor.selectionEnd()
        match = search(editor, pattern, options, origin, length)
        if match is None and wrap:
            match = search(editor, pattern, options, 0, origin)
    else:
        origin = editor.selectionStart()
        match = search(editor, pattern, options, origin, 0)
        if match is None and wrap:
            match = search(editor, pattern, options, length, origin)
    if match is None:
        return False
    _select(editor, *match)
    return True


def _selected_is_match(editor: "CodeEditor", pattern: str, options: SearchOptions) -> bool:
    start, end = editor.selectionStart(), editor.selectionEnd()
    if start == end:
        return False
    match = search(editor, pattern, options, start, end)
    return match == (start, end)


def _select(editor: "CodeEditor", start: int, end: int) -> None:
    editor.ensureVisibleEnforcePolicy(editor.lineFromPosition(start))
    editor.setSel(start, end)
    editor.scrollRange(end, start)


def replace(editor: "CodeEditor", pattern: str, replacement: str, options: SearchOptions) -> bool:
    """Replace the selected match (if the selection is one) and select the next; False when none is left."""
    if not pattern:
        return False
    if _selected_is_match(editor, pattern, options):
        start = editor.selectionStart()
        search(editor, pattern, options, start, editor.selectionEnd())  # sets the target and the groups
        written = _replace_target(editor, replacement, options)
        editor.setSel(start + written, start + written)
    return find(editor, pattern, options)


def replace_all(editor: "CodeEditor", pattern: str, replacement: str, options: SearchOptions) -> int:
    """Replace every match (one undo step); returns how many were replaced."""
    if not pattern:
        return 0
    count, pos = 0, 0
    editor.beginUndoAction()
    try:
        while (match := search(editor, pattern, options, pos, editor.length())) is not None:
            start, end = match
            pos = start + _replace_target(editor, replacement, options)
            count += 1
            if end == start:  # an empty match: step over one character so the loop advances
                if pos >= editor.length():
                    break
                pos = editor.positionAfter(pos)
    finally:
        editor.endUndoAction()
    return count


def _replace_target(editor: "CodeEditor", replacement: str, options: SearchOptions) -> int:
    length = len(replacement.encode("utf-8"))
    if options.regex:
        return editor.replaceTargetRE(length, replacement)
    return editor.replaceTarget(length, replacement)
