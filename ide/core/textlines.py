"""The board's output as plain text lines, for plugins' console listeners.

Bytes arrive in arbitrary chunks: UTF-8 is decoded incrementally (a character split across
chunks is kept until its end arrives), ANSI escape sequences are removed and the text is cut at
line ends; an unfinished last line waits for the next chunk. A line that never ends is cut at
`MAX_LINE` characters so a flood without newlines cannot grow without bound.
"""

from __future__ import annotations

import codecs
import re

MAX_LINE = 4096
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


class TextLines:
    """Feed bytes with `feed()`; it returns the lines completed by them."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._partial = ""

    def feed(self, data: bytes) -> list[str]:
        text = self._partial + self._decoder.decode(data)
        if "\x1b" in text:
            cut = text.rfind("\x1b")
            if len(text) - cut < 64 and not _ESCAPE.match(text, cut):  # an escape still arriving
                text, self._partial = _ESCAPE.sub("", text[:cut]), text[cut:]
                return self._split(text, keep=self._partial)
            text = _ESCAPE.sub("", text)
        return self._split(text)

    def _split(self, text: str, keep: str = "") -> list[str]:
        parts = text.split("\n")
        tail = parts.pop()
        lines = [line.rstrip("\r") for line in parts]
        while len(tail) > MAX_LINE:
            lines.append(tail[:MAX_LINE])
            tail = tail[MAX_LINE:]
        self._partial = tail + keep
        return lines
