"""JSON with positions: the parser behind board.json diagnostics.

`parse_bytes(data)` decodes UTF-8 and parses one JSON value into `JNode`s that remember where they
start (1-based line and column, counted in characters), keep every member of an object in order
(duplicates included, so they can be reported), and keep the source text of numbers (so `2.0` and
`"2"` can be told apart from `2`). A file that is not valid JSON raises `JsonSyntaxError` with the
position of the first problem. Lenient spots of the firmware's cJSON parser that are worth a
warning rather than a rejection (leading zeros) are collected in `Parsed.notes`.

The parser is a recursive descent with a nesting limit, linear in the input; for any input it
raises nothing but `JsonSyntaxError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ide.i18n import _

MAX_DEPTH = 64
MAX_NUMBER_LENGTH = 400
BOM = "\ufeff"
_WHITESPACE = " \t\r\n"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_LITERALS = (("true", True), ("false", False), ("null", None))


@dataclass
class JNode:
    """One JSON value and where it starts. Objects keep `members` in order, duplicates included."""

    kind: str                      # "object", "array", "string", "number", "bool", "null"
    value: Any                     # Python value; for objects a dict of the first member per key
    line: int
    col: int
    raw: str = ""                  # source text of a number
    members: list[tuple[str, int, int, "JNode"]] = field(default_factory=list)  # (key, line, col, node)
    items: list["JNode"] = field(default_factory=list)

    def member(self, key: str) -> "JNode | None":
        """The first member called `key` (the one the firmware's cJSON finds)."""
        for name, _line, _col, node in self.members:
            if name == key:
                return node
        return None

    def plain(self) -> Any:
        """The value as plain Python data (objects: first member per key wins, as in cJSON)."""
        if self.kind == "object":
            out: dict[str, Any] = {}
            for key, _line, _col, node in self.members:
                out.setdefault(key, node.plain())
            return out
        if self.kind == "array":
            return [item.plain() for item in self.items]
        return self.value


@dataclass
class Note:
    """Something valid but suspicious the parser saw (a warning for the caller to report)."""

    code: str
    message: str
    line: int
    col: int


@dataclass
class Parsed:
    root: JNode
    notes: list[Note]


class JsonSyntaxError(Exception):
    """The text is not JSON: `message` (translated) at `line`:`col`."""

    def __init__(self, code: str, message: str, line: int, col: int) -> None:
        super().__init__(f"{line}:{col}: {message}")
        self.code = code
        self.message = message
        self.line = line
        self.col = col


def decode(data: bytes) -> str:
    """UTF-8 text of `data`; JsonSyntaxError at the first byte that is not UTF-8 or at a BOM."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position_of_byte(data, exc.start)
        raise JsonSyntaxError("not-utf8", _("byte 0x{byte:02X} is not valid UTF-8; save the file as UTF-8")
                              .format(byte=data[exc.start]), line, col) from None
    if text.startswith(BOM):
        raise JsonSyntaxError("bom", _("the file starts with a byte order mark (BOM), which the firmware "
                                       "cannot read; save it as UTF-8 without BOM"), 1, 1)
    return text


def position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of byte `offset`, decoding what comes before it leniently."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    return line, len(before[last + 1:].decode("utf-8", "replace")) + 1


def parse_bytes(data: bytes) -> Parsed:
    return parse(decode(data))


def parse(text: str) -> Parsed:
    """Parse one JSON value filling all of `text` (surrounding white space allowed)."""
    return _Parser(text).document()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.line_start = 0
        self.notes: list[Note] = []

    # -- positions ------------------------------------------------------------------------------
    @property
    def col(self) -> int:
        return self.i - self.line_start + 1

    def fail(self, code: str, message: str, at: int | None = None) -> JsonSyntaxError:
        if at is not None and at != self.i:
            line = self.text.count("\n", 0, at) + 1
            col = at - (self.text.rfind("\n", 0, at) + 1) + 1
            return JsonSyntaxError(code, message, line, col)
        return JsonSyntaxError(code, message, self.line, self.col)

    def skip_space(self) -> None:
        text, n = self.text, len(self.text)
        while self.i < n:
            c = text[self.i]
            if c == "\n":
                self.line += 1
                self.line_start = self.i + 1
            elif c not in _WHITESPACE:
                if c == "/" and self.i + 1 < n and text[self.i + 1] in "/*":
                    raise self.fail("comment", _("JSON has no comments; remove it"))
                return
            self.i += 1

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def describe(self) -> str:
        c = self.peek()
        return _("end of file") if not c else repr(c)

    # -- grammar --------------------------------------------------------------------------------
    def document(self) -> Parsed:
        self.skip_space()
        if not self.peek():
            raise self.fail("empty", _("the file is empty; board.json needs at least {{\"io\": {{}}}}").format(), at=0)
        root = self.value(0)
        self.skip_space()
        if self.peek():
            raise self.fail("trailing-text", _("unexpected {what} after the end of the JSON value")
                            .format(what=self.describe()))
        return Parsed(root, self.notes)

    def value(self, depth: int) -> JNode:
        if depth > MAX_DEPTH:
            raise self.fail("too-deep", _("values are nested too deeply (more than {limit} levels)")
                            .format(limit=MAX_DEPTH))
        c = self.peek()
        if c == "{":
            return self.obj(depth)
        if c == "[":
            return self.array(depth)
        if c == '"':
            line, col = self.line, self.col
            return JNode("string", self.string(), line, col)
        if c and c in "-0123456789":
            return self.number()
        for word, value in _LITERALS:
            if self.text.startswith(word, self.i):
                node = JNode("null" if value is None else "bool", value, self.line, self.col)
                self.i += len(word)
                return node
        if c == "'":
            raise self.fail("single-quote", _("strings in JSON use double quotes (\"), not single quotes"))
        if not c:
            raise self.fail("truncated", _("the file ends where a value should be; is it cut short?"))
        raise self.fail("expected-value", _("expected a value, found {what}").format(what=self.describe()))

    def obj(self, depth: int) -> JNode:
        node = JNode("object", {}, self.line, self.col)
        self.i += 1
        self.skip_space()
        if self.peek() == "}":
            self.i += 1
            return node
        comma = -1
        while True:
            self.skip_space()
            c = self.peek()
            if c != '"':
                if c == "}":
                    raise self.fail("trailing-comma", _("a comma before '}}' is not allowed in JSON").format(),
                                    at=comma)
                if c == "'":
                    raise self.fail("single-quote", _("strings in JSON use double quotes (\"), not single quotes"))
                if not c:
                    raise self.fail("truncated", _("the file ends inside an object; a '}}' is missing").format())
                raise self.fail("expected-key", _("expected a key in double quotes, found {what}")
                                .format(what=self.describe()))
            line, col = self.line, self.col
            key = self.string()
            self.skip_space()
            if self.peek() != ":":
                if not self.peek():
                    raise self.fail("truncated", _("the file ends inside an object; a '}}' is missing").format())
                raise self.fail("expected-colon", _("expected ':' after the key \"{key}\", found {what}")
                                .format(key=key, what=self.describe()))
            self.i += 1
            self.skip_space()
            member = self.value(depth + 1)
            node.members.append((key, line, col, member))
            node.value.setdefault(key, member)
            self.skip_space()
            c = self.peek()
            if c == ",":
                comma = self.i
                self.i += 1
                continue
            if c == "}":
                self.i += 1
                return node
            if not c:
                raise self.fail("truncated", _("the file ends inside an object; a '}}' is missing").format())
            raise self.fail("expected-comma", _("expected ',' or '}}' after a member, found {what}")
                            .format(what=self.describe()))

    def array(self, depth: int) -> JNode:
        node = JNode("array", [], self.line, self.col)
        self.i += 1
        self.skip_space()
        if self.peek() == "]":
            self.i += 1
            return node
        comma = -1
        while True:
            self.skip_space()
            if self.peek() == "]":
                raise self.fail("trailing-comma", _("a comma before ']' is not allowed in JSON"), at=comma)
            item = self.value(depth + 1)
            node.items.append(item)
            node.value.append(item)
            self.skip_space()
            c = self.peek()
            if c == ",":
                comma = self.i
                self.i += 1
                continue
            if c == "]":
                self.i += 1
                return node
            if not c:
                raise self.fail("truncated", _("the file ends inside a list; a ']' is missing"))
            raise self.fail("expected-comma", _("expected ',' or ']' after a list item, found {what}")
                            .format(what=self.describe()))

    def string(self) -> str:
        start = self.i
        self.i += 1
        text, n = self.text, len(self.text)
        out: list[str] = []
        run = self.i
        while True:
            if self.i >= n:
                raise self.fail("unterminated-string", _("this string is never closed with '\"'"), at=start)
            c = text[self.i]
            if c == '"':
                out.append(text[run:self.i])
                self.i += 1
                return "".join(out)
            if c == "\n":
                raise self.fail("unterminated-string", _("this string is never closed with '\"' on its line"),
                                at=start)
            if c < " ":
                raise self.fail("control-char", _("a control character (code {code}) must be escaped inside "
                                                  "a string").format(code=ord(c)))
            if c == "\\":
                out.append(text[run:self.i])
                out.append(self.escape())
                run = self.i
                continue
            self.i += 1

    def escape(self) -> str:
        at = self.i
        c = self.text[self.i + 1] if self.i + 1 < len(self.text) else ""
        if c in _ESCAPES:
            self.i += 2
            return _ESCAPES[c]
        if c == "u":
            code = self._hex4(self.i + 2)
            if code is not None:
                self.i += 6
                low = self._hex4(self.i + 2) if self.text.startswith("\\u", self.i) else None
                if 0xD800 <= code < 0xDC00 and low is not None and 0xDC00 <= low < 0xE000:
                    self.i += 6   # a surrogate pair is one character, as in the json module
                    return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                return chr(code)
        raise self.fail("bad-escape", _("invalid escape sequence in a string"), at=at)

    def _hex4(self, at: int) -> int | None:
        digits = self.text[at:at + 4]
        if len(digits) == 4 and all(d in "0123456789abcdefABCDEF" for d in digits):
            return int(digits, 16)
        return None

    def number(self) -> JNode:
        text, n = self.text, len(self.text)
        start, col = self.i, self.col
        j = start + 1 if text[start] == "-" else start
        digits = j
        while j < n and text[j].isdigit() and text[j].isascii():
            j += 1
        if j == digits:
            raise self.fail("bad-number", _("a '-' must be followed by digits"))
        if j - digits > 1 and text[digits] == "0":
            self.notes.append(Note("leading-zero", _("the number {number} has a leading zero; JSON does not "
                                                     "allow it (the firmware reads it as decimal)")
                                   .format(number=text[start:j]), self.line, col))
        integral = True
        if j < n and text[j] == ".":
            integral = False
            j = self._digits(j + 1)
        if j < n and text[j] in "eE":
            integral = False
            j += 1
            if j < n and text[j] in "+-":
                j += 1
            j = self._digits(j)
        raw = text[start:j]
        self.i = j
        if len(raw) > MAX_NUMBER_LENGTH:
            raise self.fail("bad-number", _("this number is too long ({count} characters)").format(count=len(raw)),
                            at=start)
        if integral:
            value: Any = int(raw)
        else:
            value = float(raw)
            if value in (float("inf"), float("-inf")):
                raise self.fail("bad-number", _("the number {number} is too large").format(number=raw), at=start)
        return JNode("number", value, self.line, col, raw=raw)

    def _digits(self, j: int) -> int:
        text, n = self.text, len(self.text)
        begin = j
        while j < n and text[j].isdigit() and text[j].isascii():
            j += 1
        if j == begin:
            raise self.fail("bad-number", _("a number needs digits after '.' or 'e'"), at=j)
        return j
