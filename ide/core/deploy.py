"""Deploy a project: survey the board, plan, then apply (send what changed), then run main.py.

The project on the host is the source of truth for the files a deploy owns. The board keeps a
small manifest (`.haas-manifest` in the app folder) of the files deploys wrote there; a deploy
deletes only manifest files that left the project, so files the program or the user wrote stay.
`mirror` (an explicit action, with a preview) deletes everything else in the app folder too,
except the firmware's own `/boot.py` and `/lib` when the app folder is the root.
The app folder follows the firmware (see `ide.core.link.survey`) unless the project pins it.

Space is checked before anything changes: bytes added minus bytes freed by replaced and deleted
files and stale temporary files, plus the temporary copy in flight, in the file system's blocks
(`space_needed` follows the order files are written in, so a same-size change always fits).
Every exit path leaves the board usable: on an error, a lost connection or a Ctrl-C the board is
brought back to its friendly prompt, and a stop says which files were written and which were not.
"""

from __future__ import annotations

import hashlib
import posixpath
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from ide.core.errors import BoardError, IdeError, ProjectError
from ide.core.link import agent
from ide.core.link.connection import Cancelled
from ide.core.link.rawrepl import RawRepl
from ide.core.link.survey import BoardInfo, Survey, survey
from ide.core.link.transfer import FileWriter, Progress, encode
from ide.i18n import _

APP_DIR = agent.HAAS_APP_DIR
TEMP_SUFFIXES = agent.TEMP_SUFFIXES
MANIFEST_HEADER = "# haas-ide: files deploys wrote in this folder; other files are never deleted by a deploy\n"
ROOT_KEEPS = ("boot.py", "lib/")  # a mirror of the root folder leaves the firmware's files alone

Status = Callable[[str], None]


@dataclass(frozen=True)
class LocalFile:
    rel: str  # POSIX path relative to the project root
    host: Path
    size: int
    sha256: str

    @classmethod
    def read(cls, rel: str, host: Path) -> "LocalFile":
        data = read_project_file(rel, host)
        return cls(rel, host, len(data), hashlib.sha256(data).hexdigest())


def read_project_file(rel: str, host: Path) -> bytes:
    """The bytes of a project file; a file that cannot be read is the user's to fix."""
    try:
        return host.read_bytes()
    except OSError as exc:
        raise ProjectError(_("Cannot read {file}: {reason}").format(file=rel, reason=exc.strerror or exc),
                           _("Make the file readable, or leave it out of deploys in .haasignore.")) from None


@dataclass(frozen=True)
class Plan:
    """What a deploy does; paths are relative to the board's app folder (`board.target`)."""

    board: BoardInfo
    writes: tuple[LocalFile, ...]
    unchanged: tuple[LocalFile, ...]
    deletes: tuple[str, ...]           # files deploys wrote that left the project (mirror: all others)
    stale: tuple[str, ...] = ()        # temporary files a cut-off deploy left
    remove_dirs: tuple[str, ...] = ()  # folders removed when empty, deepest first
    sizes: dict = field(default_factory=dict)  # board rel -> its size there now
    manifest: tuple[str, ...] | None = None    # the manifest after the deploy; None: unchanged
    skipped: tuple[str, ...] = ()              # project files left out: links to something outside the project

    @property
    def app_dir(self) -> str:
        return self.board.target

    def board_path(self, item: LocalFile | str) -> str:
        return self.board.board_path(item if isinstance(item, str) else item.rel)

    def is_empty(self) -> bool:
        return not (self.writes or self.deletes or self.stale or self.remove_dirs or self.manifest is not None)

    def describe(self) -> list[str]:
        """Human-readable lines, one per action."""
        lines = [_("write     {path} ({size} bytes)").format(path=self.board_path(f), size=f.size) for f in self.writes]
        lines += [_("unchanged {path}").format(path=self.board_path(f)) for f in self.unchanged]
        lines += [_("delete    {path}").format(path=self.board_path(rel)) for rel in self.deletes]
        lines += [_("clean     {path} (left by a deploy that was cut off)").format(path=self.board_path(rel))
                  for rel in self.stale]
        lines += [_("skipped   {file} (a link to something outside the project)").format(file=rel)
                  for rel in self.skipped]
        return lines


@dataclass
class DeployResult:
    plan: Plan | None  # None until the survey
    bytes_out: int = 0
    bytes_in: int = 0
    payload: int = 0
    seconds: dict = field(default_factory=dict)
    written: list[str] = field(default_factory=list)  # files completed, in the order written

    def summary(self) -> dict:
        board = self.plan.board.to_json()
        return {"written": [f.rel for f in self.plan.writes], "unchanged": [f.rel for f in self.plan.unchanged],
                "deleted": list(self.plan.deletes), "skipped": list(self.plan.skipped),
                "bytes_out": self.bytes_out, "bytes_in": self.bytes_in,
                "payload_bytes": self.payload, "seconds": {k: round(v, 4) for k, v in self.seconds.items()},
                "micropython": board["version"], **board}


class DeployStopped(IdeError):
    """The user stopped a deploy (Ctrl-C, the Stop button); the board is back at its prompt."""

    def __init__(self, written: list[str], not_written: list[str], atomic: bool) -> None:
        self.written, self.not_written = written, not_written
        message = _("Deploy stopped. Written: {written}. Not written: {missing}.").format(
            written=", ".join(written) or _("nothing"), missing=", ".join(not_written) or _("nothing"))
        hint = (_("Every file on the board is either old or new; deploy again to finish.") if atomic else
                _("This board cannot rename files: the file being written when you stopped may be incomplete; "
                  "deploy again to finish."))
        super().__init__(message, hint)


def local_files(pairs: Iterable[tuple[str, Path]]) -> list[LocalFile]:
    return [LocalFile.read(rel, host) for rel, host in pairs]


# -- plan ----------------------------------------------------------------------------------------
def check_supported(board: BoardInfo, files: list[LocalFile]) -> None:
    """Refuse, in one line naming what the board lacks, a project this firmware cannot hold."""
    if board.folders:
        return
    nested = [f.rel for f in files if "/" in f.rel]
    if nested:
        raise BoardError(_("This board's file system has no folders (its firmware lacks os.mkdir), so {path} "
                           "cannot go there.").format(path=nested[0]),
                         _("Keep every file at the top of the project for this board."))
    if board.caps.get("a") not in ("", "/"):
        raise BoardError(_("This board's file system has no folders (its firmware lacks os.mkdir), so the app "
                           "folder {folder} cannot be used.").format(folder=board.caps.get("a")),
                         _("Deploy to / instead (remove the pinned app folder or use --app-dir /)."))


def make_plan(files: list[LocalFile], found: Survey, mirror: bool | Iterable[str] = False) -> Plan:
    """Compare the project with what the survey found. `mirror`: also delete every other file in
    the app folder (an iterable: only those of them, as a preview showed)."""
    board = found.board
    writes, unchanged = [], []
    for item in sorted(files, key=lambda f: f.rel):
        size, digest = found.remote.get(item.rel, (-1, ""))
        same = board.hashes and size == item.size and digest == item.sha256[:agent.DIGEST_HEX]
        (unchanged if same else writes).append(item)
    project = {f.rel for f in files}
    deletes = {rel for rel, size in found.owned.items() if size >= 0}  # manifest files that left the project
    if mirror:
        deletes |= mirror_extras(found, project, None if mirror is True else set(mirror))
    stale = sorted(rel for rel in found.temps if rel not in project)
    sizes = {rel: size for rel, (size, _d) in found.remote.items() if size >= 0}
    sizes.update({rel: size for rel, size in {**found.owned, **found.temps}.items() if size >= 0})
    return Plan(board, tuple(writes), tuple(unchanged), tuple(sorted(deletes)), tuple(stale),
                _emptied_folders(deletes | set(stale), project, found), sizes,
                None if found.manifest_is(project) else tuple(sorted(project)))


def mirror_extras(found: Survey, project: set[str], allowed: set[str] | None = None) -> set[str]:
    """Files in the app folder the project does not have (what a mirror deletes)."""
    extras = {rel for rel, size in found.listing.items()
              if size >= 0 and rel not in project and rel != agent.MANIFEST and not rel.endswith(TEMP_SUFFIXES)
              and not _kept(found, rel)}
    return extras if allowed is None else extras & allowed


def _kept(found: Survey, rel: str) -> bool:
    """The firmware's own files, which a mirror of the root folder leaves alone."""
    keeps = ROOT_KEEPS if found.board.target == "/" else ()
    return any(rel == keep.rstrip("/") or (keep.endswith("/") and rel.startswith(keep)) for keep in keeps)


def _emptied_folders(gone: set[str], project: set[str], found: Survey) -> tuple[str, ...]:
    """Folders that may be left empty (removed only if they are), deepest first."""
    used = {posixpath.dirname(rel) for rel in project}
    used |= {parent for rel in used for parent in _parents(rel)}
    folders = {parent for rel in gone for parent in _parents(posixpath.dirname(rel))}
    folders |= {rel for rel, size in found.listing.items() if size < 0 and not _kept(found, rel)}
    return tuple(sorted(folders - used - {""}, key=lambda d: (-d.count("/"), d)))


def _parents(folder: str) -> list[str]:
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


# -- space -------------------------------------------------------------------------------------
def space_needed(plan: Plan, encoded: dict[str, tuple[bytes, bool]]) -> int:
    """Bytes the deploy needs free, in the file system's blocks: deleted and stale files go first,
    then each file in `_in_space_order` takes its new size minus its old one, and while it travels
    also its temporary copy (and compressed copy); the most this ever adds up to, plus the
    folders it makes and the manifest."""
    block = plan.board.block_size

    def blocks(size: int) -> int:
        return -(-max(0, size) // block) * block

    usage = -sum(blocks(plan.sizes.get(rel, 0)) for rel in plan.deletes + plan.stale)
    peak = usage
    for item in _in_space_order(plan):
        old, new = blocks(plan.sizes.get(item.rel, 0)), blocks(item.size)
        payload, packed = encoded[item.rel]
        travelling = (blocks(len(payload)) if packed else 0) + (new if plan.board.atomic else max(0, new - old))
        peak = max(peak, usage + travelling)
        usage += new - old
    bookkeeping = (len(_new_folders(plan)) + 2 * (plan.manifest is not None)) * block  # manifest: old and new
    return max(peak, usage) + bookkeeping


def _new_folders(plan: Plan) -> set[str]:
    """Folders new files need that hold no file the board has (an estimate: the survey lists files)."""
    present = {parent for rel in plan.sizes for parent in _parents(posixpath.dirname(rel))}
    wanted = {parent for f in plan.writes if f.rel not in plan.sizes for parent in _parents(posixpath.dirname(f.rel))}
    return wanted - present


def check_space(plan: Plan, encoded: dict[str, tuple[bytes, bool]]) -> None:
    free, need = plan.board.free, space_needed(plan, encoded)
    if 0 <= free < need:
        raise BoardError(_("The board's file system is full: {free} KB free, the deploy needs about {need} KB.").format(
            free=free // 1024, need=-(-need // 1024)),
            _("Delete files on the board or make the project smaller; nothing was changed."))


# -- apply ---------------------------------------------------------------------------------------
def apply(repl: RawRepl, plan: Plan, on_progress: Progress | None = None, written: list[str] | None = None) -> int:
    """Carry out the plan; return the payload bytes sent. `written` collects the files done."""
    written = [] if written is None else written
    if plan.is_empty():
        return 0
    caps = plan.board.caps
    encoded = {f.rel: encode(read_project_file(f.rel, f.host), caps) for f in plan.writes}
    check_space(plan, encoded)
    writer = FileWriter(repl, plan.board, on_progress)
    writer.prepare(_setup_code(plan))
    if plan.manifest is not None:  # first: a deploy cut off later leaves no file it wrote unlisted
        _write_manifest(writer, plan, plan.manifest)
    sent = 0
    for item in _in_space_order(plan):
        data = read_project_file(item.rel, item.host)
        sent += writer.put(plan.board_path(item), data, item.sha256, encoded[item.rel])
        written.append(item.rel)
    return sent


def _in_space_order(plan: Plan) -> list[LocalFile]:
    """Files that shrink go first: the space in use peaks lowest that way."""
    return sorted(plan.writes, key=lambda f: (f.size - plan.sizes.get(f.rel, 0), f.rel))


def _setup_code(plan: Plan) -> str:
    """Board code run before the transfer: delete and clean, then make the folders new files need."""
    code = ""
    if plan.deletes or plan.stale or plan.remove_dirs:
        files = [plan.board_path(rel) for rel in plan.deletes + plan.stale]
        code += f"_d({files!r},{[plan.board_path(d) for d in plan.remove_dirs]!r})\n"
    new = {posixpath.dirname(f.rel) for f in plan.writes if f.rel not in plan.sizes}
    folders = {plan.board_path(d).rstrip("/") for d in new if d or plan.board.prefix not in ("", "/")}
    for folder in sorted(d for d in folders if not any(o.startswith(d + "/") for o in folders)):
        code += f"_m({folder!r})\n"
    return code


def _write_manifest(writer: FileWriter, plan: Plan, rels: Iterable[str]) -> None:
    text = (MANIFEST_HEADER + "".join(rel + "\n" for rel in rels)).encode("utf-8")
    writer.put(plan.board_path(agent.MANIFEST), text, hashlib.sha256(text).hexdigest(), (text, False), report=False)


def upload(repl: RawRepl, item: LocalFile, folder: str, on_progress: Progress | None = None) -> int:
    """Send one file (`item.rel` is its name) into board `folder` the way a deploy sends files, for
    the file browser; the deploy manifest is left alone."""
    found = survey(repl, [(item.rel, item.size)], folder)
    size = found.remote.get(item.rel, (-1, ""))[0]
    return apply(repl, Plan(found.board, (item,), (), (), sizes={item.rel: size} if size >= 0 else {}), on_progress)


# -- the whole flow -----------------------------------------------------------------------------
def deploy(repl: RawRepl, files: list[LocalFile], app_dir: str | None = None, dry_run: bool = False,
           run: bool = True, mirror: bool | Iterable[str] = False, on_progress: Progress | None = None,
           on_status: Status | None = None, skipped: Iterable[str] = ()) -> DeployResult:
    """Survey, plan and apply on a connected board, then soft-reset so main.py runs (unless `run`
    is off). `app_dir` pins the target folder (None: the one the firmware runs); `skipped` names
    project files left out (links outside the project), for the plan to list. Whatever ends
    it early (an error, a lost board, the caller's cancel, Ctrl-C) leaves the board at its
    friendly prompt; a stop raises DeployStopped, which names the files written and not."""
    if not files:
        raise ProjectError(_("The project has no files to deploy."), _("Add a main.py to the project."))
    result = DeployResult(None)  # the plan comes with the survey
    try:
        _run(repl, files, result, app_dir, dry_run, run, mirror, on_progress, on_status, tuple(skipped))
    except BaseException as exc:
        repl.recover()
        if isinstance(exc, (Cancelled, KeyboardInterrupt)):
            plan = result.plan
            pending = [f.rel for f in (plan.writes if plan else files) if f.rel not in result.written]
            raise DeployStopped(result.written, pending, plan is None or plan.board.atomic) from None
        raise
    result.bytes_out, result.bytes_in = repl.conn.bytes_out, repl.conn.bytes_in
    return result


def _run(repl: RawRepl, files: list[LocalFile], result: DeployResult, app_dir: str | None, dry_run: bool,
         run: bool, mirror: bool | Iterable[str], on_progress: Progress | None, on_status: Status | None,
         skipped: tuple[str, ...]) -> None:
    timings = result.seconds
    mark = time.monotonic()
    repl.enter()
    timings["connect"] = time.monotonic() - mark
    mark = time.monotonic()
    found = survey(repl, [(f.rel, f.size) for f in files], app_dir, full=bool(mirror))
    check_supported(found.board, files)
    result.plan = replace(make_plan(files, found, mirror), skipped=skipped)
    timings["plan"] = time.monotonic() - mark
    if on_status:
        on_status(found.board.describe())
    if dry_run:
        repl.exit()
        return
    mark = time.monotonic()
    result.payload = apply(repl, result.plan, on_progress, result.written)
    timings["apply"] = time.monotonic() - mark
    if run:
        mark = time.monotonic()
        repl.run_main()
        timings["reset"] = time.monotonic() - mark
    else:
        repl.exit()  # leave the board in its friendly REPL, as other tools expect
