"""The static pass over a project's Python: the plain mistakes that only show on the board.

pyflakes (PyPI `pyflakes`, the checker flake8 is built on: it reads the code without running it)
finds undefined names (a NameError when the line runs, such as `network.WLAN` without `import
network`), imports nothing uses (each costs the board memory) and names defined twice. Around it:
- MicroPython's compiler knows `const()` without an import, so it is a builtin here;
- `from driver import *` takes its names from the HaaS stubs (`ide/stubs/`) or from the project's
  own module, so names it brings are defined and names it does not bring are still reported;
- an undefined name that is a firmware module is explained ("add `import network`");
- `payload["onff"]` read where only "onoff" was tested or set (`key_typos`) is a likely KeyError.
Errors in code the program does not run (see `ide.core.pyreach`) become warnings. Messages are
our own translated texts; a pyflakes message we have no text for keeps pyflakes' English.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from pyflakes import messages as flakes
from pyflakes.checker import Checker

from ide.core.boardjson import ERROR, HINT, WARNING, Diagnostic
from ide.core.boardjson_code import WEAK_LINKS, firmware_modules, parse_python
from ide.core.pykeys import key_typos
from ide.i18n import _

if TYPE_CHECKING:
    from ide.core.boards import Board
    from ide.core.pyreach import Running

STUBS_DIR = Path(__file__).resolve().parents[1] / "stubs"
MICROPYTHON_BUILTINS = ("const",)
# What MicroPython's compiler rejects itself: mpy-cross reports these, once is enough.
COMPILE_ERRORS = tuple(getattr(flakes, name) for name in (
    "BreakOutsideLoop", "ContinueOutsideLoop", "ReturnOutsideFunction", "YieldOutsideFunction", "DuplicateArgument",
    "TwoStarredExpressions", "TooManyExpressionsInStarredAssignment", "DefaultExceptNotLast", "LateFutureImport",
    "FutureFeatureNotDefined", "ImportStarNotPermitted") if hasattr(flakes, name))
Names = Callable[[str], "frozenset[str] | None"]


# -- names a module exports ----------------------------------------------------------------------------
def exported_names(tree: ast.Module) -> frozenset[str]:
    """What `from module import *` takes from a module: its `__all__`, else its public top-level names."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            if isinstance(node.value, (ast.List, ast.Tuple)):
                return frozenset(e.value for e in node.value.elts if isinstance(e, ast.Constant))
        names.update(_defined_by(node))
    return frozenset(n for n in names if not n.startswith("_"))


def _defined_by(node: ast.stmt) -> Iterable[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, (ast.Import, ast.ImportFrom)) and not (isinstance(node, ast.ImportFrom)
                                                                and node.module in ("typing", "__future__")):
        return [(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"]
    return []


@lru_cache(maxsize=64)
def stub_names(module: str) -> frozenset[str] | None:
    """The names of a HaaS firmware module as its stub declares them (None: no stub)."""
    module = WEAK_LINKS.get(module, module)
    for path in (STUBS_DIR / f"{module}.pyi", STUBS_DIR / f"{module}-stubs" / "__init__.pyi"):
        if path.is_file():
            try:
                return exported_names(parse_python(path.read_text(encoding="utf-8")))
            except (SyntaxError, ValueError, OSError):
                return None
    return None


def project_names(sources: dict[str, str]) -> Names:
    """Star-import names from the project's own modules first, then from the stubs."""
    cache: dict[str, frozenset[str] | None] = {}

    def names(module: str) -> frozenset[str] | None:
        if module not in cache:
            stem = module.replace(".", "/")
            source = sources.get(f"{stem}.py", sources.get(f"{stem}/__init__.py"))
            cache[module] = stub_names(module) if source is None else _source_names(source)
        return cache[module]

    return names


def folder_names(folder: Path | None) -> Names:
    """Star-import names from the modules beside an edited file, then from the stubs."""
    def names(module: str) -> frozenset[str] | None:
        stem = module.replace(".", "/")
        for path in ((folder / f"{stem}.py", folder / stem / "__init__.py") if folder else ()):
            if path.is_file():
                try:
                    return _source_names(path.read_text(encoding="utf-8", errors="replace"))
                except OSError:
                    return None
        return stub_names(module)

    return names


def _source_names(source: str) -> frozenset[str] | None:
    try:
        return exported_names(parse_python(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        return None


# -- one file ------------------------------------------------------------------------------------------
def static_diagnostics(source: str, file: str, names: Names = stub_names,
                       modules: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """pyflakes and the key-typo check on one file's `source` (nothing when it does not parse:
    the compile check reports that). `modules` are the firmware's module names."""
    try:
        tree = parse_python(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        return []
    resolved, unresolved = _star_imports(tree, names)
    checker = Checker(tree, filename=file, builtins=set(MICROPYTHON_BUILTINS) | resolved)
    found = []
    for message in checker.messages:
        diagnostic = _diagnostic(message, file, modules, unresolved)
        if diagnostic is not None:
            found.append(diagnostic)
    found += [Diagnostic(file, line, col, WARNING, "key-typo", text) for line, col, text in key_typos(tree)]
    return found


def _star_imports(tree: ast.Module, names: Names) -> tuple[set[str], bool]:
    """Take out each `from X import *` whose X is known and return the names they bring (given to
    pyflakes as builtins, so that a name they do not bring is still reported), and whether a star
    import of an unknown module is left (pyflakes then can only say "may be undefined")."""
    resolved: set[str] = set()
    unresolved = False
    for node in ast.walk(tree):
        for attribute in ("body", "orelse", "finalbody"):
            statements = getattr(node, attribute, None)
            if not isinstance(statements, list):
                continue
            kept = []
            for statement in statements:
                known = _star_names(statement, names)
                if known is None:
                    kept.append(statement)
                    unresolved |= _is_star(statement)
                else:
                    resolved |= known
            if len(kept) != len(statements):
                statements[:] = kept or [ast.Pass(lineno=statements[0].lineno, col_offset=0)]
    return resolved, unresolved


def _is_star(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.ImportFrom) and any(a.name == "*" for a in statement.names)


def _star_names(statement: ast.stmt, names: Names) -> frozenset[str] | None:
    if not _is_star(statement) or statement.level:
        return None
    return names(statement.module or "")


def _diagnostic(message: flakes.Message, file: str, modules: frozenset[str],
                unresolved_star: bool) -> Diagnostic | None:
    kind = type(message)
    args = message.message_args
    if kind in COMPILE_ERRORS or kind is flakes.ImportStarUsed or (kind is flakes.ImportStarUsage
                                                                   and not unresolved_star):
        return None
    line, col = message.lineno, (message.col or 0) + 1
    if kind is flakes.UndefinedName:
        return Diagnostic(file, line, col, ERROR, "undefined-name", _undefined_text(args[0], modules))
    entry = MESSAGES.get(kind)
    if entry is None:
        return Diagnostic(file, line, col, WARNING, "pyflakes", message.message % args)
    severity, code, text = entry
    return Diagnostic(file, line, col, severity, code, text().format(*args))


def _undefined_text(name: str, modules: frozenset[str]) -> str:
    if name in modules or WEAK_LINKS.get(name) in modules:
        return (_("undefined name \"{name}\": the board raises NameError when this line runs; \"{name}\" is a "
                  "module of the firmware, add \"import {name}\" at the top of the file").format(name=name))
    return _("undefined name \"{name}\": the board raises NameError when this line runs").format(name=name)


MESSAGES: dict[type, tuple[str, str, Callable[[], str]]] = {
    flakes.UndefinedLocal: (ERROR, "undefined-local", lambda: _(
        "local variable \"{0}\" is used before this function assigns it (line {1}): UnboundLocalError on the board")),
    flakes.UnusedImport: (WARNING, "unused-import", lambda: _(
        "\"{0}\" is imported but never used; each import costs the board memory")),
    flakes.RedefinedWhileUnused: (WARNING, "redefined", lambda: _(
        "\"{0}\" is defined again here; the one on line {1} is never used")),
    flakes.ImportShadowedByLoopVar: (WARNING, "redefined", lambda: _(
        "the loop variable \"{0}\" replaces the import of line {1}")),
    flakes.UnusedVariable: (HINT, "unused-variable", lambda: _(
        "local variable \"{0}\" is assigned but never used")),
    flakes.ImportStarUsage: (HINT, "star-import", lambda: _(
        "\"{0}\" is not defined here; it may come from \"from {1} import *\"")),
    flakes.IsLiteral: (WARNING, "is-literal", lambda: _(
        "\"is\" compares identity: use == to compare with a number or a string")),
    flakes.UndefinedExport: (ERROR, "undefined-name", lambda: _("\"{0}\" is listed in __all__ but not defined")),
}
if hasattr(flakes, "UnusedIndirectAssignment"):   # pyflakes 3.3 and later
    MESSAGES[flakes.UnusedIndirectAssignment] = (HINT, "unused-global", lambda: _(
        "\"{0} {1}\" is not needed: this function never assigns \"{1}\""))


# -- a project -----------------------------------------------------------------------------------------
def check_static(sources: dict[str, str], board: "Board | None", running: "Running | None" = None) -> list[Diagnostic]:
    """The static pass on every file of a project (`sources` by POSIX path); an error in code the
    program does not run is only a warning."""
    names = project_names(sources)
    modules = firmware_modules(board)
    found: list[Diagnostic] = []
    for rel, source in sources.items():
        for diagnostic in static_diagnostics(source, rel, names, modules):
            if diagnostic.severity == ERROR and running is not None and not running.runs(rel, diagnostic.line):
                diagnostic = Diagnostic(rel, diagnostic.line, diagnostic.col, WARNING, diagnostic.code,
                                        diagnostic.message)
            found.append(diagnostic)
    return found

