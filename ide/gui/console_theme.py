"""Colours of the console: light and dark themes, and the text formats made from them.

A `Style` from the stream (ANSI colours and attributes) plus the line's level becomes a
`QTextCharFormat`; formats are cached, so a flood of output reuses a handful of objects. Plain
text gets the empty format and follows the view's palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat

from ide.core.ansi import PLAIN, Color, Style, color_rgb

__all__ = ["Theme", "THEMES", "Formats"]

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    foreground: RGB
    background: RGB
    ansi: tuple[RGB, ...]            # the 16 standard and bright colours
    levels: dict[str, RGB]           # log level -> colour
    link: RGB
    stamp: RGB
    match: RGB                       # background of search matches


def _hex(*colours: str) -> tuple[RGB, ...]:
    return tuple((int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)) for c in colours)


LIGHT = Theme(
    foreground=(0x1e, 0x1e, 0x1e), background=(0xff, 0xff, 0xff),
    ansi=_hex("#000000", "#c01c28", "#26a269", "#a2734c", "#12488b", "#a347ba", "#2a7bb3", "#9a9996",
              "#5e5c64", "#e01b24", "#2ec27e", "#b58900", "#2a7bde", "#c061cb", "#1a9fa8", "#77767b"),
    levels=dict(zip(("error", "warning", "info", "debug", "verbose"),
                    _hex("#c01c28", "#9c6500", "#26a269", "#77767b", "#9a9996"))),
    link=(0x1a, 0x5f, 0xb4), stamp=(0x8a, 0x8a, 0x8a), match=(0xff, 0xe0, 0x6b))

DARK = Theme(
    foreground=(0xd8, 0xd8, 0xd8), background=(0x1e, 0x1f, 0x22),
    ansi=_hex("#3b3b3b", "#f0605d", "#5fd068", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#d0d0d0",
              "#7f7f7f", "#ff7b72", "#7ee787", "#f2cc60", "#79c0ff", "#d2a8ff", "#76e3ea", "#ffffff"),
    levels=dict(zip(("error", "warning", "info", "debug", "verbose"),
                    _hex("#f0605d", "#e5c07b", "#5fd068", "#8b8b8b", "#6f6f6f"))),
    link=(0x6c, 0xb6, 0xff), stamp=(0x80, 0x80, 0x80), match=(0x6b, 0x5a, 0x1e))

THEMES = {"light": LIGHT, "dark": DARK}


class Formats:
    """Text formats for one theme, cached by (style id, level); `styles[id]` is the style (the
    table of `ide.gui.console_lines.ConsoleLines`, which only grows)."""

    def __init__(self, styles: list[Style], theme: str = "light") -> None:
        self.styles = styles
        self.plain = QTextCharFormat()
        self.set_theme(theme)

    def set_theme(self, name: str) -> None:
        if name not in THEMES:
            raise ValueError(f"unknown console theme {name!r}")
        self.name = name
        self.theme = THEMES[name]
        self._cache: dict[tuple[int, str | None], QTextCharFormat] = {}
        self._links: dict[str, QTextCharFormat] = {}
        self.stamp = QTextCharFormat()
        self.stamp.setForeground(QColor(*self.theme.stamp))

    def get(self, style_id: int, level: str | None) -> QTextCharFormat:
        key = (style_id, level)
        fmt = self._cache.get(key)
        if fmt is None:
            style = self.styles[style_id]
            fmt = self._cache[key] = self.plain if style == PLAIN and level is None else self._make(style, level)
        return fmt

    def link(self, path_url: str) -> QTextCharFormat:
        fmt = self._links.get(path_url)
        if fmt is None:
            if len(self._links) >= 256:
                self._links.clear()
            fmt = self._links[path_url] = self._make_link(path_url)
        return fmt

    def _make_link(self, path_url: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setAnchor(True)
        fmt.setAnchorHref(path_url)
        fmt.setForeground(QColor(*self.theme.link))
        fmt.setFontUnderline(True)
        return fmt

    def palette(self, base: QPalette) -> QPalette:
        """`base` with the theme's text and background colours."""
        palette = QPalette(base)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
            palette.setColor(group, QPalette.ColorRole.Base, QColor(*self.theme.background))
            palette.setColor(group, QPalette.ColorRole.Text, QColor(*self.theme.foreground))
        return palette

    def _make(self, style: Style, level: str | None) -> QTextCharFormat:
        theme = self.theme
        fg = self._rgb(style.fg) if style.fg is not None else theme.levels.get(level) if level else None
        bg = self._rgb(style.bg) if style.bg is not None else None
        if style.inverse:
            fg, bg = bg or theme.background, fg or theme.foreground
        if style.dim:
            fg = _blend(fg or theme.foreground, bg or theme.background)
        fmt = QTextCharFormat()
        if fg is not None:
            fmt.setForeground(QColor(*fg))
        if bg is not None:
            fmt.setBackground(QColor(*bg))
        if style.bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if style.italic:
            fmt.setFontItalic(True)
        if style.underline:
            fmt.setFontUnderline(True)
        return fmt

    def _rgb(self, color: Color) -> RGB:
        if isinstance(color, int) and color < 16:
            return self.theme.ansi[color]
        return color_rgb(color)


def _blend(a: RGB, b: RGB) -> RGB:
    return tuple((x + y) // 2 for x, y in zip(a, b))
