"""Solution templates: discovery, parameters and turning one into a project.

Templates live in the shipped `templates/` folder, one folder per template id:
```
templates/<id>/template.json        names, descriptions and hardware in English and Chinese, whether
                                    it needs the cloud, its parameters, shared modules, variants;
                                    for a solution of the HaaS solution centre, its name there
                                    ("upstream"), the cloud properties of the tutorial's product
                                    (identifier, data type, access) and the settings at the top of
                                    main.py that switch on what the template adds
templates/<id>/README.md            English README;  README.zh_CN.md: Chinese README
templates/<id>/main.py ...          files common to every variant
templates/<id>/variants/<v>/        board.json of variant <v> (none for stock MicroPython) and files
                                    that replace common ones
templates/_lib/                     modules shared by templates (drivers, Wi-Fi, cloud, credentials);
                                    `_lib/<name>/<wifi>.py` is picked by the board's Wi-Fi API
                                    (`network` or `netmgr`) for an entry "<name>.py"; an entry
                                    "display.py=displays/sh1106.py" puts that _lib file in the
                                    project under the name before the "=" (one module name, a
                                    board-specific implementation)
templates/_lib/parameters.json      the standard parameters (Wi-Fi and Alibaba Cloud credentials)
```
Credentials are parameters: their values go to `credentials.json` in the new project, which
main.py reads on the board and the generated .gitignore keeps out of shared copies.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ide.core.errors import ProjectError, UsageError
from ide.core.project import BOARD_JSON, CREDENTIALS_FILE, Project, init_project
from ide.i18n import _, language

LIB_DIR = "_lib"
TEMPLATE_FILE = "template.json"
VARIANTS_DIR = "variants"
_SKIPPED = (TEMPLATE_FILE, VARIANTS_DIR, "__pycache__", ".DS_Store")


def templates_dir() -> Path:
    from ide.resources import data_dir

    return data_dir("templates")


def _text(table: dict[str, Any], lang: str | None) -> Any:
    return table.get(lang or language()) or table.get("en")


@dataclass(frozen=True)
class Parameter:
    """A value asked when the project is created; `secret` ones are passwords and keys."""

    key: str
    labels: dict[str, str]
    default: str
    secret: bool = False

    def label(self, lang: str | None = None) -> str:
        return _text(self.labels, lang)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "labels": dict(self.labels), "label": self.label(), "default": self.default,
                "secret": self.secret}


@dataclass(frozen=True)
class CloudProperty:
    """A property of the product the solution's tutorial creates in the IoT console."""

    id: str
    type: str                  # int32, float, double, bool, text, enum
    access: str                # "r" (the device reports it) or "rw" (the cloud sets it too)
    names: dict[str, str]      # what the tutorial calls it, en and zh_CN

    def name(self, lang: str | None = None) -> str:
        return _text(self.names, lang)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "access": self.access, "names": dict(self.names)}


@dataclass(frozen=True)
class Setting:
    """A constant at the top of main.py that switches on something the template adds."""

    name: str
    texts: dict[str, str]

    def text(self, lang: str | None = None) -> str:
        return _text(self.texts, lang)


@dataclass(frozen=True)
class Variant:
    """One hardware variant of a template: the boards it is for and the shared modules it adds."""

    id: str
    boards: tuple[str, ...]
    lib: tuple[str, ...]
    folder: Path


@dataclass(frozen=True)
class Template:
    id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    hardware: dict[str, tuple[str, ...]]
    cloud: bool
    parameters: tuple[Parameter, ...]
    lib: tuple[str, ...]
    variants: tuple[Variant, ...]
    expect: tuple[str, ...]
    folder: Path
    upstream: str = ""
    properties: tuple[CloudProperty, ...] = ()
    settings: tuple[Setting, ...] = ()

    def name(self, lang: str | None = None) -> str:
        return _text(self.names, lang)

    def description(self, lang: str | None = None) -> str:
        return _text(self.descriptions, lang)

    def hardware_list(self, lang: str | None = None) -> list[str]:
        return list(_text(self.hardware, lang) or ())

    @property
    def boards(self) -> list[str]:
        """Every board id this template supports, in variant order."""
        return [b for v in self.variants for b in v.boards]

    def variant_for(self, board_id: str) -> Variant:
        for variant in self.variants:
            if board_id in variant.boards:
                return variant
        raise UsageError(_("Template '{template}' has no variant for board '{board}'.")
                         .format(template=self.id, board=board_id),
                         _("It supports: {boards}.").format(boards=", ".join(self.boards)))

    def to_json(self) -> dict[str, Any]:
        """What `haas-ide templates --json` prints for the template."""
        return {"id": self.id, "names": dict(self.names), "name": self.name(),
                "descriptions": dict(self.descriptions), "description": self.description(),
                "hardware": {k: list(v) for k, v in self.hardware.items()}, "cloud": self.cloud,
                "boards": self.boards, "variants": {v.id: list(v.boards) for v in self.variants},
                "parameters": [p.to_json() for p in self.parameters], "upstream": self.upstream,
                "properties": [p.to_json() for p in self.properties]}


# -- loading ---------------------------------------------------------------------------------------------
def _standard_parameters(root: Path) -> dict[str, Parameter]:
    path = root / LIB_DIR / "parameters.json"
    if not path.is_file():
        return {}
    return {key: _parameter(key, spec) for key, spec in json.loads(path.read_text(encoding="utf-8")).items()}


def _parameter(key: str, spec: dict[str, Any]) -> Parameter:
    return Parameter(key, dict(spec["labels"]), str(spec.get("default", "")), bool(spec.get("secret", False)))


def template_from_folder(folder: Path, standard: dict[str, Parameter] | None = None) -> Template:
    """Read one template folder (KeyError/ValueError when its template.json is malformed)."""
    data = json.loads((folder / TEMPLATE_FILE).read_text(encoding="utf-8"))
    standard = standard or {}
    parameters = tuple(standard[p] if isinstance(p, str) else _parameter(p["key"], p)
                       for p in data.get("parameters", ()))
    variants = tuple(Variant(vid, tuple(spec["boards"]), tuple(spec.get("lib", ())), folder / VARIANTS_DIR / vid)
                     for vid, spec in data["variants"].items())
    if data["id"] != folder.name:
        raise ValueError(f"{folder.name}: id {data['id']!r} differs from the folder name")
    properties = tuple(CloudProperty(p["id"], p["type"], p["access"], dict(p["names"]))
                       for p in data.get("properties", ()))
    settings = tuple(Setting(s["name"], {k: v for k, v in s.items() if k != "name"}) for s in data.get("settings", ()))
    return Template(id=data["id"], names=dict(data["names"]), descriptions=dict(data["descriptions"]),
                    hardware={k: tuple(v) for k, v in data.get("hardware", {}).items()}, cloud=bool(data["cloud"]),
                    parameters=parameters, lib=tuple(data.get("lib", ())), variants=variants,
                    expect=tuple(data.get("expect", ())), folder=folder, upstream=data.get("upstream", ""),
                    properties=properties, settings=settings)


@lru_cache(maxsize=4)
def _load(root: Path) -> dict[str, Template]:
    standard = _standard_parameters(root) or _standard_parameters(templates_dir().resolve())
    found: dict[str, Template] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / TEMPLATE_FILE).is_file()):
        if folder.name.startswith(("_", ".")):
            continue
        found[folder.name] = template_from_folder(folder, standard)
    return found


_extra_folders: list[Path] = []


def set_extra_folders(folders: list[Path]) -> None:
    """Template folders that plugins add (a plugin's template never replaces a shipped one)."""
    _extra_folders[:] = folders


def load_templates(root: Path | None = None) -> dict[str, Template]:
    """Every template by id (sorted), from `root` (default: the shipped templates folder and the
    folders plugins added)."""
    if root is not None:
        return dict(_load(root.resolve()))
    found = dict(_load(templates_dir().resolve()))
    for folder in _extra_folders:
        for template_id, template in _load(folder.resolve()).items():
            found.setdefault(template_id, template)
    return found


def get_template(template_id: str, root: Path | None = None) -> Template:
    templates = load_templates(root)
    if template_id not in templates:
        raise UsageError(_("Unknown template '{template}'.").format(template=template_id),
                         _("Known templates: {templates}.").format(templates=", ".join(templates)))
    return templates[template_id]


def templates_for_board(board_id: str, root: Path | None = None) -> list[Template]:
    return [t for t in load_templates(root).values() if board_id in t.boards]


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """{"key": "value"} from ["key=value", ...] (the values of `--set`)."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(_("'{pair}' is not KEY=VALUE.").format(pair=pair),
                             _("Write for example: --set wifi_ssid=MyNetwork"))
        values[key.strip()] = value
    return values


# -- creating a project ----------------------------------------------------------------------------------
@dataclass
class Created:
    """A new project: the files written and the parameters still holding their placeholder value."""

    project: Project
    files: list[str]
    placeholders: list[str]


def plan_files(template: Template, board_id: str) -> dict[str, Path]:
    """Project path -> source file for `board_id` (board.json excluded: it is generated)."""
    from ide.core.boards import get_board

    board = get_board(board_id)
    variant = template.variant_for(board_id)
    plan: dict[str, Path] = {}
    lib_root = template.folder.parent / LIB_DIR
    for entry in (*template.lib, *variant.lib):
        name, _sep, source = entry.partition("=")
        picked = lib_root / Path(name).stem / f"{board.wifi}.py"
        plan[name] = lib_root / source if source else picked if picked.is_file() else lib_root / name
    for folder in (template.folder, variant.folder):
        plan.update(_files_in(folder))
    plan.pop(BOARD_JSON, None)
    return dict(sorted(plan.items()))


def _files_in(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part in _SKIPPED or part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = path
    return found


def render_board_json(template: Template, board_id: str) -> str:
    """The variant's board.json with the board's own name, one node per line."""
    from ide.core.boards import get_board

    variant = template.variant_for(board_id)
    data = json.loads((variant.folder / BOARD_JSON).read_text(encoding="utf-8"))
    data["name"] = get_board(board_id).board_json_name
    return format_board_json(data)


def format_board_json(data: dict[str, Any]) -> str:
    """board.json text: one top-level key per line and one io node per line."""
    lines = []
    for key, value in data.items():
        if key == "io" and isinstance(value, dict) and value:
            nodes = [f'        {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}'
                     for k, v in value.items()]
            lines.append('    "io": {\n' + ",\n".join(nodes) + "\n    }")
        else:
            lines.append(f"    {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _check_values(template: Template, values: dict[str, str]) -> dict[str, str]:
    known = {p.key: p for p in template.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        hint = (_("Its parameters are: {keys}.").format(keys=", ".join(known)) if known
                else _("It has no parameters."))
        raise UsageError(_("Template '{template}' has no parameter {keys}.")
                         .format(template=template.id, keys=", ".join(unknown)), hint)
    return {key: values.get(key, p.default) for key, p in known.items()}


def _prepare_destination(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise ProjectError(_("{path} exists and is not a folder.").format(path=dest),
                           _("Choose a new folder for the project."))
    if dest.is_dir() and any(dest.iterdir()):
        raise ProjectError(_("{path} is not empty.").format(path=dest),
                           _("Choose a new or empty folder for the project."))


def create_project(dest: str | Path, template_id: str, board_id: str,
                   values: dict[str, str] | None = None, root: Path | None = None) -> Created:
    """Create a project in `dest` (new or empty folder) from a template for a board."""
    from ide.core.boards import get_board

    board = get_board(board_id)
    template = get_template(template_id, root)
    template.variant_for(board.id)
    final = _check_values(template, values or {})
    dest = Path(dest).expanduser().absolute()
    _prepare_destination(dest)
    plan = plan_files(template, board.id)
    missing = [str(src) for src in plan.values() if not src.is_file()]
    if missing:
        raise ProjectError(_("Template '{template}' is incomplete: {files}.").format(template=template.id,
                                                                                    files=", ".join(missing)))
    staging: Path | None = None
    try:
        staging = _existing_parent(dest) / f".haas-new-{secrets.token_hex(6)}"
        staging.mkdir()
        written = _populate(staging, template, board.id, plan, final)
        _move_into_place(staging, dest)
        init_project(dest, board.id, template.id)
    except OSError as exc:
        raise ProjectError(_("Cannot create the project in {path}: {reason}")
                           .format(path=dest, reason=exc.strerror or exc)) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    placeholders = [p.key for p in template.parameters if final[p.key] == p.default and p.default.startswith("your-")]
    return Created(Project(dest), written, placeholders)


def _existing_parent(dest: Path) -> Path:
    parent = dest.parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _populate(folder: Path, template: Template, board_id: str, plan: dict[str, Path],
              values: dict[str, str]) -> list[str]:
    for rel, source in plan.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    written = [*plan]
    if (template.variant_for(board_id).folder / BOARD_JSON).is_file():  # stock MicroPython needs none
        (folder / BOARD_JSON).write_text(render_board_json(template, board_id), encoding="utf-8", newline="\n")
        written.append(BOARD_JSON)
    if template.parameters:
        text = json.dumps(values, ensure_ascii=False, indent=2) + "\n"
        (folder / CREDENTIALS_FILE).write_text(text, encoding="utf-8", newline="\n")
        (folder / CREDENTIALS_FILE).chmod(0o600)   # passwords: readable by the user only
        written.append(CREDENTIALS_FILE)
    return sorted(written)


def _move_into_place(staging: Path, dest: Path) -> None:
    if dest.is_dir():
        for entry in staging.iterdir():
            os.replace(entry, dest / entry.name)
    else:
        os.replace(staging, dest)
