"""The console's lines: `ide.core.console` events in, lines ready to show out. No Qt.

`ConsoleLines.apply(events, stamp)` plays the events of one chunk onto a small terminal model:
the *live* line under the cursor (carriage return, backspace, cursor moves and erase-in-line edit
it, so progress lines overwrite themselves) and the completed lines behind it. Completed lines
wait in `pending` until the view draws them, then move to `shown`, which mirrors the view's
blocks one to one. Both are bounded by the scrollback: in a flood, lines that would scroll out
before they are ever drawn are dropped undrawn.

Line events decorate lines already completed: a `LogLine` gives its line a level (the view
colours it), a `Traceback` marks its header and exception lines as errors and turns each frame
that maps to a project file into a link. A decorated line that is already shown is listed in
`changed` so the view redraws its block. Board state changes (`reset`, `booting`, `running`,
`prompt`) and banners are collected in `notices` for the widget to emit after the batch.

A line is a plain tuple `(spans, stamp, number, level, link)` (see `Line`) whose spans are
`(text, style id)` pairs, `styles[id]` being the `Style`. Plain tuples of strings and numbers
are untracked by Python's garbage collector, so the tens of thousands of lines kept for the
scrollback cost nothing at each collection (a `Style`, a NamedTuple, would keep them tracked).
"""

from __future__ import annotations

from collections import deque
from typing import Iterable, Optional

from ide.core.ansi import PLAIN, Style
from ide.core.console import (Banner, Boot, CarriageReturn, ClearScreen, CursorBack, CursorForward, EraseInLine,
                              HardReset, LogLine, MainStarted, Prompt, SoftReboot, Text, Traceback)

__all__ = ["Line", "Span", "LiveLine", "ConsoleLines", "line_text", "MAX_LINE_CHARS", "ERROR_LEVEL",
           "RESET", "BOOTING", "RUNNING", "PROMPT"]

MAX_LINE_CHARS = 4096
"""A longer line is wrapped onto a new block: one huge block would make every redraw slow."""
MAX_STYLES = 65536
"""Distinct styles remembered; beyond that (a truecolour rainbow) new styles show plain."""

ERROR_LEVEL = "error"
RESET, BOOTING, RUNNING, PROMPT = "reset", "booting", "running", "prompt"
_STATES = {HardReset: RESET, SoftReboot: RESET, Boot: BOOTING, MainStarted: RUNNING, Prompt: PROMPT}

Span = tuple[str, int]
Line = tuple[tuple[Span, ...], Optional[float], int, Optional[str], Optional[tuple[str, int]]]
"""(spans, arrival time, stream line number, log level or None, (host path, line) link or None)."""
SPANS, STAMP, NUMBER, LEVEL, LINK = range(5)


def line_text(line: Line) -> str:
    return "".join(text for text, _style in line[SPANS])


class LiveLine:
    """The line under the cursor, edited the way a terminal edits it."""

    __slots__ = ("spans", "col", "length", "stamp")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.col = 0
        self.length = 0
        self.stamp: float | None = None

    def write(self, text: str, style: int, stamp: float) -> None:
        if self.stamp is None:
            self.stamp = stamp
        n = len(text)
        if self.col == self.length:                 # appending: the usual case
            spans = self.spans
            if spans and spans[-1][1] == style:
                spans[-1] = (spans[-1][0] + text, style)
            else:
                spans.append((text, style))
            self.length += n
            self.col += n
            return
        if self.col > self.length:                  # the cursor was moved past the end
            self.spans.append((" " * (self.col - self.length), 0))
            self.length = self.col
            self.write(text, style, stamp)
            return
        end = self.col + n
        self.spans = _merge(_slice(self.spans, 0, self.col) + [(text, style)] + _slice(self.spans, end, self.length))
        self.length = max(self.length, end)
        self.col = end

    def back(self, count: int) -> None:
        self.col = max(0, self.col - count)

    def erase(self, mode: int) -> None:
        """ESC[K: 0 from the cursor to the end, 1 from the start to the cursor, 2 the whole line."""
        if mode == 0:
            self.spans = _slice(self.spans, 0, self.col)
            self.length = min(self.length, self.col)
        elif mode == 1:
            blank = min(self.col + 1, self.length)
            self.spans = _merge([(" " * blank, 0)] + _slice(self.spans, blank, self.length))
        else:
            self.spans, self.length = [], 0

    def take(self) -> tuple[tuple[Span, ...], float | None]:
        """The line's spans and stamp; the live line starts afresh."""
        spans, stamp = tuple(self.spans), self.stamp
        self.spans, self.col, self.length, self.stamp = [], 0, 0, None
        return spans, stamp

    def text(self) -> str:
        return "".join(text for text, _style in self.spans)


def _slice(spans: list[Span], start: int, end: int) -> list[Span]:
    """The spans of columns [start, end)."""
    out: list[Span] = []
    pos = 0
    for text, style in spans:
        n = len(text)
        lo, hi = max(start - pos, 0), min(end - pos, n)
        if lo < hi:
            out.append((text[lo:hi], style))
        pos += n
        if pos >= end:
            break
    return out


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for text, style in spans:
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + text, style)
        elif text:
            out.append((text, style))
    return out


class ConsoleLines:
    """The lines of the console between the stream and the view (see the module docstring)."""

    def __init__(self, max_lines: int) -> None:
        self.live = LiveLine()
        self.number = 0                      # stream line number of the live line
        self.styles: list[Style] = [PLAIN]   # style id -> style
        self._style_ids = {PLAIN: 0}
        self._last_style: Style = PLAIN
        self._last_id = 0
        self.pending: deque[Line] = deque()
        self.shown: list[Line] = []
        self.set_max_lines(max_lines)
        self.changed: list[Line] = []        # shown lines decorated since the last redraw
        self.notices: list[tuple] = []       # ("state", name) and ("banner", version, date, machine)
        self.cleared = False                 # the board cleared the screen: the view starts over
        self.live_dirty = False              # the live line changed since the view drew it

    def set_max_lines(self, max_lines: int) -> None:
        """Keep at most `max_lines` lines, the live one included (`shown` is trimmed by the view)."""
        self.max_lines = max(2, int(max_lines))
        self.pending = deque(self.pending, maxlen=self.max_lines - 1)

    def clear(self) -> None:
        """Forget every completed line; the live line (a prompt, say) stays."""
        self.pending.clear()
        self.shown.clear()
        self.changed.clear()

    def take_notices(self) -> list[tuple]:
        notices, self.notices = self.notices, []
        return notices

    # -- events -------------------------------------------------------------------------------
    def apply(self, events: Iterable, stamp: float) -> None:
        """Play the events of one chunk, which arrived at `stamp` (seconds since the epoch)."""
        live = self.live
        for event in events:
            kind = type(event)
            if kind is Text:
                self._text(event.text, event.style, stamp)
            elif kind is LogLine:
                self._set_level(event.console_line, event.level)
            elif kind is CarriageReturn:
                live.col = 0
            elif kind is CursorBack:
                live.back(event.count)
            elif kind is CursorForward:
                live.col = min(live.col + event.count, MAX_LINE_CHARS - 1)
            elif kind is EraseInLine:
                live.erase(event.mode)
                self.live_dirty = True
            elif kind is ClearScreen:
                self._clear_screen()
            elif kind is Traceback:
                self._traceback(event)
            elif kind is Banner:
                self.notices.append(("banner", event.version, event.date, event.machine))
                self._state(BOOTING)
            elif kind in _STATES:
                self._state(_STATES[kind])

    def _style_id(self, style: Style) -> int:
        if style is self._last_style:
            return self._last_id
        sid = self._style_ids.get(style)
        if sid is None:
            if len(self.styles) >= MAX_STYLES:
                return 0
            sid = self._style_ids[style] = len(self.styles)
            self.styles.append(style)
        self._last_style, self._last_id = style, sid
        return sid

    def _text(self, text: str, style: Style, stamp: float) -> None:
        self.live_dirty = True
        sid = self._style_id(style)
        live = self.live
        if "\n" not in text:
            if live.col == live.length and live.length + len(text) <= MAX_LINE_CHARS and live.spans:
                spans = live.spans                   # more of the line (another colour, say): quick
                if spans[-1][1] == sid:
                    spans[-1] = (spans[-1][0] + text, sid)
                else:
                    spans.append((text, sid))
                live.length = live.col = live.length + len(text)
            else:
                self._write(text, sid, stamp)
            return
        pieces = text.split("\n")
        last = pieces.pop()
        if live.length or live.col:                  # the first piece ends the live line
            self._write(pieces[0], sid, stamp)
            self._complete()
            pieces[0] = None
        append = self.pending.append
        number = self.number
        for piece in pieces:                         # whole lines: no terminal work
            if piece is None:
                continue
            if len(piece) < MAX_LINE_CHARS:
                append((((piece, sid),) if piece else (), stamp, number, None, None))
                number += 1
            else:
                self.number = number
                self._write(piece, sid, stamp)
                self._complete()
                number = self.number
        self.number = number
        if last:
            self._write(last, sid, stamp)

    def _write(self, text: str, sid: int, stamp: float) -> None:
        live = self.live
        while live.col + len(text) > MAX_LINE_CHARS:
            room = max(MAX_LINE_CHARS - live.col, 0)
            if room:
                live.write(text[:room], sid, stamp)
                text = text[room:]
            self._complete(wrapped=True)
        if text:
            live.write(text, sid, stamp)

    def _complete(self, wrapped: bool = False) -> None:
        spans, stamp = self.live.take()
        self.pending.append((spans, stamp, self.number, None, None))
        if not wrapped:
            self.number += 1

    def _clear_screen(self) -> None:
        self.clear()
        self.live.take()
        self.live_dirty = True
        self.cleared = True

    def _state(self, name: str) -> None:
        if not self.notices or self.notices[-1] != ("state", name):
            self.notices.append(("state", name))

    # -- decorations --------------------------------------------------------------------------
    def _set_level(self, number: int, level: str) -> None:
        pending = self.pending
        if pending and pending[-1][NUMBER] == number and (len(pending) == 1 or pending[-2][NUMBER] != number):
            spans, stamp, number, _level, link = pending[-1]        # the usual case, made quick
            pending[-1] = (spans, stamp, number, level, link)
        else:
            self._decorate(number, LEVEL, level)

    def _traceback(self, tb: Traceback) -> None:
        self._decorate(tb.console_line, LEVEL, ERROR_LEVEL)
        if tb.exception:
            self._decorate(tb.end_line, LEVEL, ERROR_LEVEL)
        for frame in tb.frames:
            if frame.host_path is not None:
                self._decorate(frame.console_line, LINK, (str(frame.host_path), frame.lineno))

    def _decorate(self, number: int, field: int, value) -> None:
        """Set `field` of the line numbered `number` (its first block if it was wrapped)."""
        for lines, shown in ((self.pending, False), (self.shown, True)):
            index = _find(lines, number)
            if index is not None:
                line = list(lines[index])
                line[field] = value
                lines[index] = line = tuple(line)
                if shown:
                    self.changed.append(line)
                return


def _find(lines, number: int) -> int | None:
    """The index of the first line numbered `number`, looking from the end (decorated lines are
    recent)."""
    found = None
    index = len(lines)
    for line in reversed(lines):
        index -= 1
        if line[NUMBER] == number:
            found = index
        elif line[NUMBER] < number:
            break
    return found
