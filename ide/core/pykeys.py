"""Dictionary keys read under another spelling than the one tested: `payload["onff"]` after
`if "onoff" in payload`.

Cloud callbacks test which property arrived, then read it; a typo in the read raises KeyError on
the board every time that property arrives, and nothing on the host notices. Within one function
(or the module's top level), for each dictionary variable this collects the string keys the code
tests or sets (`"k" in d`, `"k" in d.keys()`, `d.get("k")`, `d.pop("k")`, `d.setdefault("k")`,
`d["k"] = ...`, `d = {"k": ...}`) and reports a read `d["x"]` whose key is none of them but
close to one of them.
"""

from __future__ import annotations

import ast
from collections import defaultdict

from ide.core.boardjson import suggest
from ide.core.boardjson_code import dotted_name
from ide.i18n import _

KEY_METHODS = ("get", "pop", "setdefault")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def key_typos(tree: ast.Module) -> list[tuple[int, int, str]]:
    """(line, column, message) for each likely misspelt key read."""
    found: list[tuple[int, int, str]] = []
    scopes = [tree] + [node for node in ast.walk(tree) if isinstance(node, _SCOPES)]
    for scope in scopes:
        found += _scope_typos(scope)
    return sorted(found)


def _scope_typos(scope: ast.AST) -> list[tuple[int, int, str]]:
    known: dict[str, set[str]] = defaultdict(set)
    reads: list[tuple[str, str, ast.AST]] = []
    for node in _own_nodes(scope):
        _collect(node, known, reads)
    found = []
    for variable, key, where in reads:
        keys = known.get(variable)
        if not keys or key in keys:
            continue
        guess = suggest(key, sorted(keys))
        if guess and guess != key:
            found.append((where.lineno, where.col_offset + 1, _(
                "{variable}[\"{key}\"]: this code tests for \"{guess}\" but reads \"{key}\", a KeyError on the "
                "board; did you mean \"{guess}\"?").format(variable=variable, key=key, guess=guess)))
    return found


def _own_nodes(scope: ast.AST):
    """The nodes of `scope` without those of the functions and classes nested in it."""
    pending = list(ast.iter_child_nodes(scope))
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, _SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def _collect(node: ast.AST, known: dict[str, set[str]], reads: list) -> None:
    if isinstance(node, ast.Compare):
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)) and _text(node.left) is not None:
                variable = _mapping(right)
                if variable:
                    known[variable].add(_text(node.left))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in KEY_METHODS:
        variable = dotted_name(node.func.value)
        if variable and node.args and _text(node.args[0]) is not None:
            known[variable].add(_text(node.args[0]))
    elif isinstance(node, ast.Subscript) and _text(node.slice) is not None:
        variable = dotted_name(node.value)
        if variable and isinstance(node.ctx, ast.Load):
            reads.append((variable, _text(node.slice), node))
        elif variable:
            known[variable].add(_text(node.slice))
    elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
        keys = {_text(k) for k in node.value.keys if k is not None and _text(k) is not None}
        for target in node.targets:
            if dotted_name(target):
                known[dotted_name(target)] |= keys


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _mapping(node: ast.AST) -> str | None:
    """The dictionary of `"k" in d` or `"k" in d.keys()`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "keys" \
            and not node.args:
        return dotted_name(node.func.value)
    return dotted_name(node)
