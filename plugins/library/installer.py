"""Adding, removing and restoring driver libraries in a project.

Where the files go: the project's root, keeping the archive's folders (mpu6050.py next to main.py,
ui_lite's music/music.py in music/). A deploy copies the project into the board's app folder
/data/pyamp, which is on the firmware's sys.path; that is also where the templates put their
drivers. The archive's top folder is stripped as upip does on the board, so paths the package
uses still work.

What was added is recorded in the project's .haas-project.json under "libraries" (a file that
goes into git with the project, so a clone can be rebuilt, and never to the board): one entry
per package with its name, version, the archive's file name and sha256, and every file added
with its sha256. The record lets `lib restore` rebuild the files, and lets `lib remove` delete
exactly those files, keeping any the user has changed since. A file that is already in the
project and did not come from this package is never overwritten without --force.

.haas-project.json is shared through git, so its paths are not trusted: every recorded path, like
every archive path, must stay inside the project once links are followed (`project_path`), or
the command does nothing and says which entry to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ide import api

from . import catalog
from .archive import BadArchive, module_files, safe_path
from .cache import sha256
from .errors import LibraryError, not_in_project
from .source import Source

_ = api.translator(__file__)
KEY = "libraries"


@dataclass
class Outcome:
    """What an operation did, as lines for the user; `changed` when project files changed."""

    lines: list[str] = field(default_factory=list)
    changed: bool = False


# -- the record ---------------------------------------------------------------------------------------
def records(folder: Path) -> list[dict[str, Any]]:
    """The libraries recorded for the project in `folder`, by name."""
    value = api.project_value(folder, KEY, [], shared=True)
    valid = [r for r in value if _valid(r)] if isinstance(value, list) else []
    for record in valid:
        for rel in record["files"]:
            project_path(folder, rel)
    return sorted(valid, key=lambda r: r["name"])


def project_path(folder: Path, rel: str) -> Path:
    """`folder / rel`, which must stay inside the project with links followed; a `LibraryError`
    otherwise (HaaS IDE never reads, writes or deletes anything outside a project)."""
    path = folder / rel
    root = folder.resolve()
    if safe_path(rel) is None or root not in path.resolve().parents:
        raise LibraryError(_("{file} is outside the project, so it is never read, written or deleted; "
                             "nothing was changed.").format(file=rel),
                           _("If .haas-project.json names it, fix or remove that entry (the file comes with "
                             "shared copies of the project)."))
    return path


def _valid(record: Any) -> bool:
    keys = ("name", "version", "filename", "sha256")
    return (isinstance(record, dict) and all(isinstance(record.get(k), str) for k in keys)
            and isinstance(record.get("files"), dict))


def _save(folder: Path, entries: list[dict[str, Any]]) -> None:
    api.set_project_value(folder, KEY, sorted(entries, key=lambda r: r["name"]) or None, shared=True)


def find_record(entries: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    name = catalog.canonical(text)
    return next((r for r in entries if r["name"] in (name, catalog.PREFIX + name)), None)


def file_state(folder: Path, rel: str, digest: str) -> str:
    """"ok", "changed" or "missing"."""
    path = project_path(folder, rel)
    if not path.is_file():
        return "missing"
    return "ok" if sha256(path.read_bytes()) == digest else "changed"


# -- add ----------------------------------------------------------------------------------------------
def add(source: Source, folder: Path, text: str, version: str | None = None, force: bool = False) -> Outcome:
    """Add package `text` ("mpu6050", "haas-python-mpu6050") at `version` (default latest)."""
    folder = Path(folder)
    entries = records(folder)
    name = catalog.resolve_name(source.index(), text)
    release = source.release(name, version)
    old = find_record(entries, name)
    if old and old["sha256"] == release.sha256 and _intact(folder, old):
        return Outcome([_("{name} {version} is already in the project; nothing to do.")
                        .format(name=name, version=release.version)])
    files = _module_files(release.filename, source.archive(release))
    others = [r for r in entries if r["name"] != name]
    _refuse_conflicts(folder, files, old, others, force)
    outcome = Outcome(changed=True)
    for rel, content in files.items():
        _write(folder, rel, content)
    if old:
        _drop_obsolete(folder, old, set(files), others, outcome)
    record = {"name": name, "version": release.version, "filename": release.filename, "sha256": release.sha256,
              "files": {rel: sha256(content) for rel, content in files.items()}}
    _save(folder, [*others, record])
    outcome.lines.insert(0, _added_line(name, old, release.version, files))
    outcome.lines += _ignored_notes(folder, files)
    return outcome


def _intact(folder: Path, record: dict[str, Any]) -> bool:
    return all(file_state(folder, rel, digest) == "ok" for rel, digest in record["files"].items())


def _module_files(filename: str, data: bytes) -> dict[str, bytes]:
    try:
        files = module_files(filename, data)
    except BadArchive as exc:
        raise LibraryError(_("{file} is not a usable archive: {error}").format(file=filename, error=exc)) from exc
    if not files:
        raise LibraryError(_("{file} holds no module files.").format(file=filename))
    return files


def _refuse_conflicts(folder: Path, files: dict[str, bytes], old: dict | None, others: list[dict],
                      force: bool) -> None:
    problems = [_conflict(folder, rel, content, old, others) for rel, content in files.items()]
    problems = [p for p in problems if p]
    if problems and not force:
        raise LibraryError(_("Not added, to keep files that are already in the project: {files}.")
                           .format(files="; ".join(problems)),
                           _("Rename or move those files, or add with --force to overwrite them."))


def _conflict(folder: Path, rel: str, content: bytes, old: dict | None, others: list[dict]) -> str:
    """Why writing `rel` would lose something (a text naming the file), or ""."""
    path = project_path(folder, rel)
    blocking = next((p for p in path.parents if folder in p.parents and p.is_file()), None)
    if blocking is not None:
        return _("{file} is a file, not a folder").format(file=blocking.relative_to(folder).as_posix())
    if not path.exists():
        return ""
    if not path.is_file():
        return _("{file} is a folder").format(file=rel)
    current = sha256(path.read_bytes())
    if current == sha256(content) or (old and old["files"].get(rel) == current):
        return ""
    owner = next((r["name"] for r in others if rel in r["files"]), None)
    if owner:
        return _("{file} comes from {library}").format(file=rel, library=owner)
    mine = old and rel in old["files"]
    return (_("{file} was changed by you") if mine else _("{file} is your own file")).format(file=rel)


def _write(folder: Path, rel: str, content: bytes) -> None:
    path = project_path(folder, rel)
    if path.is_file() and path.read_bytes() == content:
        return
    api.write_atomic(path, content)


def _drop_obsolete(folder: Path, old: dict, keep: set[str], others: list[dict], outcome: Outcome) -> None:
    for rel, digest in old["files"].items():
        if rel not in keep:
            line = _delete(folder, rel, digest, others, force=False)
            if line:
                outcome.lines.append(line)


def _added_line(name: str, old: dict | None, version: str, files: dict[str, bytes]) -> str:
    listed = ", ".join(files)
    if old and old["version"] != version:
        return _("Updated {name} from {old} to {version}: {files}").format(name=name, old=old["version"],
                                                                          version=version, files=listed)
    return _("Added {name} {version}: {files}").format(name=name, version=version, files=listed)


def _ignored_notes(folder: Path, files: dict[str, bytes]) -> list[str]:
    deployed = {f.rel for f in api.project_files(folder)}
    return [_("Note: {file} is left out of deploys by .haasignore.").format(file=rel)
            for rel in files if rel not in deployed]


# -- remove -------------------------------------------------------------------------------------------
def remove(folder: Path, text: str, force: bool = False) -> Outcome:
    """Remove the files recorded for package `text` (changed ones stay unless `force`)."""
    folder = Path(folder)
    entries = records(folder)
    record = find_record(entries, text)
    if record is None:
        raise not_in_project(catalog.resolve_name({}, text))
    others = [r for r in entries if r is not record]
    outcome = Outcome([_("Removed {name} {version}.").format(name=record["name"], version=record["version"])], True)
    for rel, digest in record["files"].items():
        line = _delete(folder, rel, digest, others, force)
        if line:
            outcome.lines.append(line)
    _save(folder, others)
    return outcome


def _delete(folder: Path, rel: str, digest: str, others: list[dict], force: bool) -> str:
    """Delete a recorded file unless it was changed or another library has it; why not, or ""."""
    state = file_state(folder, rel, digest)
    if state == "missing":
        return ""
    owner = next((r["name"] for r in others if rel in r["files"]), None)
    if owner:
        return _("Kept {file}: {library} has it too.").format(file=rel, library=owner)
    if state == "changed" and not force:
        return _("Kept {file}: it was changed since it was added (--force deletes it).").format(file=rel)
    path = project_path(folder, rel)
    path.unlink()
    _prune(folder, path.parent)
    return ""


def _prune(folder: Path, directory: Path) -> None:
    """Remove folders left empty, up to (not including) the project folder."""
    while directory != folder and folder in directory.parents and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


# -- restore ------------------------------------------------------------------------------------------
def restore(source: Source, folder: Path, force: bool = False) -> Outcome:
    """Put back the recorded files of every recorded library (from the cache or PyPI)."""
    folder = Path(folder)
    entries = records(folder)
    if not entries:
        return Outcome([_("This project has no libraries recorded.")])
    outcome = Outcome()
    for record in entries:
        _restore_one(source, folder, record, force, outcome)
    return outcome


def _restore_one(source: Source, folder: Path, record: dict, force: bool, outcome: Outcome) -> None:
    states = {rel: file_state(folder, rel, digest) for rel, digest in record["files"].items()}
    wanted = [rel for rel, state in states.items() if state == "missing" or (state == "changed" and force)]
    kept = [rel for rel, state in states.items() if state == "changed" and not force]
    if wanted:
        files = _module_files(record["filename"], source.recorded_archive(record))
        for rel in wanted:
            if rel in files:
                _write(folder, rel, files[rel])
        outcome.changed = True
        outcome.lines.append(_("Restored {name} {version}: {files}").format(
            name=record["name"], version=record["version"], files=", ".join(wanted)))
    else:
        outcome.lines.append(_("{name} {version} is complete.").format(name=record["name"], version=record["version"]))
    outcome.lines += [_("Kept {file}: it was changed since it was added (--force restores it).").format(file=rel)
                      for rel in kept]
