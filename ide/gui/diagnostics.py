"""Diagnostics in the editor: margin markers, squiggles and annotations, refreshed as the user types.

`show_diagnostics(editor, diagnostics)` draws a list of `ide.core.boardjson.Diagnostic`s: one marker
per line in the diagnostics margin (the worst severity of the line: a circle for errors, a rounded
box for warnings, a small box for hints), a squiggle under the word at the reported column, and
the messages as a Scintilla annotation under the line. `DiagnosticsRunner` re-checks the buffer a
moment (400 ms) after the last keystroke on a background thread and applies the result only if
the text has not changed since: board.json gets `check_board_json`, other JSON a parse check,
Python a `compile()` of the buffer and the static pass of `ide.core.pystatic` (pyflakes: undefined
names, unused imports, redefinitions; misspelt dictionary keys), which knows the board's firmware
modules and resolves star imports from the HaaS stubs and the modules beside the file. The
project-wide check (mpy-cross, imports, node names) is Deploy's job; its results can be shown
with the same `show_diagnostics`.
"""

from __future__ import annotations

import json
import threading
import warnings
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from ide.core.boardjson import BOARD_JSON, ERROR, HINT, WARNING, Diagnostic, check_board_json
from ide.core.boardjson_code import firmware_modules
from ide.core.pystatic import folder_names, static_diagnostics
from ide.gui.editor_theme import Theme, bgr
from ide.gui.editor_worker import FAILED, submit

if TYPE_CHECKING:
    from ide.core.boards import Board
    from ide.gui.editor import CodeEditor

DIAGNOSTICS_MARGIN = 1
MARGIN_WIDTH = 14
RANK = {ERROR: 0, WARNING: 1, HINT: 2}
MARKERS = {ERROR: 0, WARNING: 1, HINT: 2}           # marker numbers
MARKER_SYMBOLS = {ERROR: 0, WARNING: 1, HINT: 3}   # SC_MARK_CIRCLE, SC_MARK_ROUNDRECT, SC_MARK_SMALLRECT
INDICATORS = {ERROR: 8, WARNING: 9, HINT: 10}       # container indicators (8 and up are free)
INDIC_SQUIGGLE, INDIC_DOTS = 1, 10
ANNOTATION_BOXED = 2
DELAY_MS = 400
_warnings_lock = threading.Lock()


def setup(editor: "CodeEditor") -> None:
    """Define the margin, markers and indicators once, when the editor is created."""
    editor.setMarginTypeN(DIAGNOSTICS_MARGIN, 0)  # SC_MARGIN_SYMBOL
    editor.setMarginMaskN(DIAGNOSTICS_MARGIN, sum(1 << number for number in MARKERS.values()))
    editor.setMarginWidthN(DIAGNOSTICS_MARGIN, MARGIN_WIDTH)
    for severity, number in MARKERS.items():
        editor.markerDefine(number, MARKER_SYMBOLS[severity])
    for severity, number in INDICATORS.items():
        editor.indicSetStyle(number, INDIC_DOTS if severity == HINT else INDIC_SQUIGGLE)
    editor.annotationSetVisible(ANNOTATION_BOXED)


def apply_theme(editor: "CodeEditor", theme: Theme, style_offset: int) -> None:
    """Colour the markers, squiggles and annotation styles (`style_offset` + rank) for `theme`."""
    for severity, (marker, fore, back) in theme.diagnostics.items():
        editor.markerSetFore(MARKERS[severity], bgr(marker))
        editor.markerSetBack(MARKERS[severity], bgr(marker))
        editor.indicSetFore(INDICATORS[severity], bgr(marker))
        style = style_offset + RANK[severity]
        editor.styleSetFore(style, bgr(fore))
        editor.styleSetBack(style, bgr(back))
    editor.annotationSetStyleOffset(style_offset)


def show_diagnostics(editor: "CodeEditor", diagnostics: Iterable[Diagnostic]) -> None:
    """Replace the markers, squiggles and annotations of `editor` with `diagnostics`."""
    clear(editor)
    by_line: dict[int, list[Diagnostic]] = defaultdict(list)
    last_line = max(editor.lineCount() - 1, 0)
    for diagnostic in diagnostics:
        by_line[min(max(diagnostic.line - 1, 0), last_line)].append(diagnostic)
    for line, found in sorted(by_line.items()):
        found.sort(key=lambda d: (RANK.get(d.severity, 2), d.col))
        worst = found[0].severity if found[0].severity in RANK else HINT
        editor.markerAdd(line, MARKERS[worst])
        editor.annotationSetText(line, "\n".join(d.message for d in found))
        editor.annotationSetStyle(line, RANK[worst])
        for diagnostic in found:
            _squiggle(editor, line, diagnostic)


def clear(editor: "CodeEditor") -> None:
    editor.annotationClearAll()
    for number in MARKERS.values():
        editor.markerDeleteAll(number)
    for number in INDICATORS.values():
        editor.setIndicatorCurrent(number)
        editor.indicatorClearRange(0, editor.length())


def _squiggle(editor: "CodeEditor", line: int, diagnostic: Diagnostic) -> None:
    """Underline the word at the diagnostic's (1-based, in characters) column."""
    start = editor.positionFromLine(line)
    end_of_line = editor.lineEndPosition(line)
    text = bytes(editor.textRange(start, end_of_line)).decode("utf-8", "replace")
    pos = min(start + len(text[:max(diagnostic.col - 1, 0)].encode("utf-8")), end_of_line)
    end = editor.wordEndPosition(pos, True)
    if end <= pos:
        end = min(editor.positionAfter(pos), end_of_line)
    if end <= pos and pos > start:
        pos = editor.positionBefore(pos)
    if end > pos:
        editor.setIndicatorCurrent(INDICATORS.get(diagnostic.severity, INDICATORS[HINT]))
        editor.indicatorFillRange(pos, end - pos)


# -- checking a buffer (runs on a background thread) -----------------------------------------
def check_buffer(text: str, language: str, file: str, board: "Board | None" = None,
                 folder: Path | None = None) -> list[Diagnostic]:
    """The live diagnostics of one editor buffer named `file` (a board.json, other JSON, or Python);
    `folder` is where the file lives (its sibling modules answer star imports)."""
    if language == "json" and Path(file).name.lower() == BOARD_JSON:
        return check_board_json(text, board, file=file)[1]
    if language == "json":
        return check_json(text, file)
    if language == "python":
        found = check_python(text, file)
        if not any(d.severity == ERROR for d in found):
            found += static_diagnostics(text, file, folder_names(folder), firmware_modules(board))
        return found
    return []


def check_json(text: str, file: str) -> list[Diagnostic]:
    if not text.strip():
        return []
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return [Diagnostic(file, exc.lineno, exc.colno, ERROR, "invalid-json", exc.msg)]
    return []


def check_python(text: str, file: str) -> list[Diagnostic]:
    """A syntax error of `text` as an error; what the compiler warns about (invalid escapes...) as warnings."""
    with _warnings_lock, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            compile(text, file or "<editor>", "exec", dont_inherit=True)
        except SyntaxError as exc:
            return [Diagnostic(file, exc.lineno or 1, exc.offset or 1, ERROR, "syntax-error", exc.msg)]
        except ValueError as exc:  # a NUL character
            return [Diagnostic(file, 1, 1, ERROR, "syntax-error", str(exc))]
    return [Diagnostic(file, w.lineno or 1, 1, WARNING, "syntax-warning", str(w.message)) for w in caught
            if issubclass(w.category, (SyntaxWarning, DeprecationWarning))]


class DiagnosticsRunner(QObject):
    """Checks its editor's buffer `DELAY_MS` after the last change, off the UI thread.

    `checked(list)` is emitted once fresh diagnostics are shown; `board` (a `Board` or None)
    enables the pin checks of board.json for that board. A widget that checks the buffer itself
    (the board.json form) sets `enabled = False` and calls `editor.set_diagnostics` on its own.
    """

    checked = Signal(list)

    def __init__(self, editor: "CodeEditor", delay_ms: int = DELAY_MS) -> None:
        super().__init__(editor)
        self.editor = editor
        self.board: "Board | None" = None
        self.enabled = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.run_now)
        editor.notifyChange.connect(self.schedule)

    def schedule(self) -> None:
        """(Re)start the quiet period; the check runs when it ends."""
        if self.enabled:
            self.timer.start()

    def run_now(self) -> None:
        """Check the buffer as it is now."""
        self.timer.stop()
        if not self.enabled:
            return
        editor = self.editor
        text, version, language = editor.text(), editor.text_version(), editor.language
        file = editor.path.name if editor.path is not None else ""
        folder = editor.path.parent if editor.path is not None else None
        board = self.board
        submit("check", lambda: (version, check_buffer(text, language, file, board, folder)), self._on_result)

    def _on_result(self, result) -> None:
        if result is FAILED:
            return
        version, diagnostics = result
        if version != self.editor.text_version() or not self.enabled:
            return  # typed since (a newer check is on its way), or switched off
        self.editor.set_diagnostics(diagnostics)
        self.checked.emit(diagnostics)
