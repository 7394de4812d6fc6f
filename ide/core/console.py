"""The board's output as events: raw bytes in, styled text and state changes out.

`ConsoleStream.feed(chunk)` takes whatever the serial port returned (any size, cut anywhere) and
returns a list of events in output order:

- `Text(text, style)`: printable text (newlines included, `\\r\\n` normalised to `\\n`) in one
  `Style` (ANSI SGR colours and attributes, see `ide.core.ansi`). All `Text` together are the
  decoded output without escape sequences and control characters.
- Cursor events for the few terminal controls a line-oriented view can honour:
  `CarriageReturn` (a lone `\\r`: what follows overwrites the current line, as progress output
  does), `CursorBack(count)` (backspace, `ESC[nD`), `CursorForward(count)` (`ESC[nC`),
  `EraseInLine(mode)` (`ESC[K`), `ClearScreen` (`ESC[2J`). Other escape sequences are dropped.
- Line events, each right after the `Text` that ends its line, with `console_line`, the 0-based
  index of that line in the stream (the number of newlines before it):
  `LogLine` (ESP-IDF `I (71364) phy: ...`, AliOS `[  64.140]<E>AIOT_UPLOAD ...`), the HaaS marker
  lines `Boot`, `FileCheck`, `MainStarted`, `SoftReboot`, the MicroPython `Banner`, the ROM's
  `HardReset` (`rst:0x1 (POWERON_RESET)`), and `Traceback`, whose `Frame`s a `PathMapper` maps back
  to project files.
- `Prompt` when the output stops at the friendly REPL's `>>> ` (the board waits for input).

What the next chunk may complete is held back: half a UTF-8 character, half an escape sequence, a
trailing `\\r` (perhaps the start of `\\r\\n`). `flush()` releases it at the end of the stream.
Regular expressions do the work over whole chunks; Python runs per escape sequence and per
recognised line, never per byte (`benchmarks/console_stream.py` measures it). No Qt, no printing.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Union

from ide.core.ansi import PLAIN, Style, apply_sgr

__all__ = ["ConsoleStream", "PathMapper", "Style", "PLAIN", "Event", "Text", "CarriageReturn", "CursorBack",
           "CursorForward", "EraseInLine", "ClearScreen", "LogLine", "Boot", "FileCheck", "MainStarted",
           "SoftReboot", "Banner", "HardReset", "Prompt", "Frame", "Traceback", "plain_text", "HAAS_APP_DIR"]

# -- events (plain records: read them, do not change them; cursor events may be shared) ----------


@dataclass(slots=True)
class Text:
    text: str
    style: Style = PLAIN


@dataclass(slots=True)
class CarriageReturn:
    """Back to the start of the current line: the text that follows overwrites it."""


@dataclass(slots=True)
class CursorBack:
    """The cursor moves `count` columns left on the current line (backspace, ESC[nD)."""

    count: int


@dataclass(slots=True)
class CursorForward:
    count: int


@dataclass(slots=True)
class EraseInLine:
    """ESC[K: 0 erases from the cursor to the end of the line, 1 from its start, 2 the whole line."""

    mode: int


@dataclass(slots=True)
class ClearScreen:
    pass


ERROR, WARNING, INFO, DEBUG, VERBOSE = "error", "warning", "info", "debug", "verbose"
_LEVELS = {"F": ERROR, "E": ERROR, "W": WARNING, "I": INFO, "D": DEBUG, "V": VERBOSE}


@dataclass(slots=True)
class LogLine:
    """A firmware log line. `source`: "esp-idf" or "aos"; `seconds` since boot when it says."""

    level: str
    source: str
    tag: str
    message: str
    seconds: float | None
    console_line: int


@dataclass(slots=True)
class Boot:
    """` ==== python execute bootpy ====`: the firmware starts Python (boot.py)."""

    console_line: int


@dataclass(slots=True)
class FileCheck:
    """` ==== python file check PATH ====`: the firmware looks for a main file."""

    path: str
    console_line: int


@dataclass(slots=True)
class MainStarted:
    """` ==== python execute from PATH ====`: the program starts."""

    path: str
    console_line: int


@dataclass(slots=True)
class SoftReboot:
    """`MPY: soft reboot`."""

    console_line: int


@dataclass(slots=True)
class Banner:
    """`MicroPython v1.17-dirty on 2022-05-30; ESP32 module with ESP32`."""

    version: str
    date: str
    machine: str
    console_line: int


@dataclass(slots=True)
class HardReset:
    """The ROM's `rst:0x1 (POWERON_RESET),boot:...` line: the chip was reset."""

    code: int
    cause: str
    console_line: int


@dataclass(slots=True)
class Prompt:
    """The output stopped at `>>> `: the friendly REPL waits for input."""

    console_line: int


@dataclass(slots=True)
class Frame:
    """`  File "PATH", line N, in NAME`; `host_path` is the project file it maps to, if any."""

    board_path: str
    lineno: int
    function: str
    host_path: Path | None
    console_line: int


@dataclass(slots=True)
class Traceback:
    """A whole traceback: `console_line` is its header, `end_line` its `Exception: message` line.
    A traceback cut short by another recognised line has an empty `exception`."""

    frames: tuple[Frame, ...]
    exception: str
    message: str
    console_line: int
    end_line: int


Event = Union[Text, CarriageReturn, CursorBack, CursorForward, EraseInLine, ClearScreen, LogLine, Boot, FileCheck,
              MainStarted, SoftReboot, Banner, HardReset, Prompt, Traceback]


def plain_text(events: list[Event]) -> str:
    """The text of `events` without styles or cursor movements."""
    return "".join(e.text for e in events if type(e) is Text)


# -- board paths to project files -------------------------------------------------------------

HAAS_APP_DIR = "/data/pyamp"
LIB_DIRS = ("/lib", "/data/lib")


class PathMapper:
    """Maps a path of a board traceback to the project file it came from, or None.

    A file under the board's app folder maps to the same place under the project root,
    `/lib/x.py` (and `/data/lib/x.py`) to the project's `lib/x.py`, a relative name (`main.py`) to
    the root, `<stdin>` to `stdin_file` (what `haas-ide run` sent). Only existing files inside the
    project are returned. `app_dir="/"` suits plain MicroPython boards.
    """

    def __init__(self, project_root: str | Path, app_dir: str = HAAS_APP_DIR, lib_dirs: tuple[str, ...] = LIB_DIRS,
                 stdin_file: str | Path | None = None) -> None:
        self.root = Path(project_root)
        self.app_dir = app_dir
        self.lib_dirs = lib_dirs
        self.stdin_file = Path(stdin_file) if stdin_file is not None else None
        # (board folder parts, project folder parts): string work, as pathlib is slow for a hot path
        self._prefixes = [(_parts(app_dir), []), *((_parts(d), ["lib"]) for d in lib_dirs)]

    def map_path(self, board_path: str) -> Path | None:
        if board_path == "<stdin>":
            return self.stdin_file
        root = str(self.root)
        for relative in self._candidates(board_path):
            host = os.path.join(root, *relative)
            if os.path.isfile(host):
                return Path(host)
        return None

    def _candidates(self, board_path: str) -> list[list[str]]:
        parts = _parts(board_path)
        if not parts or any(part == ".." or ":" in part or "\\" in part for part in parts):
            return []                               # never outside the project (nor on another drive)
        if not board_path.startswith("/"):
            return [parts]
        return [host + parts[len(board):] for board, host in self._prefixes
                if parts[:len(board)] == board and len(parts) > len(board)]


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part and part != "."]


# -- escapes ----------------------------------------------------------------------------------

_CSI_MAX, _INTER_MAX = 64, 8
# Anything that is not plain text (tab and newline are text).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CR_RUN_LF = re.compile(r"\r+\n")
# Splits text into plain text, token, plain text, token, ... plain text. A token is a CSI sequence
# (colours, cursor, erase), another escape (ESC 7, ESC ( B), a run of \r or of backspaces, or any
# other control character (a lone ESC included). It starts with a character class, which the regex
# engine scans for quickly: three times faster than an alternation of the same tokens.
_SPLIT = re.compile(
    r"([\x00-\x08\x0b-\x1f\x7f](?:(?<=\x1b)(?:\[[0-?]{0,%d}[ -/]{0,%d}[@-~]|[ -/]{0,%d}[0-Z\\-~])"
    r"|(?<=\r)\r*|(?<=\x08)\x08*)?)" % (_CSI_MAX, _INTER_MAX, _INTER_MAX))
# The tail of a chunk that may still become an escape sequence with the next chunk.
_INCOMPLETE = re.compile(r"\x1b(?:\[[0-?]{0,%d}[ -/]{0,%d}|[ -/]{1,%d})?" % (_CSI_MAX, _INTER_MAX, _INTER_MAX))
_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
_CURSOR = re.compile(r"\x1b\[(\d*)([DCKJ])")
_CACHE_LIMIT = 4096
_MOVE_LIMIT = 10_000      # columns a cursor movement may claim
_MISSING = object()
_ACTIONS: dict[str, object] = {}                     # token -> SGR parameters (str), event or None
_TRANSITIONS: dict[tuple[Style, str], Style] = {}    # (style, SGR parameters) -> style


def _token_action(token: str) -> str | Event | None:
    """What a control token does: SGR parameters (a str), an event, or None (dropped)."""
    if token[0] == "\r":
        return CarriageReturn()
    if token[0] == "\x08":
        return CursorBack(len(token))
    sgr = _SGR.fullmatch(token)
    if sgr is not None:
        return sgr.group(1)
    cursor = _CURSOR.fullmatch(token)
    if cursor is None:
        return None
    number, final = min(int(cursor.group(1) or 0), _MOVE_LIMIT), cursor.group(2)
    if final in "DC":
        return CursorBack(max(number, 1)) if final == "D" else CursorForward(max(number, 1))
    if final == "K":
        return EraseInLine(number) if number <= 2 else None
    return ClearScreen() if number in (2, 3) else None


def _action(token: str) -> object:
    action = _token_action(token)
    if len(_ACTIONS) < _CACHE_LIMIT:
        _ACTIONS[token] = action
    return action


def _transition(style: Style, params: str) -> Style:
    new = apply_sgr(style, params)
    if len(_TRANSITIONS) < _CACHE_LIMIT:
        _TRANSITIONS[(style, params)] = new
    return new


# -- recognised lines -------------------------------------------------------------------------

# One regex for every line worth an event; each alternative ends with a group of its own, whose
# name (`lastgroup`) picks the event. Lines are searched after their newline, which the regex
# engine finds quickly.
_LINE = re.compile(
    r"\n(?:(?P<esp_level>[EWIDV]) \((?P<esp_time>[\d:.]+)\) (?P<esp_tag>[^:\n]*):[ \t]?(?P<esp>[^\n]*)"
    r"|\[ *(?P<aos_time>\d+\.\d+)\]<(?P<aos_level>[FEWIDV])>(?P<aos_tag>\S*)[ \t]?(?P<aos>[^\n]*)"
    r"| ?==== python (?:(?P<boot>execute bootpy)|file check (?P<check>[^\n]+?)|execute from (?P<main>[^\n]+?))"
    r" ====[ \t]*"
    r"|(?P<soft>MPY: soft reboot)[^\n]*"
    r"|MicroPython (?P<version>v\S+) on (?P<date>\S+); (?P<banner>[^\n]+)"
    r"|rst:(?P<rst_code>0x[0-9a-fA-F]+) \((?P<rst>[^)\n]*)\)[^\n]*"
    r"|(?P<traceback>Traceback \(most recent call last\):)[ \t]*"
    r")(?=\n)")
_FRAME = re.compile(r'  File "(.*)", line (\d+)(?:, in (.*))?')
_EXCEPTION = re.compile(r"([A-Za-z_][\w.]*)(?:: ?(.*))?")
_FRAME_LIMIT = 200


def _esp_event(m: re.Match, line: int) -> LogLine:
    stamp = m.group("esp_time")
    seconds = int(stamp) / 1000 if stamp.isdecimal() else None
    return LogLine(_LEVELS[m.group("esp_level")], "esp-idf", m.group("esp_tag"), m.group("esp"), seconds, line)


_BUILDERS: dict[str, Callable[[re.Match, int], Event]] = {
    "esp": _esp_event,
    "aos": lambda m, line: LogLine(_LEVELS[m.group("aos_level")], "aos", m.group("aos_tag"), m.group("aos"),
                                   float(m.group("aos_time")), line),
    "boot": lambda m, line: Boot(line),
    "check": lambda m, line: FileCheck(m.group("check"), line),
    "main": lambda m, line: MainStarted(m.group("main"), line),
    "soft": lambda m, line: SoftReboot(line),
    "banner": lambda m, line: Banner(m.group("version"), m.group("date"), m.group("banner").strip(), line),
    "rst": lambda m, line: HardReset(int(m.group("rst_code"), 16), m.group("rst"), line),
}


class _PendingTraceback:
    def __init__(self, console_line: int) -> None:
        self.console_line = console_line
        self.frames: list[Frame] = []

    def finish(self, exception: str, message: str, end_line: int) -> Traceback:
        return Traceback(tuple(self.frames), exception, message, self.console_line, end_line)


# -- the stream -------------------------------------------------------------------------------

_PARTIAL_LIMIT = 4096     # characters of an unfinished line kept for recognising it


class ConsoleStream:
    """Turns a board's byte stream into `Event`s; one instance per connection, fed in order.

    `map_path(board_path) -> Path | None` (e.g. `PathMapper(root).map_path`) resolves traceback
    frames; it may be replaced at any time (when a project is opened).
    """

    def __init__(self, map_path: Callable[[str], Path | None] | None = None) -> None:
        self.map_path = map_path
        self._lines = 0
        self.reset()

    def reset(self) -> None:
        """Forget half-received characters, the style and the unfinished line (after a reconnect).
        Line numbers go on counting."""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._held = ""
        self._style = PLAIN
        self._partial = ""
        self._traceback: _PendingTraceback | None = None
        self._prompted = -1

    def feed(self, data: bytes) -> list[Event]:
        """The events of the next chunk of output."""
        return self._process(self._decoder.decode(data), final=False)

    def flush(self) -> list[Event]:
        """At the end of the stream: whatever was held back (an unfinished character becomes U+FFFD)."""
        return self._process(self._decoder.decode(b"", True), final=True)

    # -- text and escapes ---------------------------------------------------------------------
    def _process(self, text: str, final: bool) -> list[Event]:
        if self._held:
            text = self._held + text
            self._held = ""
        if not final:
            text = self._hold_tail(text)
        if not text:
            return []
        if "\r" in text:
            text = text.replace("\r\n", "\n")
            if "\r\n" in text:       # "\r\r\n"
                text = _CR_RUN_LF.sub("\n", text)
        if _CONTROL.search(text) is None:
            return self._lines_of([Text(text, self._style)], text)
        return self._lines_of(*self._tokenize(text))

    def _hold_tail(self, text: str) -> str:
        """Keep back what the next chunk may complete: an escape sequence, or `\\r` before `\\n`."""
        esc = text.rfind("\x1b", max(0, len(text) - _CSI_MAX - _INTER_MAX - 3))
        if esc >= 0 and _INCOMPLETE.fullmatch(text, esc):
            self._held = text[esc:]
            return text[:esc]
        if text.endswith("\r"):
            keep = len(text.rstrip("\r"))
            self._held = text[keep:]
            return text[:keep]
        return text

    def _tokenize(self, text: str) -> tuple[list[Event], str]:
        """The events of `text` and its plain text. The hot loop of the console: kept inline."""
        parts = _SPLIT.split(text)
        events: list[Event] = []
        append = events.append
        style = self._style
        pending = parts[0]
        for i in range(1, len(parts), 2):
            token = parts[i]
            action = _ACTIONS.get(token, _MISSING)
            if action is _MISSING:
                action = _action(token)
            if action is not None:
                if type(action) is str:
                    new = _TRANSITIONS.get((style, action)) or _transition(style, action)
                    if new != style:
                        if pending:
                            append(Text(pending, style))
                            pending = ""
                        style = new
                else:
                    if pending:
                        append(Text(pending, style))
                        pending = ""
                    append(action)
            pending += parts[i + 1]
        if pending:
            append(Text(pending, style))
        self._style = style
        return events, "".join(parts[::2])

    # -- lines --------------------------------------------------------------------------------
    def _lines_of(self, events: list[Event], plain: str) -> list[Event]:
        """`events` with the events of the lines that `plain` completes, and a `Prompt`."""
        before = self._partial
        buffer = before + plain
        cut = buffer.rfind("\n") + 1
        if cut == 0:
            self._partial = buffer[:_PARTIAL_LIMIT]
        else:
            self._partial = buffer[cut:cut + _PARTIAL_LIMIT]
            found = self._scan("\n" + buffer[:cut])
            self._lines += buffer.count("\n", 0, cut)
            if found:
                events = _insert(events, [(offset - len(before), event) for offset, event in found])
        if self._partial.startswith(">>> ") and self._prompted != self._lines:
            self._prompted = self._lines
            events.append(Prompt(self._lines))
        return events

    def _scan(self, text: str) -> list[tuple[int, Event]]:
        """(offset just after the line in `text[1:]`, event) for each recognised line of `text`,
        complete lines each preceded by a newline."""
        found: list[tuple[int, Event]] = []
        pos, last = 0, len(text) - 1
        count_pos, count = 1, self._lines
        while pos < last:
            if self._traceback is not None:
                end = text.index("\n", pos + 1)
                count += text.count("\n", count_pos, pos + 1)
                count_pos = pos + 1
                if self._traceback_line(found, text[pos + 1:end], count, pos, end):
                    pos = end
                continue
            m = _LINE.search(text, pos)
            if m is None:
                break
            start, pos = m.start(), m.end()
            count += text.count("\n", count_pos, start + 1)
            count_pos = start + 1
            kind = m.lastgroup
            if kind == "traceback":
                self._traceback = _PendingTraceback(count)
            else:
                found.append((pos, _BUILDERS[kind](m, count)))
        return found

    def _traceback_line(self, found: list, line: str, number: int, before: int, end: int) -> bool:
        """One line after a traceback's header; False when it must be looked at again."""
        pending = self._traceback
        frame = _FRAME.fullmatch(line)
        if frame is not None:
            if len(pending.frames) < _FRAME_LIMIT:
                path = frame.group(1)
                host = self.map_path(path) if self.map_path else None
                pending.frames.append(Frame(path, int(frame.group(2)), frame.group(3) or "", host, number))
            return True
        self._traceback = None
        if _LINE.match(line.join("\n\n")) is not None:     # no exception line: the traceback was cut short
            found.append((before, pending.finish("", "", pending.console_line)))
            return False
        exc = _EXCEPTION.fullmatch(line)
        name, message = (exc.group(1), exc.group(2) or "") if exc else ("", line)
        found.append((end, pending.finish(name, message, number)))
        return True


def _insert(events: list[Event], found: list[tuple[int, Event]]) -> list[Event]:
    """`events` with each found event placed after the text up to its offset (splitting a Text)."""
    out: list[Event] = []
    pos, i, n = 0, 0, len(found)
    target = found[0][0]
    for event in events:
        if type(event) is not Text or i == n:
            out.append(event)
            continue
        end = pos + len(event.text)
        if target > end:
            out.append(event)
            pos = end
            continue
        text, style = event.text, event.style
        while i < n and target <= end:
            cut = target - pos
            if cut > 0:
                out.append(Text(text[:cut], style))
                text, pos = text[cut:], target
            out.append(found[i][1])
            i += 1
            target = found[i][0] if i < n else -1
        if text:
            out.append(Text(text, style))
        pos = end
    out.extend(e for _, e in found[i:])
    return out
