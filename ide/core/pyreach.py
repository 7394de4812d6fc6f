"""What the program runs: main.py and the project modules it imports, without their self-tests.

The board runs main.py as `__main__`; a project module runs when code that runs imports it
(`import sht3x`, `from drivers import oled`, `from . import util`), and an imported module's
`if __name__ == "__main__":` block does not run (that is where driver libraries keep a
self-test). `running_code(facts)` answers, for each project file and line, whether the program
runs it. When main.py is missing or does not parse, nothing can be followed and every line of
every file counts as running, which is what the checks did before they followed the program.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ide.core.project import MAIN_PY

if TYPE_CHECKING:
    from ide.core.boardjson_code import Import, PyFacts

Span = tuple[int, int]


@dataclass
class Running:
    """The project files the program runs, each with the line spans of it that do not run."""

    skipped: dict[str, list[Span]] = field(default_factory=dict)
    everything: bool = False

    def runs(self, rel: str, line: int) -> bool:
        if self.everything:
            return True
        spans = self.skipped.get(rel)
        return spans is not None and not any(start <= line <= end for start, end in spans)

    def runs_file(self, rel: str) -> bool:
        return self.everything or rel in self.skipped


def running_code(facts: dict[str, "PyFacts"]) -> Running:
    """Follow the imports from main.py through the project's files (`facts` by POSIX path)."""
    main = facts.get(MAIN_PY)
    if main is None or not main.parsed:
        return Running(everything=True)
    running = Running({MAIN_PY: []})
    pending = [MAIN_PY]
    while pending:
        rel = pending.pop()
        spans = running.skipped[rel]
        for imp in facts[rel].imports:
            if any(start <= imp.line <= end for start, end in spans):
                continue
            for target in imported_files(rel, imp, facts):
                if target not in running.skipped:
                    running.skipped[target] = list(facts[target].main_blocks)
                    pending.append(target)
    return running


def imported_files(rel: str, imp: "Import", facts: dict[str, "PyFacts"]) -> list[str]:
    """The project files an import runs: each package's __init__.py on the way, then the module,
    then for `from package import name` the submodule `name` when there is one."""
    base = _base_parts(rel, imp.level)
    if base is None:
        return []
    parts = base + [p for p in imp.module.split(".") if p]
    found = [f for i in range(1, len(parts) + 1) for f in _module_file(parts[:i], facts)]
    for name in imp.names:
        if name != "*":
            found += _module_file(parts + [name], facts)
    return found


def _base_parts(rel: str, level: int) -> list[str] | None:
    """The package a relative import starts from (`level` dots), [] for an absolute import."""
    if not level:
        return []
    package = rel.split("/")[:-1]
    if level - 1 > len(package):
        return None
    return package[:len(package) - (level - 1)]


def _module_file(parts: list[str], facts: dict[str, "PyFacts"]) -> list[str]:
    if not parts:
        return []
    stem = "/".join(parts)
    for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
        if candidate in facts:
            return [candidate]
    return []
