"""The code editor: a Scintilla widget set up for Python and JSON (board.json).

Scintilla does the editing and Lexilla the highlighting; this module only chooses the settings:
UTF-8, line numbers, indentation guides, 4-space indents and one light colour scheme.
Scintilla colours are 0xBBGGRR integers, so the scheme below is written as "#rrggbb" and converted.
"""

from __future__ import annotations

import keyword

from lexilla import Language, create_lexer
from lexilla.pyside6_scintilla import set_lexer
from PySide6.QtGui import QFontDatabase
from pyside6_scintilla import ScintillaEdit

# Scintilla constants (Scintilla.h) used below, named once.
SC_CP_UTF8 = 65001
STYLE_DEFAULT = 32
STYLE_LINENUMBER = 33
STYLE_INDENTGUIDE = 37
SC_MARGIN_NUMBER = 1
SC_IV_LOOKBOTH = 3
SC_EOL_LF = 2
LINE_NUMBER_MARGIN = 0
INDENT = 4

LANGUAGES = {"python": Language.PYTHON, "json": Language.JSON}

# Style numbers of the Python lexer (SCE_P_*) and the JSON lexer (SCE_JSON_*) -> foreground colour.
PYTHON_STYLES = {
    1: "#6a737d",   # comment line
    2: "#005cc5",   # number
    3: "#22863a",   # "string"
    4: "#22863a",   # 'string'
    5: "#d73a49",   # keyword
    6: "#22863a",   # '''triple'''
    7: "#22863a",   # """triple"""
    8: "#6f42c1",   # class name
    9: "#6f42c1",   # def name
    10: "#24292e",  # operator
    12: "#6a737d",  # comment block
    13: "#b31d28",  # unterminated string
    14: "#005cc5",  # keywords 2 (builtins)
    15: "#e36209",  # decorator
    16: "#22863a",  # f"string"
    17: "#22863a",  # f'string'
    18: "#22863a",  # f'''string'''
    19: "#22863a",  # f"""string"""
}
JSON_STYLES = {
    1: "#005cc5",   # number
    2: "#22863a",   # string
    3: "#b31d28",   # unterminated string
    4: "#6f42c1",   # property name
    5: "#e36209",   # escape sequence
    6: "#6a737d",   # line comment
    7: "#6a737d",   # block comment
    8: "#24292e",   # operator
    11: "#d73a49",  # true, false, null
    13: "#b31d28",  # error
}
STYLES = {"python": PYTHON_STYLES, "json": JSON_STYLES}
BUILTINS = ("print len range int str float bytes bytearray list dict tuple set bool open isinstance "
            "super object type Exception ValueError OSError KeyboardInterrupt __name__")


def bgr(colour: str) -> int:
    """Scintilla's colour integer (0xBBGGRR) for "#rrggbb"."""
    value = int(colour.lstrip("#"), 16)
    return ((value & 0xFF) << 16) | (value & 0xFF00) | (value >> 16)


class CodeEditor(ScintillaEdit):
    """A Scintilla editor for one file; `set_language("python" | "json")` picks the highlighting."""

    def __init__(self, parent=None, language: str = "python") -> None:
        super().__init__(parent)
        self.setCodePage(SC_CP_UTF8)
        self.setEOLMode(SC_EOL_LF)
        self.setScrollWidth(1)  # grows with the longest line seen, so short files need no scroll bar
        self.setScrollWidthTracking(True)
        self.setMarginLeft(4)
        self._setup_indentation()
        self._setup_font()
        self.language = ""
        self.set_language(language)
        self.linesAdded.connect(self._on_lines_added)

    def _setup_indentation(self) -> None:
        self.setUseTabs(False)
        self.setTabWidth(INDENT)
        self.setIndent(INDENT)
        self.setTabIndents(True)
        self.setBackSpaceUnIndents(True)
        self.setIndentationGuides(SC_IV_LOOKBOTH)

    def _setup_font(self) -> None:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.styleSetFont(STYLE_DEFAULT, font.family())
        self.styleSetSize(STYLE_DEFAULT, max(font.pointSize(), 10))
        self.styleSetFore(STYLE_DEFAULT, bgr("#24292e"))
        self.styleSetBack(STYLE_DEFAULT, bgr("#ffffff"))
        self.styleClearAll()

    def set_language(self, language: str) -> None:
        """Highlight the text as `language` ("python" or "json")."""
        lexer = create_lexer(LANGUAGES[language])
        if lexer is None:
            raise RuntimeError(f"Lexilla has no {language} lexer")
        set_lexer(self, lexer)
        self.language = language
        self.styleClearAll()
        self.styleSetFore(STYLE_LINENUMBER, bgr("#8c959f"))
        self.styleSetBack(STYLE_LINENUMBER, bgr("#f6f8fa"))
        self.styleSetFore(STYLE_INDENTGUIDE, bgr("#d0d7de"))
        for style, colour in STYLES[language].items():
            self.styleSetFore(style, bgr(colour))
        if language == "python":
            self.setKeyWords(0, " ".join(keyword.kwlist + keyword.softkwlist))
            self.setKeyWords(1, BUILTINS)
        self.colourise(0, -1)
        self._update_line_number_margin()

    def _update_line_number_margin(self) -> None:
        digits = max(len(str(self.lineCount())), 3)
        width = self.textWidth(STYLE_LINENUMBER, "_" + "9" * digits)
        self.setMarginTypeN(LINE_NUMBER_MARGIN, SC_MARGIN_NUMBER)
        self.setMarginWidthN(LINE_NUMBER_MARGIN, width + 4)

    def _on_lines_added(self, _count: int) -> None:
        self._update_line_number_margin()

    def text(self) -> str:
        """The whole document."""
        return bytes(self.getText(self.length())).decode("utf-8")

    def set_text(self, text: str) -> None:
        """Replace the document with `text`, as a fresh, unmodified buffer."""
        self.setText(text)
        self.emptyUndoBuffer()
        self.setSavePoint()
        self._update_line_number_margin()
