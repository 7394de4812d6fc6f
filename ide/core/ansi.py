"""ANSI text styles: the `Style` of a span and what an SGR sequence (`ESC[...m`) does to it.

Covers what boards print: reset, bold, dim, italic, underline, inverse, the 16 colours (30-37,
90-97 and backgrounds), 256-colour (`38;5;n`) and truecolour (`38;2;r;g;b`, also the `38:2::r:g:b`
colon form). Used by `ide.core.console`; no Qt.
"""

from __future__ import annotations

from typing import NamedTuple, Union

Color = Union[int, tuple[int, int, int]]
"""A palette index 0-255 (0-7 standard, 8-15 bright, 16-255 the xterm cube and greys) or (r, g, b)."""


class Style(NamedTuple):
    """How a span of text looks; None colours mean the view's defaults. A tuple: cheap to hash."""

    fg: Color | None = None
    bg: Color | None = None
    bold: bool = False
    dim: bool = False
    italic: bool = False
    underline: bool = False
    inverse: bool = False


PLAIN = Style()

_STANDARD_RGB = ((0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
                 (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
                 (255, 0, 255), (0, 255, 255), (255, 255, 255))
_CUBE = (0, 95, 135, 175, 215, 255)


def color_rgb(color: Color) -> tuple[int, int, int]:
    """The (r, g, b) of a colour, with xterm's palette for indexes (a theme may use its own for 0-15)."""
    if isinstance(color, tuple):
        return color
    if color < 16:
        return _STANDARD_RGB[color]
    if color < 232:
        n = color - 16
        return _CUBE[n // 36], _CUBE[n // 6 % 6], _CUBE[n % 6]
    grey = 8 + 10 * (color - 232)
    return grey, grey, grey


_ATTRS = {1: {"bold": True}, 2: {"dim": True}, 3: {"italic": True}, 4: {"underline": True}, 7: {"inverse": True},
          22: {"bold": False, "dim": False}, 23: {"italic": False}, 24: {"underline": False},
          27: {"inverse": False}, 39: {"fg": None}, 49: {"bg": None}}

# Codes followed by a colour: foreground, background, underline colour (read past, not kept).
_COLOR_CODES = {38: "fg", 48: "bg", 58: ""}


def apply_sgr(style: Style, params: str) -> Style:
    """The style after `ESC[<params>m`; `params` holds digits, `;` and `:` (empty means reset).
    Codes it does not know are ignored, as terminals do."""
    fields = style._asdict()
    codes = params.split(";") if params else ["0"]
    i = 0
    while i < len(codes):
        if ":" in codes[i]:
            _apply_colon_group(fields, [_number(p) for p in codes[i].split(":")])
            i += 1
        else:
            i = _apply_code(fields, codes, i)
    return Style(**fields)


def _number(text: str) -> int:
    return int(text) if text else 0


def _apply_code(fields: dict, codes: list[str], i: int) -> int:
    """Apply codes[i] (and the arguments of 38/48) to `fields`; the index of the next code."""
    code = _number(codes[i])
    if code == 0:
        fields.update(PLAIN._asdict())
    elif code in _ATTRS:
        fields.update(_ATTRS[code])
    elif 30 <= code <= 37 or 90 <= code <= 97:
        fields["fg"] = code - 30 if code < 90 else code - 82
    elif 40 <= code <= 47 or 100 <= code <= 107:
        fields["bg"] = code - 40 if code < 100 else code - 92
    elif code in _COLOR_CODES:
        args = [_number(c) for c in codes[i + 1:i + 5]]
        color, used = _extended_color(args)
        if color is not None and _COLOR_CODES[code]:
            fields[_COLOR_CODES[code]] = color
        return i + 1 + used
    return i + 1


def _apply_colon_group(fields: dict, group: list[int]) -> None:
    """`38:5:n`, `38:2:r:g:b` or `38:2:space:r:g:b` (ITU T.416); `4:3` (curly underline) and the like."""
    code = group[0]
    if code in _COLOR_CODES:
        args = group[1:]
        if len(args) == 5 and args[0] == 2:      # with a colour space id
            args = [2, *args[2:]]
        color, _used = _extended_color(args)
        if color is not None and _COLOR_CODES[code]:
            fields[_COLOR_CODES[code]] = color
    elif code == 4:
        fields["underline"] = group[1:2] != [0]
    elif code in _ATTRS:
        fields.update(_ATTRS[code])


def _extended_color(args: list[int]) -> tuple[Color | None, int]:
    """`5;n` (palette) or `2;r;g;b` (true colour): the colour and how many arguments it took."""
    if len(args) >= 2 and args[0] == 5:
        return min(args[1], 255), 2
    if len(args) >= 4 and args[0] == 2:
        r, g, b = (min(c, 255) for c in args[1:4])
        return (r, g, b), 4
    return None, len(args)
