"""Text rules of the editor that need no widget: language by file name, line endings,
the indent after Enter, and commenting lines in and out.

Kept free of Qt so the rules are tested as plain functions; `editor.py` applies them to Scintilla.
"""

from __future__ import annotations

from pathlib import Path

INDENT = 4
PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")
JSON_SUFFIXES = (".json",)
# Statements after which the next line goes one level out.
DEDENT_KEYWORDS = ("return", "pass", "break", "continue", "raise")
EOL_CRLF, EOL_CR, EOL_LF = 0, 1, 2  # Scintilla's SC_EOL_* values
COMMENT = "#"


def language_for(path: str | Path) -> str:
    """The highlighting for a file: "python", "json" (board.json included) or "text"."""
    suffix = Path(path).suffix.lower()
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in JSON_SUFFIXES:
        return "json"
    return "text"


def detect_eol(text: str) -> int:
    """The line-ending mode of `text`: the kind of its first line end (LF when it has none)."""
    for index, char in enumerate(text):
        if char == "\n":
            return EOL_LF
        if char == "\r":
            return EOL_CRLF if text[index + 1:index + 2] == "\n" else EOL_CR
    return EOL_LF


def code_part(line: str) -> str:
    """`line` without its trailing `#` comment (a `#` inside a string literal is kept)."""
    quote = ""
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == COMMENT:
            return line[:index]
    return line


def next_indent(previous: str, indent: int, language: str = "python", width: int = INDENT) -> int:
    """The indentation (in columns) of the line after `previous`, which is indented by `indent`."""
    if language == "python":
        code = code_part(previous).rstrip()
        if code.endswith(":"):
            return indent + width
        first = code.strip().split(" ", 1)[0] if code.strip() else ""
        if first in DEDENT_KEYWORDS:
            return max(indent - width, 0)
        return indent
    if language == "json" and previous.rstrip().endswith(("{", "[")):
        return indent + width
    return indent


def _is_commented(line: str) -> bool:
    return line.lstrip().startswith(COMMENT)


def comment_toggled(lines: list[str]) -> list[str]:
    """Comment `lines` out with "# " at their common indentation, or, when every non-blank line is
    already a comment, take one "#" (and the space after it) away from each."""
    filled = [line for line in lines if line.strip()]
    if not filled:
        return list(lines)
    if all(_is_commented(line) for line in filled):
        return [_uncomment(line) if line.strip() else line for line in lines]
    column = min(len(line) - len(line.lstrip()) for line in filled)
    return [line[:column] + COMMENT + " " + line[column:] if line.strip() else line for line in lines]


def _uncomment(line: str) -> str:
    start = line.index(COMMENT)
    end = start + 1
    if line[end:end + 1] == " ":
        end += 1
    return line[:start] + line[end:]
