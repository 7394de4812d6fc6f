"""The code editor: a Scintilla widget set up for Python and JSON (board.json).

Scintilla does the editing and Lexilla the highlighting; this module chooses the settings and
adds what an IDE needs on top: the lexer by file name, line numbers, a folding margin, brace
matching, indentation guides, auto-indent on Enter, comment toggling (Ctrl+/), indenting lines,
go to line, selecting a match, zoom, light and dark themes, loading and saving files (UTF-8, line
endings kept) with a modified flag. Completion (`completion.py`) and live diagnostics
(`diagnostics.py`) attach to it; searching is in `editor_search.py`, the find bar in `findbar.py`,
go to definition in `goto_definition.py`; the Edit menu (`editmenu.py`) gives them their keys.
Positions inside Scintilla are byte offsets into the UTF-8 text; the public methods here speak in
1-based lines.
"""

from __future__ import annotations

import codecs
import keyword
import os
import shutil
from pathlib import Path

from lexilla import Language, create_lexer
from lexilla.pyside6_scintilla import set_lexer
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent
from PySide6.QtWidgets import QWidget
from pyside6_scintilla import ScintillaEdit

from ide.core.boardjson import Diagnostic
from ide.core.errors import ProjectError
from ide.gui import diagnostics as diagnostics_view
from ide.gui.completion import Completer
from ide.gui.diagnostics import DiagnosticsRunner
from ide.gui.editor_text import INDENT, comment_toggled, detect_eol, language_for, next_indent
from ide.gui.editor_theme import LIGHT, THEMES, apply_base, apply_chrome, apply_lexer_styles, bgr
from ide.i18n import _

# Scintilla constants (Scintilla.h) used below, named once.
SC_CP_UTF8 = 65001
STYLE_LINENUMBER = 33
SC_MARGIN_SYMBOL, SC_MARGIN_NUMBER = 0, 1
SC_MASK_FOLDERS = -33554432  # 0xFE000000 as a signed int
SC_IV_LOOKBOTH = 3
SC_EOL_LF = 2
SC_AUTOMATICFOLD_ALL = 1 | 2 | 4  # show, click, change
SC_FOLDFLAG_LINEAFTER_CONTRACTED = 16
SC_FOLDLEVELHEADERFLAG = 0x2000
SC_FOLDACTION_CONTRACT, SC_FOLDACTION_EXPAND, SC_FOLDACTION_TOGGLE = 0, 1, 2
SC_UPDATE_CONTENT_OR_SELECTION = 1 | 2
SC_MOD_INSERTTEXT, SC_MOD_DELETETEXT = 0x1, 0x2
SCI_GETZOOM = 2374
INVALID_POSITION = -1
LINE_NUMBER_MARGIN, FOLD_MARGIN = 0, 2
FOLD_MARGIN_WIDTH = 14
# Folder markers (SC_MARKNUM_FOLDER*) -> symbols (SC_MARK_*): a boxed tree.
FOLD_MARKERS = {31: 14, 30: 12, 29: 9, 28: 10, 25: 13, 26: 15, 27: 11}
BRACES = frozenset(b"()[]{}")
MAX_ZOOM, MIN_ZOOM = 20, -10

LANGUAGES = {"python": Language.PYTHON, "json": Language.JSON, "text": Language.NULL}
LEXER_PROPERTIES = {"python": {"fold": "1", "fold.compact": "0", "fold.quotes.python": "1"},
                    "json": {"fold": "1", "fold.compact": "0"}, "text": {}}
BUILTINS = ("print len range int str float bytes bytearray list dict tuple set bool open isinstance "
            "super object type Exception ValueError OSError KeyboardInterrupt __name__")


class CodeEditor(ScintillaEdit):
    """A Scintilla editor for one file; `set_language("python" | "json" | "text")` picks the highlighting.

    `modification_changed(bool)` tells when the buffer becomes modified or saved. With `assist`
    (the default) it completes Python with jedi and re-checks the buffer as the user types.
    """

    modification_changed = Signal(bool)

    def __init__(self, parent=None, language: str = "python", *, assist: bool = True) -> None:
        super().__init__(parent)
        self.language = ""
        self.theme = LIGHT
        self.project_dir: Path | None = None
        self._path: Path | None = None
        self._bom = False
        self._version = 0
        self._modified = False
        self._quiet = False
        self._diagnostics: list[Diagnostic] = []
        self._setup_document()
        self._setup_indentation()
        self._setup_font()
        self._setup_margins()
        self._annotation_styles = self.allocateExtendedStyles(len(diagnostics_view.RANK))
        self.set_language(language)
        self._connect_signals()
        self.completer = Completer(self) if assist else None
        self.diagnostics_runner = DiagnosticsRunner(self) if assist else None

    # -- set-up ----------------------------------------------------------------------------
    def _setup_document(self) -> None:
        self.setCodePage(SC_CP_UTF8)
        self.setEOLMode(SC_EOL_LF)
        self.setScrollWidth(1)  # grows with the longest line seen, so short files need no scroll bar
        self.setScrollWidthTracking(True)
        self.setMarginLeft(4)
        self.setCaretLineVisibleAlways(True)
        # Only text changes are notified (SCN_MODIFIED, notifyChange): markers, annotations and fold
        # levels change too, and must not count as edits (they would restart the live checks).
        self.setModEventMask(SC_MOD_INSERTTEXT | SC_MOD_DELETETEXT)

    def _setup_indentation(self) -> None:
        self.setUseTabs(False)
        self.setTabWidth(INDENT)
        self.setIndent(INDENT)
        self.setTabIndents(True)
        self.setBackSpaceUnIndents(True)
        self.setIndentationGuides(SC_IV_LOOKBOTH)

    def _setup_font(self) -> None:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._font_family = font.family()
        self._font_size = max(font.pointSize(), 10)

    def _setup_margins(self) -> None:
        self.setMarginTypeN(LINE_NUMBER_MARGIN, SC_MARGIN_NUMBER)
        diagnostics_view.setup(self)
        self.setMarginTypeN(FOLD_MARGIN, SC_MARGIN_SYMBOL)
        self.setMarginMaskN(FOLD_MARGIN, SC_MASK_FOLDERS)
        self.setMarginWidthN(FOLD_MARGIN, FOLD_MARGIN_WIDTH)
        self.setMarginSensitiveN(FOLD_MARGIN, True)
        self.setAutomaticFold(SC_AUTOMATICFOLD_ALL)
        self.setFoldFlags(SC_FOLDFLAG_LINEAFTER_CONTRACTED)
        for number, symbol in FOLD_MARKERS.items():
            self.markerDefine(number, symbol)

    def _connect_signals(self) -> None:
        self.linesAdded.connect(self._on_lines_added)
        self.notifyChange.connect(self._on_text_changed)
        self.savePointChanged.connect(self._on_save_point)
        self.charAdded.connect(self._on_char_added)
        self.updateUi.connect(self._on_update_ui)
        self.zoom.connect(self._on_zoom)

    # -- language and theme ----------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Highlight the text as `language` ("python", "json" or "text")."""
        lexer = create_lexer(LANGUAGES[language])
        if lexer is None:
            raise RuntimeError(f"Lexilla has no {language} lexer")
        set_lexer(self, lexer)
        self.language = language
        for key, value in LEXER_PROPERTIES[language].items():
            self.setProperty(key, value)
        if language == "python":
            self.setKeyWords(0, " ".join(keyword.kwlist + keyword.softkwlist))
            self.setKeyWords(1, BUILTINS)
        self._apply_theme()  # the text is re-lexed as it is painted (or by `colourise`)

    def set_theme(self, name: str) -> None:
        """Switch to the "light" or "dark" colour scheme."""
        self.theme = THEMES[name]
        self._apply_theme()

    def set_font(self, family: str, size: int) -> None:
        """Show the text in `family` at `size` points (before zooming)."""
        self._font_family, self._font_size = family, size
        self._apply_theme()

    def _apply_theme(self) -> None:
        theme = self.theme
        apply_base(self, theme, self._font_family, self._font_size)
        apply_chrome(self, theme)
        apply_lexer_styles(self, theme, self.language)
        diagnostics_view.apply_theme(self, theme, self._annotation_styles)
        for number in FOLD_MARKERS:
            self.markerSetFore(number, bgr(theme.fold_back))
            self.markerSetBack(number, bgr(theme.fold_symbol))
        self._update_line_number_margin()

    def _update_line_number_margin(self) -> None:
        digits = max(len(str(self.lineCount())), 3)
        width = self.textWidth(STYLE_LINENUMBER, "_" + "9" * digits)
        self.setMarginWidthN(LINE_NUMBER_MARGIN, width + 4)

    def _on_lines_added(self, _count: int) -> None:
        self._update_line_number_margin()

    def _on_zoom(self, *_args) -> None:
        self._update_line_number_margin()

    # -- text, files and the modified flag ----------------------------------------------------
    def text(self) -> str:
        """The whole document."""
        return bytes(self.getText(self.length())).decode("utf-8")

    def set_text(self, text: str) -> None:
        """Replace the document with `text`, as a fresh, unmodified buffer."""
        self._quiet = True
        try:
            self.setText(text)
            self.emptyUndoBuffer()
            self.setSavePoint()
        finally:
            self._quiet = False
        self._set_modified(False)
        self._update_line_number_margin()

    def text_version(self) -> int:
        """A number that changes whenever the text does (background results check it)."""
        return self._version

    @property
    def path(self) -> Path | None:
        """The file this buffer was loaded from or saved to (None for a new buffer)."""
        return self._path

    def load(self, path: str | Path) -> None:
        """Open the UTF-8 file `path`: its lexer by name, its line endings kept for new lines."""
        path = Path(path)
        raw = path.read_bytes()
        self._bom = raw.startswith(codecs.BOM_UTF8)
        try:
            text = raw.decode("utf-8-sig" if self._bom else "utf-8")
        except UnicodeDecodeError:
            raise ProjectError(_("{name} is not UTF-8 text.").format(name=path.name),
                               _("Save it as UTF-8 in another editor, then open it again.")) from None
        self._path = path
        self.set_language(language_for(path))
        self.setEOLMode(detect_eol(text))
        self.set_diagnostics([])
        self.set_text(text)

    def relocate(self, path: str | Path) -> None:
        """The file was renamed or moved on disk: save there from now on."""
        self._path = Path(path)
        if language_for(self._path) != self.language:
            self.set_language(language_for(self._path))
            if self.diagnostics_runner is not None:
                self.diagnostics_runner.schedule()

    def save(self, path: str | Path | None = None) -> Path:
        """Write the buffer (UTF-8, its line endings as they are) to `path` or to where it came from."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("save() needs a path for a new buffer")
        data = (codecs.BOM_UTF8 if self._bom else b"") + self.text().encode("utf-8")
        _write_replacing(target.resolve() if target.is_symlink() else target, data)
        self.setSavePoint()
        if path is not None and target != self._path:
            self.relocate(target)  # now checked as the kind of file it became
        return target

    def is_modified(self) -> bool:
        """Has the buffer changed since it was loaded or saved?"""
        return bool(self.modify())

    def _on_text_changed(self) -> None:
        self._version += 1

    def _on_save_point(self, _flag: bool) -> None:
        if not self._quiet:
            self._set_modified(self.is_modified())

    def _set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.modification_changed.emit(modified)

    # -- editing helpers -------------------------------------------------------------------
    def line_text(self, line: int) -> str:
        """The text of 0-based `line` without its line end."""
        start, end = self.positionFromLine(line), self.lineEndPosition(line)
        return bytes(self.textRange(start, end)).decode("utf-8", "replace")

    def _on_char_added(self, code: int) -> None:
        eol_char = "\r" if self.eOLMode() == 1 else "\n"
        if chr(code) == eol_char:
            self._auto_indent()

    def _auto_indent(self) -> None:
        line = self.lineFromPosition(self.currentPos())
        if line == 0:
            return
        indent = next_indent(self.line_text(line - 1), self.lineIndentation(line - 1), self.language)
        self.setLineIndentation(line, indent)
        self.gotoPos(self.lineIndentPosition(line))

    def toggle_comment(self) -> None:
        """Comment the selected lines (or the caret's line) out with "# ", or back in (Python only)."""
        if self.language != "python":
            return
        first, last = self._selected_lines()
        start, end = self.positionFromLine(first), self.lineEndPosition(last)
        lines = [self.line_text(line) for line in range(first, last + 1)]
        changed = comment_toggled(lines)
        if changed == lines:
            return
        eol = {0: "\r\n", 1: "\r"}.get(self.eOLMode(), "\n")
        self.beginUndoAction()
        self.setTargetRange(start, end)
        replacement = eol.join(changed)
        self.replaceTarget(len(replacement.encode("utf-8")), replacement)
        self.endUndoAction()
        if first == last:
            caret = self.lineIndentPosition(first)
            self.setSel(caret, caret)
        else:
            self.setSel(self.positionFromLine(first), self.lineEndPosition(last))

    def _selected_lines(self) -> tuple[int, int]:
        start, end = self.selectionStart(), self.selectionEnd()
        first, last = self.lineFromPosition(start), self.lineFromPosition(end)
        if last > first and end == self.positionFromLine(last):
            last -= 1  # a selection ending at the start of a line does not take that line
        return first, last

    def shift_indent(self, levels: int) -> None:
        """Indent the selected lines (or the caret's line) by `levels` indent steps; negative dedents.
        Blank lines are left alone; the whole change is one undo step."""
        first, last = self._selected_lines()
        step = self.indent() or INDENT
        self.beginUndoAction()
        try:
            for line in range(first, last + 1):
                if self.line_text(line).strip():
                    self.setLineIndentation(line, max(self.lineIndentation(line) + levels * step, 0))
        finally:
            self.endUndoAction()

    def select_in_line(self, line: int, column: int, length: int) -> None:
        """Select `length` characters from 1-based `column` of 1-based `line` (a search match)."""
        index = min(max(line - 1, 0), self.lineCount() - 1)
        text = self.line_text(index)
        start = self.positionFromLine(index) + len(text[:max(column - 1, 0)].encode("utf-8"))
        end = start + len(text[max(column - 1, 0):max(column - 1, 0) + length].encode("utf-8"))
        self.ensureVisibleEnforcePolicy(index)
        self.setSel(start, end)
        self.scrollRange(end, start)

    def goto_line(self, line: int, column: int = 1) -> None:
        """Put the caret on 1-based `line` (and 1-based character `column`), unfolded and in view."""
        index = min(max(line - 1, 0), self.lineCount() - 1)
        self.ensureVisibleEnforcePolicy(index)
        text = self.line_text(index)
        pos = self.positionFromLine(index) + len(text[:max(column - 1, 0)].encode("utf-8"))
        self.gotoPos(pos)
        QWidget.setFocus(self)  # ScintillaEdit.setFocus(bool) is Scintilla's SCI_SETFOCUS

    # -- folding -----------------------------------------------------------------------------
    def fold_all(self) -> None:
        """Fold every top-level block."""
        self.colourise(0, -1)
        self.foldAll(SC_FOLDACTION_CONTRACT)

    def unfold_all(self) -> None:
        self.colourise(0, -1)
        self.foldAll(SC_FOLDACTION_EXPAND)

    def toggle_fold(self, line: int) -> None:
        """Fold or unfold the block of 1-based `line` (its header, or the block it is in)."""
        self.colourise(0, -1)
        index = line - 1
        if not self.foldLevel(index) & SC_FOLDLEVELHEADERFLAG:
            index = self.foldParent(index)
        if index >= 0:
            self.foldLine(index, SC_FOLDACTION_TOGGLE)

    def is_folded(self, line: int) -> bool:
        """Is the block headed by 1-based `line` folded?"""
        return not self.foldExpanded(line - 1)

    # -- braces ------------------------------------------------------------------------------
    def matching_brace(self, pos: int | None = None) -> tuple[int, int] | None:
        """(brace, its match or -1) for a brace just before or at `pos` (the caret); None if none."""
        pos = self.currentPos() if pos is None else pos
        for candidate in (pos - 1, pos):
            if 0 <= candidate < self.length() and self.charAt(candidate) in BRACES:
                return candidate, self.braceMatch(candidate, 0)
        return None

    def _on_update_ui(self, updated: int) -> None:
        if not updated & SC_UPDATE_CONTENT_OR_SELECTION:
            return
        found = self.matching_brace()
        if found is None:
            self.braceHighlight(INVALID_POSITION, INVALID_POSITION)
        elif found[1] < 0:
            self.braceBadLight(found[0])
        else:
            self.braceHighlight(*found)

    # -- zoom --------------------------------------------------------------------------------
    def zoom_level(self) -> int:
        """Points added to every font size (0 = normal)."""
        return self.send(SCI_GETZOOM)

    def zoom_in(self) -> None:
        self.setZoom(min(self.zoom_level() + 1, MAX_ZOOM))

    def zoom_out(self) -> None:
        self.setZoom(max(self.zoom_level() - 1, MIN_ZOOM))

    def zoom_reset(self) -> None:
        self.setZoom(0)

    # -- diagnostics -------------------------------------------------------------------------
    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        """Show `diagnostics` (of this file) as margin markers, squiggles and annotations."""
        self._diagnostics = list(diagnostics)
        diagnostics_view.show_diagnostics(self, self._diagnostics)

    def diagnostics(self) -> list[Diagnostic]:
        """The diagnostics shown now."""
        return list(self._diagnostics)

    # -- keys --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._shortcut(event)
        if action is None:
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    def _shortcut(self, event: QKeyEvent):
        """The editor's own Ctrl shortcuts (completion, comments, zoom), or None for Scintilla's."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return None
        key = event.key()
        actions = {Qt.Key.Key_Slash: self.toggle_comment, Qt.Key.Key_Plus: self.zoom_in,
                   Qt.Key.Key_Equal: self.zoom_in, Qt.Key.Key_Minus: self.zoom_out, Qt.Key.Key_0: self.zoom_reset}
        if key == Qt.Key.Key_Space and self.completer is not None:
            return self.completer.complete
        return actions.get(key)


def _write_replacing(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename, so a crash never leaves half a file."""
    temporary = target.with_name(f".{target.name}.haas-ide-saving")
    temporary.write_bytes(data)
    if target.exists():
        shutil.copymode(target, temporary)
    os.replace(temporary, target)
