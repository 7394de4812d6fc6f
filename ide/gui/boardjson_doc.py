"""board.json as an editable document that writes itself back in the file's own style.

The form edits a `BoardDoc` rather than plain dicts so that what the user wrote survives every
edit: members keep their order (unknown keys and duplicates included), numbers and strings that
were not touched keep their exact source text (`2.0`, `"\\u4e2d"`), and the output reuses the
file's indentation unit, its `": "` / `", "` spacing, its one-line or multi-line objects, its line
ending and the white space around the document. A file the form never touched prints back
unchanged; new values are written as JSON numbers and UTF-8 text (Chinese stays Chinese).

`Positions` maps the 1-based line:col of a `Diagnostic` back to the node row and field it is about.
No Qt here.
"""

from __future__ import annotations

import copy
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ide.core.boardjson_parse import JNode, parse

DEFAULT_INDENT = "  "
TOP = -1                     # the row number of top-level keys in `Positions`
_SCALAR_END = re.compile(r"[^\s,\]}]*")
_INDENTS = re.compile(r"^([ \t]+)\S", re.M)
_SEP_AFTER = re.compile(r"[ \t]*([,:])([ \t]*)")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()        # "this key is absent": what an editor reports when the user clears it


@dataclass
class Raw:
    """A number or string exactly as written; printed verbatim until it is replaced."""

    text: str
    value: Any


@dataclass
class Member:
    key: str
    value: Any                       # Obj, Arr, Raw, or a plain str/int/float/bool/None
    key_text: str | None = None      # the key's source text when it differs from json.dumps(key)


@dataclass
class Obj:
    """A JSON object: members in order, duplicates kept; `inline` prints it on one line."""

    members: list[Member] = field(default_factory=list)
    inline: bool = False

    def member(self, key: str) -> Member | None:
        return next((m for m in self.members if m.key == key), None)

    def has(self, key: str) -> bool:
        return self.member(key) is not None

    def get(self, key: str, default: Any = None) -> Any:
        """The plain value of the first member `key` (what the firmware reads)."""
        found = self.member(key)
        return default if found is None else plain(found.value)

    def set(self, key: str, value: Any) -> None:
        """Replace the first `key`'s value in place, or append the key at the end."""
        if value is UNSET:
            self.unset(key)
            return
        found = self.member(key)
        if found is None:
            self.members.append(Member(key, value))
            if isinstance(value, (Obj, Arr)) and not value.inline:
                self.inline = False
        else:
            found.value = value

    def unset(self, key: str) -> None:
        self.members = [m for m in self.members if m.key != key]


@dataclass
class Arr:
    items: list[Any] = field(default_factory=list)
    inline: bool = True


def plain(value: Any) -> Any:
    """The value as plain Python data (objects: first member per key wins, as in the firmware)."""
    if isinstance(value, Raw):
        return value.value
    if isinstance(value, Obj):
        out: dict[str, Any] = {}
        for m in value.members:
            out.setdefault(m.key, plain(m.value))
        return out
    if isinstance(value, Arr):
        return [plain(v) for v in value.items]
    return value


def dump_string(text: str) -> str:
    """A JSON string literal keeping non-ASCII text as is (lone surrogates escaped)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(text)
    return json.dumps(text, ensure_ascii=False)


def value_text(value: Any) -> str:
    """One-line JSON text of a value (what a raw cell of the form shows)."""
    if isinstance(value, Raw):
        return value.text
    return json.dumps(plain(value), ensure_ascii=False)


@dataclass
class Style:
    indent: str = DEFAULT_INDENT
    key_sep: str = ": "
    item_sep: str = ", "
    newline: str = "\n"


class _Source:
    """The text being loaded, with offsets from 1-based line:col positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col - 1

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def string_end(self, i: int) -> int:
        """The offset after the string literal opening at `i`."""
        text = self.text
        i += 1
        while text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        return i + 1

    def value_end(self, i: int) -> int:
        """The offset after the (valid) JSON value starting at `i`."""
        text = self.text
        if text[i] == '"':
            return self.string_end(i)
        if text[i] not in "{[":
            return _SCALAR_END.match(text, i).end()
        depth = 0
        while True:
            c = text[i]
            if c == '"':
                i = self.string_end(i)
                continue
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1


class BoardDoc:
    """An editable board.json: `root` object, `style`, and the text around the value."""

    def __init__(self, root: Obj, style: Style | None = None, lead: str = "", trail: str = "\n") -> None:
        self.root = root
        self.style = style or Style()
        self.lead = lead
        self.trail = trail

    # -- loading --------------------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str) -> "BoardDoc":
        """Parse `text` (JsonSyntaxError when it is not JSON; ValueError when not an object)."""
        return cls.from_parsed(text, parse(text).root)

    @classmethod
    def from_parsed(cls, text: str, root: JNode) -> "BoardDoc":
        if root.kind != "object":
            raise ValueError("board.json is not an object")
        loader = _Loader(_Source(text))
        obj = loader.convert(root)
        stripped = text.strip(" \t\r\n")
        lead = text[:len(text) - len(text.lstrip(" \t\r\n"))]
        trail = text[len(lead) + len(stripped):]
        indents = [m.group(1) for m in _INDENTS.finditer(text)]
        style = Style(min(indents, key=len) if indents else DEFAULT_INDENT,
                      loader.key_sep or ": ", loader.item_sep or ", ", "\r\n" if "\r\n" in text else "\n")
        return cls(obj, style, lead, trail)

    # -- writing --------------------------------------------------------------------------------
    def dumps(self) -> str:
        return self.lead + self._dump(self.root, 0) + self.trail

    def _dump(self, value: Any, depth: int) -> str:
        style = self.style
        if isinstance(value, Obj):
            parts = [(m.key_text or dump_string(m.key)) + style.key_sep + self._dump(m.value, depth + 1)
                     for m in value.members]
            return self._block("{", parts, "}", value.inline, depth)
        if isinstance(value, Arr):
            return self._block("[", [self._dump(v, depth + 1) for v in value.items], "]", value.inline, depth)
        if isinstance(value, Raw):
            return value.text
        if isinstance(value, str):
            return dump_string(value)
        return json.dumps(value)

    def _block(self, opening: str, parts: list[str], closing: str, inline: bool, depth: int) -> str:
        if not parts:
            return opening + closing
        if inline:
            return opening + self.style.item_sep.join(parts) + closing
        pad = self.style.newline + self.style.indent * (depth + 1)
        return opening + pad + ("," + pad).join(parts) + self.style.newline + self.style.indent * depth + closing

    # -- nodes ----------------------------------------------------------------------------------
    def io(self) -> Any:
        """The value of "io" (an Obj when usable), None when missing."""
        found = self.root.member("io")
        return None if found is None else found.value

    def nodes(self) -> list[Member]:
        """The members of "io" in file order (one form row each); empty when io is not an object."""
        io = self.io()
        return io.members if isinstance(io, Obj) else []

    def ensure_io(self) -> Obj:
        """The "io" object, created at the end of the file when missing (ValueError if not an object)."""
        io = self.io()
        if io is None:
            if not self.root.members:
                self.root.inline = False
            io = Obj([], inline=True)
            self.root.set("io", io)
        if not isinstance(io, Obj):
            raise ValueError("io is not an object")
        return io

    def names(self) -> set[str]:
        return {m.key for m in self.nodes()}

    def unique_name(self, base: str) -> str:
        taken = self.names()
        if base not in taken:
            return base
        stem = re.sub(r"_\d+$", "", base) or base
        number = 2
        while f"{stem}_{number}" in taken:
            number += 1
        return f"{stem}_{number}"

    def insert_node(self, index: int, name: str, node: Obj) -> int:
        """Insert node `name` at `index` (clamped) and return where it went."""
        io = self.ensure_io()
        siblings = [m.value for m in io.members if isinstance(m.value, Obj)]
        node.inline = siblings[-1].inline if siblings else True
        if not io.members:
            io.inline = self.root.inline
        index = max(0, min(index, len(io.members)))
        io.members.insert(index, Member(name, node))
        if not node.inline:
            io.inline = False
        return index

    def remove_node(self, index: int) -> None:
        del self.nodes()[index]

    def duplicate_node(self, index: int) -> int:
        original = self.nodes()[index]
        name = self.unique_name(original.key or "node")
        value = copy.deepcopy(original.value)
        self.ensure_io().members.insert(index + 1, Member(name, value))
        return index + 1

    def rename_node(self, index: int, name: str) -> None:
        member = self.nodes()[index]
        member.key, member.key_text = name, None


class _Loader:
    """Turns a JNode tree into Obj/Arr/Raw, noting the file's spacing on the way."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self.key_sep: str | None = None
        self.item_sep: str | None = None

    def convert(self, node: JNode) -> Any:
        src = self.source
        start = src.offset(node.line, node.col)
        if node.kind in ("object", "array"):
            inline = "\n" not in src.text[start:src.value_end(start)]
            if node.kind == "array":
                return Arr([self.convert(item) for item in node.items], inline)
            members = [self.member(key, line, col, value) for key, line, col, value in node.members]
            if inline and len(node.members) > 1 and self.item_sep is None:
                first = node.members[0][3]
                self.item_sep = self.separator(src.value_end(src.offset(first.line, first.col)), ",")
            return Obj(members, inline)
        if node.kind in ("number", "string"):
            return Raw(src.text[start:src.value_end(start)], node.value)
        return node.value

    def member(self, key: str, line: int, col: int, value: JNode) -> Member:
        src = self.source
        start = src.offset(line, col)
        end = src.string_end(start)
        key_text = src.text[start:end]
        if self.key_sep is None:
            self.key_sep = self.separator(end, ":")
        return Member(key, self.convert(value), None if key_text == dump_string(key) else key_text)

    def separator(self, offset: int, char: str) -> str | None:
        found = _SEP_AFTER.match(self.source.text, offset)
        if found is None or found.group(1) != char:
            return None
        return char + (" " if found.group(2) else "")


# -- diagnostics back to rows -----------------------------------------------------------------------
NAME = None                  # the key of a row's name cell in `Positions`


class Positions:
    """Where each row and field of the form starts in the text it was loaded from."""

    def __init__(self, text: str, root: JNode) -> None:
        self.exact: dict[tuple[int, int], tuple[int, str | None]] = {}
        self.spans: list[tuple[int, int]] = []          # (first line, last line) of each row
        source = _Source(text)
        io = None
        for key, line, col, value in root.members:
            self.exact.setdefault((line, col), (TOP, key))
            self.exact.setdefault((value.line, value.col), (TOP, key))
            if key == "io" and io is None:
                io = value
        if io is not None and io.kind == "object":
            for row, (name, line, col, value) in enumerate(io.members):
                self.add_row(source, row, (line, col), value)

    def add_row(self, source: _Source, row: int, where: tuple[int, int], value: JNode) -> None:
        self.exact[where] = (row, NAME)
        self.exact.setdefault((value.line, value.col), (row, NAME))
        for key, line, col, member in value.members:
            self.exact.setdefault((line, col), (row, key))
            self.exact.setdefault((member.line, member.col), (row, key))
        end = source.value_end(source.offset(value.line, value.col))
        self.spans.append((where[0], source.line_of(end - 1)))

    def find(self, line: int, col: int) -> tuple[int, str | None] | None:
        """(row, key) of a position: the field it starts, else the row whose lines hold it, else None."""
        if (line, col) in self.exact:
            return self.exact[(line, col)]
        for row, (first, last) in enumerate(self.spans):
            if first <= line <= last:
                return row, NAME
        return None
