"""A HaaS project: a folder with main.py and board.json, plus modules and assets.

What a project keeps besides its code, all readable by the user:
- `.haas-ide/project.json`: per-project settings (board id, serial port, template it came from,
  the last deploy record, and `app_dir`: the board folder deploys go to when the project pins one
  instead of following the firmware). Local to one machine, so never deployed and ignored by git.
- `.haasignore`: files that never go to the board, in .gitignore syntax (`*`, `**`, `?`, `[abc]`,
  `!` to re-include, a trailing `/` for folders, a leading `/` to anchor at the project root).
- `.haas-project.json`: what belongs with the project wherever it goes (the driver libraries it
  was given, so another machine can rebuild them). Kept in git, never deployed.
- `credentials.json`: Wi-Fi and cloud credentials of templates that need them. It does go to the
  board (main.py reads it there) but is marked `secret`, and the generated `.gitignore` keeps it
  out of version control so a shared project does not leak it.
Always left out of deploys, whatever `.haasignore` says: the settings folder, `.git/` and other
VCS folders, `__pycache__/` and `*.pyc`, editor backups (`*~`, `*.swp`, `.#*`, `#*#`, `*.bak`),
editor folders (`.vscode/`, `.idea/`), `.DS_Store`, `Thumbs.db`, `.haasignore`, `.gitignore` and
`.haas-project.json`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ide.core.atomic import write_atomic
from ide.core.errors import ProjectError
from ide.core.jsonfile import read_json
from ide.i18n import _

MAIN_PY = "main.py"
BOARD_JSON = "board.json"
SETTINGS_DIR = ".haas-ide"
SETTINGS_FILE = f"{SETTINGS_DIR}/project.json"
IGNORE_FILE = ".haasignore"
GITIGNORE_FILE = ".gitignore"
SHARED_FILE = ".haas-project.json"
CREDENTIALS_FILE = "credentials.json"
SETTINGS_FORMAT = 1
ALWAYS_IGNORED = (f"/{SETTINGS_DIR}/", ".git/", ".svn/", ".hg/", "__pycache__/", "*.pyc", "*~", "*.swp", "*.swo",
                  ".#*", "\\#*#", "*.bak", ".vscode/", ".idea/", ".DS_Store", "Thumbs.db", f"/{IGNORE_FILE}",
                  f"/{GITIGNORE_FILE}", f"/{SHARED_FILE}")
DEFAULT_IGNORE = (
    "# Files that never go to the board, in .gitignore syntax.\n"
    "# HaaS IDE always leaves out .haas-ide/, .git/, __pycache__/, editor backups and this file.\n"
    "*.md\n"
    "docs/\n"
)
DEFAULT_GITIGNORE_LINES = (
    "# Wi-Fi password and device secret: keep them out of shared copies of the project.",
    f"/{CREDENTIALS_FILE}",
    "# HaaS IDE's settings for this machine (board, serial port, last deploy).",
    f"/{SETTINGS_DIR}/",
)


@dataclass(frozen=True, order=True)
class ProjectFile:
    """A file that goes to the board: `rel` is its POSIX path in the project (and under the board's
    app folder), `path` the absolute path on the host. `secret` marks the credentials file."""

    rel: str
    path: Path
    secret: bool = False


# -- ignore rules --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool


def _glob_regex(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end + 1
            continue
        elif c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


class IgnoreRules:
    """Rules in .gitignore syntax; the last rule matching a path decides, and a path inside an
    ignored folder is ignored whatever comes later (as in git)."""

    def __init__(self, lines: Iterable[str] = ()) -> None:
        self.rules: list[_Rule] = []
        for line in lines:
            self.add(line)

    @classmethod
    def from_text(cls, text: str) -> "IgnoreRules":
        return cls(text.splitlines())

    def add(self, line: str) -> None:
        line = line.rstrip("\r\n")
        if not line.endswith("\\ "):
            line = line.rstrip()
        if not line or line.startswith("#"):
            return
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        elif line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            return
        anchored = "/" in line
        body = _glob_regex(line.lstrip("/"))
        try:
            regex = re.compile(("^" if anchored else "^(?:.*/)?") + body + "$", re.DOTALL)
        except re.error:
            return
        self.rules.append(_Rule(regex, negated, dir_only))

    def _decide(self, rel: str, is_dir: bool) -> bool | None:
        decision: bool | None = None
        for rule in self.rules:
            if rule.dir_only and not is_dir:
                continue
            if rule.regex.match(rel):
                decision = not rule.negated
        return decision

    def ignores(self, rel: str, is_dir: bool = False) -> bool:
        """True when `rel` (a POSIX path relative to the project) or a folder above it is ignored."""
        parts = rel.strip("/").split("/")
        for i in range(1, len(parts)):
            if self._decide("/".join(parts[:i]), True):
                return True
        return bool(self._decide("/".join(parts), is_dir))


_BUILTIN_RULES = IgnoreRules(ALWAYS_IGNORED)


# -- settings ------------------------------------------------------------------------------------------
@dataclass
class ProjectSettings:
    """The contents of .haas-ide/project.json; keys this version does not know are kept in `extra`."""

    board: str | None = None
    port: str | None = None
    template: str | None = None
    last_deploy: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    app_dir: str | None = None  # a pinned board folder for deploys; None: the firmware decides

    KEYS = ("board", "port", "template", "last_deploy", "app_dir")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ProjectSettings":
        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        record = data.get("last_deploy")
        extra = {k: v for k, v in data.items() if k not in cls.KEYS and k != "format"}
        return cls(text("board"), text("port"), text("template"), record if isinstance(record, dict) else None, extra,
                   text("app_dir"))

    def to_json(self) -> dict[str, Any]:
        pinned = {} if self.app_dir is None else {"app_dir": self.app_dir}
        return {"format": SETTINGS_FORMAT, "board": self.board, "port": self.port, "template": self.template,
                "last_deploy": self.last_deploy, **pinned, **self.extra}


# -- the project ---------------------------------------------------------------------------------------
class Project:
    """A project folder. Reading it never changes it; settings are written by `save_settings()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser().absolute()
        if not self.path.is_dir():
            raise ProjectError(_("{path} is not a project folder (it does not exist or is not a folder).")
                               .format(path=self.path), _("Create one with: haas-ide new DIR --template ID --board ID"))
        self._settings: ProjectSettings | None = None

    def __repr__(self) -> str:
        return f"Project({str(self.path)!r})"

    @property
    def main_py(self) -> Path:
        return self.path / MAIN_PY

    @property
    def board_json(self) -> Path:
        return self.path / BOARD_JSON

    @property
    def settings_path(self) -> Path:
        return self.path / SETTINGS_FILE

    @property
    def ignore_path(self) -> Path:
        return self.path / IGNORE_FILE

    @property
    def credentials_path(self) -> Path:
        return self.path / CREDENTIALS_FILE

    # -- settings ----------------------------------------------------------------------------------
    @property
    def settings(self) -> ProjectSettings:
        if self._settings is None:
            self._settings = self._load_settings()
        return self._settings

    def _load_settings(self) -> ProjectSettings:
        path = self.settings_path
        if not path.is_file():
            return ProjectSettings()
        return ProjectSettings.from_json(_json_object(
            path, _("The project settings file {path} cannot be read: {reason}"),
            _("The project settings file {path} is not a JSON object."), _("Fix it or delete it; it is re-created.")))

    def reload_settings(self) -> ProjectSettings:
        self._settings = None
        return self.settings

    def save_settings(self, settings: ProjectSettings | None = None) -> None:
        if settings is not None:
            self._settings = settings
        text = json.dumps(self.settings.to_json(), ensure_ascii=False, indent=2) + "\n"
        try:
            write_atomic(self.settings_path, text)
        except OSError as exc:
            raise ProjectError(_("Cannot save the project settings to {path}: {reason}")
                               .format(path=self.settings_path, reason=exc.strerror or exc)) from None

    @property
    def board_id(self) -> str | None:
        """The board this project is for (from the settings), None when not chosen yet."""
        return self.settings.board

    def set_board(self, board_id: str) -> None:
        """Choose the board (a catalogue id) and save the settings."""
        from ide.core.boards import get_board

        get_board(board_id)
        self.settings.board = board_id
        self.save_settings()

    # -- values shared with the project (kept in git) ----------------------------------------------
    @property
    def shared_path(self) -> Path:
        return self.path / SHARED_FILE

    def shared_values(self) -> dict[str, Any]:
        """The contents of .haas-project.json ({} when there is none). A file that is there but
        unusable is a `ProjectError`: it is shared through git, and saving over it would lose it."""
        path = self.shared_path
        if not path.exists():
            return {}
        return _json_object(path, _("The shared project file {path} cannot be read: {reason}"),
                            _("The shared project file {path} is not a JSON object."),
                            _("Fix it (it is JSON, kept in git with the project) or delete it."))

    def save_shared_values(self, values: dict[str, Any]) -> None:
        try:
            write_atomic(self.shared_path, json.dumps(values, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        except OSError as exc:
            raise ProjectError(_("Cannot save the project settings to {path}: {reason}")
                               .format(path=self.shared_path, reason=exc.strerror or exc)) from None

    # -- files -------------------------------------------------------------------------------------
    def ignore_rules(self) -> IgnoreRules:
        """The rules of .haasignore (empty when there is none)."""
        try:
            return IgnoreRules.from_text(self.ignore_path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return IgnoreRules()

    def is_ignored(self, rel: str, is_dir: bool = False, rules: IgnoreRules | None = None) -> bool:
        """True when `rel` never goes to the board (built-in rules, then .haasignore)."""
        rules = self.ignore_rules() if rules is None else rules
        return _BUILTIN_RULES.ignores(rel, is_dir) or rules.ignores(rel, is_dir)

    def files(self, include_secrets: bool = True) -> list[ProjectFile]:
        """Every file that goes to the board, sorted by path. `include_secrets=False` leaves out
        the credentials file too (for exporting or sharing the project). Links to anything
        outside the project are left out (see `outside_links`)."""
        found = [ProjectFile(rel, path, rel == CREDENTIALS_FILE) for rel, path in self._candidates()
                 if self._stays_inside(path)]
        return sorted(f for f in found if include_secrets or not f.secret)

    def outside_links(self) -> list[str]:
        """Files of the project that are links to something outside it (`key.txt ->
        ~/.ssh/id_rsa`): never read, never deployed, listed in the deploy plan."""
        return sorted(rel for rel, path in self._candidates() if not self._stays_inside(path))

    @staticmethod
    def skipped_notes(links: list[str]) -> list[str]:
        """What a deploy says about each of `outside_links()` (the command line and the IDE alike)."""
        return [_("Skipped {file}: it is a link to something outside the project, which is never deployed.")
                .format(file=rel) for rel in links]

    def _candidates(self) -> Iterator[tuple[str, Path]]:
        """(rel, path) of every file the ignore rules let through; folder links are not followed."""
        rules = self.ignore_rules()
        for folder, dirs, names in os.walk(self.path):
            base = Path(folder).relative_to(self.path).as_posix()
            prefix = "" if base == "." else base + "/"
            dirs[:] = sorted(d for d in dirs if not self.is_ignored(prefix + d, True, rules)
                             and not (Path(folder) / d).is_symlink())
            for name in names:
                path = Path(folder) / name
                if not self.is_ignored(prefix + name, False, rules) and path.is_file():
                    yield prefix + name, path

    def _stays_inside(self, path: Path) -> bool:
        return not path.is_symlink() or path.resolve().is_relative_to(self.path.resolve())

    def python_files(self) -> list[ProjectFile]:
        return [f for f in self.files() if f.rel.endswith(".py")]

    def credentials(self) -> dict[str, Any]:
        """The values in credentials.json ({} when the project has none)."""
        if not self.credentials_path.is_file():
            return {}
        try:
            data = read_json(self.credentials_path)
        except (OSError, ValueError) as exc:
            raise ProjectError(_("{path} cannot be read: {reason}").format(path=self.credentials_path,
                                                                        reason=_reason(exc)),
                               _("Fix the file: it must be a JSON object.")) from None
        return data if isinstance(data, dict) else {}


def _json_object(path: Path, cannot_read: str, not_an_object: str, hint: str) -> dict[str, Any]:
    """The JSON object in `path`; a `ProjectError` saying `cannot_read` (with {path} and {reason})
    or `not_an_object` (with {path}), and `hint`, when it is unusable."""
    try:
        data = read_json(path)
    except (OSError, ValueError) as exc:
        raise ProjectError(cannot_read.format(path=path, reason=_reason(exc)), hint) from None
    if not isinstance(data, dict):
        raise ProjectError(not_an_object.format(path=path), hint)
    return data


def _reason(exc: Exception) -> object:
    """What went wrong, without the path the message names already."""
    return getattr(exc, "strerror", None) or exc


def init_project(path: str | Path, board_id: str, template: str | None = None) -> Project:
    """Give an existing folder the project's own files: settings, .haasignore (unless there is one)
    and the .gitignore entries that keep credentials and settings out of shared copies."""
    project = Project(path)
    if not project.ignore_path.exists():
        write_atomic(project.ignore_path, DEFAULT_IGNORE)
    add_gitignore_entries(project.path / GITIGNORE_FILE, DEFAULT_GITIGNORE_LINES)
    project.settings.board = board_id
    project.settings.template = template
    project.save_settings()
    return project


def add_gitignore_entries(path: Path, lines: Iterable[str]) -> None:
    """Append the entries .gitignore lacks, each with the comment line written before it in
    `lines`, keeping what the user wrote."""
    existing = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    block: list[str] = []
    comments: list[str] = []
    for line in lines:
        if line.startswith("#"):
            comments.append(line)
            continue
        if line not in existing:
            block += comments + [line]
        comments = []
    if block:
        write_atomic(path, "\n".join(existing + ([""] if existing else []) + block) + "\n")
