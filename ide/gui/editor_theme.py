"""The editor's two colour schemes, light and dark, and how they are applied to Scintilla.

A `Theme` names every colour the editor uses: text, margins, caret and selection, brace
highlights, the diagnostics colours, and the foreground of each lexer style (Python's SCE_P_* and
JSON's SCE_JSON_* numbers). Colours are written "#rrggbb"; Scintilla wants 0xBBGGRR integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Scintilla style numbers and element ids used below (Scintilla.h).
STYLE_DEFAULT = 32
STYLE_LINENUMBER = 33
STYLE_BRACELIGHT = 34
STYLE_BRACEBAD = 35
STYLE_INDENTGUIDE = 37
STYLE_CALLTIP = 38
SC_ELEMENT_SELECTION_BACK = 11
SC_ELEMENT_SELECTION_INACTIVE_BACK = 17
SC_ELEMENT_CARET = 40
SC_ELEMENT_CARET_LINE_BACK = 50
SEVERITIES = ("error", "warning", "hint")


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    margin_back: str
    margin_fore: str
    indent_guide: str
    caret: str
    caret_line: str
    selection: str
    brace_fore: str
    brace_back: str
    brace_bad: str
    fold_back: str
    fold_symbol: str
    calltip_back: str
    calltip_fore: str
    calltip_highlight: str
    # Per severity: (margin marker colour, annotation text colour, annotation background).
    diagnostics: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    python: dict[int, str] = field(default_factory=dict)
    json: dict[int, str] = field(default_factory=dict)

    def styles(self, language: str) -> dict[int, str]:
        """Lexer style number -> foreground colour for `language` (none for plain text)."""
        return {"python": self.python, "json": self.json}.get(language, {})


def bgr(colour: str) -> int:
    """Scintilla's colour integer (0xBBGGRR) for "#rrggbb"."""
    value = int(colour.lstrip("#"), 16)
    return ((value & 0xFF) << 16) | (value & 0xFF00) | (value >> 16)


def rgba(colour: str) -> int:
    """Scintilla's opaque ColourAlpha integer (0xAABBGGRR) for "#rrggbb", for element colours."""
    return bgr(colour) | 0xFF000000


LIGHT = Theme(
    name="light", background="#ffffff", foreground="#24292e", margin_back="#f6f8fa", margin_fore="#8c959f",
    indent_guide="#d0d7de", caret="#24292e", caret_line="#f3f6fa", selection="#c8e1ff",
    brace_fore="#0550ae", brace_back="#dbe9f9", brace_bad="#cf222e", fold_back="#f6f8fa", fold_symbol="#8c959f",
    calltip_back="#fffbe6", calltip_fore="#24292e", calltip_highlight="#0550ae",
    diagnostics={"error": ("#cf222e", "#82071e", "#ffebe9"), "warning": ("#bf8700", "#7d4e00", "#fff8c5"),
                 "hint": ("#0969da", "#0a3069", "#ddf4ff")},
    python={1: "#6a737d", 2: "#005cc5", 3: "#22863a", 4: "#22863a", 5: "#d73a49", 6: "#22863a", 7: "#22863a",
            8: "#6f42c1", 9: "#6f42c1", 10: "#24292e", 12: "#6a737d", 13: "#b31d28", 14: "#005cc5",
            15: "#e36209", 16: "#22863a", 17: "#22863a", 18: "#22863a", 19: "#22863a"},
    json={1: "#005cc5", 2: "#22863a", 3: "#b31d28", 4: "#6f42c1", 5: "#e36209", 6: "#6a737d", 7: "#6a737d",
          8: "#24292e", 11: "#d73a49", 13: "#b31d28"},
)

DARK = Theme(
    name="dark", background="#1e2227", foreground="#d7dae0", margin_back="#21252b", margin_fore="#636d83",
    indent_guide="#3b4048", caret="#61afef", caret_line="#2a2f37", selection="#3e4c63",
    brace_fore="#e5c07b", brace_back="#3a3f4b", brace_bad="#ff6b6b", fold_back="#21252b", fold_symbol="#636d83",
    calltip_back="#2c313a", calltip_fore="#d7dae0", calltip_highlight="#e5c07b",
    diagnostics={"error": ("#ff6b6b", "#ffb4b4", "#4a2328"), "warning": ("#e5c07b", "#f2dcaa", "#463c25"),
                 "hint": ("#61afef", "#b8dcfa", "#223a52")},
    python={1: "#7f848e", 2: "#d19a66", 3: "#98c379", 4: "#98c379", 5: "#c678dd", 6: "#98c379", 7: "#98c379",
            8: "#e5c07b", 9: "#61afef", 10: "#abb2bf", 12: "#7f848e", 13: "#ff6b6b", 14: "#56b6c2",
            15: "#d19a66", 16: "#98c379", 17: "#98c379", 18: "#98c379", 19: "#98c379"},
    json={1: "#d19a66", 2: "#98c379", 3: "#ff6b6b", 4: "#e06c75", 5: "#56b6c2", 6: "#7f848e", 7: "#7f848e",
          8: "#abb2bf", 11: "#c678dd", 13: "#ff6b6b"},
)

THEMES = {theme.name: theme for theme in (LIGHT, DARK)}


def apply_base(editor, theme: Theme, font_family: str, font_size: int) -> None:
    """Reset every style to the theme's text colours in the editor's font (Scintilla's styleClearAll)."""
    editor.styleSetFont(STYLE_DEFAULT, font_family)
    editor.styleSetSize(STYLE_DEFAULT, font_size)
    editor.styleSetFore(STYLE_DEFAULT, bgr(theme.foreground))
    editor.styleSetBack(STYLE_DEFAULT, bgr(theme.background))
    editor.styleClearAll()


def apply_chrome(editor, theme: Theme) -> None:
    """Margins, caret, selection, braces and call tips in the theme's colours."""
    editor.styleSetFore(STYLE_LINENUMBER, bgr(theme.margin_fore))
    editor.styleSetBack(STYLE_LINENUMBER, bgr(theme.margin_back))
    editor.styleSetFore(STYLE_INDENTGUIDE, bgr(theme.indent_guide))
    for style, fore in ((STYLE_BRACELIGHT, theme.brace_fore), (STYLE_BRACEBAD, theme.brace_bad)):
        editor.styleSetFore(style, bgr(fore))
        editor.styleSetBold(style, True)
    editor.styleSetBack(STYLE_BRACELIGHT, bgr(theme.brace_back))
    editor.setElementColour(SC_ELEMENT_CARET, rgba(theme.caret))
    editor.setElementColour(SC_ELEMENT_CARET_LINE_BACK, rgba(theme.caret_line))
    editor.setElementColour(SC_ELEMENT_SELECTION_BACK, rgba(theme.selection))
    editor.setElementColour(SC_ELEMENT_SELECTION_INACTIVE_BACK, rgba(theme.selection))
    editor.setFoldMarginColour(True, bgr(theme.fold_back))
    editor.setFoldMarginHiColour(True, bgr(theme.fold_back))
    editor.callTipSetBack(bgr(theme.calltip_back))
    editor.callTipSetFore(bgr(theme.calltip_fore))
    editor.callTipSetForeHlt(bgr(theme.calltip_highlight))
    editor.styleSetBack(STYLE_CALLTIP, bgr(theme.calltip_back))
    editor.styleSetFore(STYLE_CALLTIP, bgr(theme.calltip_fore))


def apply_lexer_styles(editor, theme: Theme, language: str) -> None:
    for style, colour in theme.styles(language).items():
        editor.styleSetFore(style, bgr(colour))
