"""Turning a line the board printed into plot values (pure Python, no Qt).

`LineParser.parse(line)` returns a `Sample` (a list of `(key, value)` pairs) for a data line and
None for anything else, so text, tracebacks and log lines pass by without breaking the series.
A key is the series' name when the line names it, or else its 0-based column number (an int).

Data lines, as MicroPython programs print them:

- numbers separated by spaces, commas, semicolons or tabs: ``1.2 3.4``, ``1,2,3``, ``-1e-3; nan``;
- a tuple or a list: ``(1, 2.5)``, ``[1, 2]``;
- names and values: ``a=1,b=2``, ``a: 1 b: 2``, ``temp=21.5 hum=40``, a dict ``{'a': 1, 'b': 2}``;
- a CSV header line (names only, separated by commas, semicolons or tabs: ``time,temp,hum``):
  it names the columns of the rows that follow with as many values, until the next header.

Numbers are ints, floats, negatives, exponents, ``nan`` and ``inf``. A line with more than
`MAX_COLUMNS` values or longer than `MAX_LINE` characters is not data (a printed buffer is not a
plot). A CSV row may leave a value empty (``1,,3``): that column gets no point.
"""

from __future__ import annotations

import re
from typing import Union

MAX_COLUMNS = 16
MAX_LINE = 400
MAX_NAME = 40

Key = Union[str, int]
Sample = list[tuple[Key, float]]

_NUMBER = r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|(?i:nan|inf(?:inity)?))"
_NAME = r"[^\W\d][\w.\-]*"
_PAIR = rf"""['"]?({_NAME})['"]?\s*[:=]\s*({_NUMBER})"""
_SEPARATORS = r"[\s,;]"
PAIR_RE = re.compile(_PAIR)
PAIR_LINE_RE = re.compile(rf"{_PAIR}(?:{_SEPARATORS}+{_PAIR})*{_SEPARATORS}*")
NUMBER_RE = re.compile(_NUMBER)
HEADER_NAME_RE = re.compile(r"[^\W\d][\w.\-()%/\[\]°]*")
HEADER_SPLIT_RE = re.compile(r"[,;\t]")
BRACKETS = {"(": ")", "[": "]", "{": "}"}


class LineParser:
    """Parses lines one by one, remembering the last CSV header line."""

    def __init__(self) -> None:
        self.header: tuple[str, ...] | None = None

    def parse(self, line: str) -> Sample | None:
        """The values of `line`, or None when it is not data (a header line gives None too)."""
        text = _unwrap(line.strip())
        if not text or len(text) > MAX_LINE:
            return None
        values = parse_numbers(text)
        if values is not None:
            return self._keyed(values)
        if "=" in text or ":" in text:
            return parse_pairs(text)
        header = parse_header(text)
        if header is not None:
            self.header = header
        return None

    def _keyed(self, values: list[float | None]) -> Sample:
        names = self.header if self.header is not None and len(self.header) == len(values) else None
        keys = names or range(len(values))
        return [(key, value) for key, value in zip(keys, values) if value is not None]


def _unwrap(text: str) -> str:
    """`text` without one pair of surrounding brackets: a tuple, a list or a dict."""
    if len(text) >= 2 and BRACKETS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def parse_numbers(text: str) -> list[float | None] | None:
    """The numbers of a line that holds only numbers (None for an empty CSV field), else None."""
    if "," in text:
        fields = [field.strip() for field in text.split(",")]
        if fields[-1] == "":
            fields.pop()                     # a trailing separator, as Arduino sketches print
    else:
        fields = text.replace(";", " ").split()
    if not fields or len(fields) > MAX_COLUMNS:
        return None
    values = [_number(field) if field else None for field in fields]
    if any(value is _NOT_A_NUMBER for value in values) or all(value is None for value in values):
        return None
    return values


_NOT_A_NUMBER = object()


def _number(field: str):
    """float(field) when `field` is exactly one number in our syntax, else `_NOT_A_NUMBER`."""
    if NUMBER_RE.fullmatch(field) is None:
        return _NOT_A_NUMBER
    return float(field)


def parse_pairs(text: str) -> Sample | None:
    """`name=value` or `name: value` pairs (separated by spaces, commas or semicolons), else None."""
    if PAIR_LINE_RE.fullmatch(text) is None:
        return None
    pairs = [(name[:MAX_NAME], float(value)) for name, value in PAIR_RE.findall(text)]
    return pairs if len(pairs) <= MAX_COLUMNS else None


def parse_header(text: str) -> tuple[str, ...] | None:
    """The column names of a CSV header line (two or more names, no numbers), else None."""
    fields = [field.strip().strip("'\"") for field in HEADER_SPLIT_RE.split(text)]
    if len(fields) < 2 or len(fields) > MAX_COLUMNS:
        return None
    if not all(HEADER_NAME_RE.fullmatch(field) and len(field) <= MAX_NAME for field in fields):
        return None
    if len(set(fields)) != len(fields):
        return None
    return tuple(fields)
