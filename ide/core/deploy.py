"""Deploy a project: plan (compare with the board in one call), then apply (send what changed).

The project on the host is the source of truth; the board's app folder (`/data/pyamp` on HaaS)
is build output: files removed from the project are deleted there, and nothing outside it
(`/boot.py`, `/lib/*`) is ever touched. Each file is written under a temporary name, checked
against its SHA-256 on the board and renamed over the old one, so a deploy cut off at any byte
leaves every file either old or new. Files travel as raw bytes (compressed when the board can
inflate and it pays), in acknowledged windows.
"""

from __future__ import annotations

import ast
import hashlib
import re
import time
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from mpremote.transport import TransportExecError

from ide.core.errors import BoardError, ProjectError
from ide.core.link import agent
from ide.core.link.rawrepl import RawRepl
from ide.i18n import _

APP_DIR = "/data/pyamp"
TEMP_SUFFIXES = (".~tmp", ".~tmpz")
ZLIB_WBITS = 12  # a 4 KiB window: uzlib allocates the window on the board
COMPRESS_GAIN = 0.95  # send compressed only when it saves at least 5 %
# A full file system: MicroPython's errno table has no ENOSPC, so a board prints "OSError: 28"
_NO_SPACE = re.compile(r"ENOSPC|Errno 28\b|OSError: 28$")

Progress = Callable[[str, int, int], None]  # (board path, bytes done, bytes total)


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
    app_dir: str
    writes: tuple[LocalFile, ...]
    unchanged: tuple[LocalFile, ...]
    deletes: tuple[str, ...]  # board paths of files
    make_dirs: tuple[str, ...]
    remove_dirs: tuple[str, ...]
    capabilities: dict = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # project files left out: links to something outside the project

    def board_path(self, item: LocalFile) -> str:
        return f"{self.app_dir}/{item.rel}"

    def describe(self) -> list[str]:
        """Human-readable lines, one per action."""
        lines = [_("write     {path} ({size} bytes)").format(path=self.board_path(f), size=f.size) for f in self.writes]
        lines += [_("unchanged {path}").format(path=self.board_path(f)) for f in self.unchanged]
        lines += [_("delete    {path}").format(path=path) for path in self.deletes]
        lines += [_("skipped   {file} (a link to something outside the project)").format(file=rel)
                  for rel in self.skipped]
        return lines


@dataclass
class DeployResult:
    plan: Plan
    bytes_out: int = 0
    bytes_in: int = 0
    payload: int = 0
    seconds: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {"written": [f.rel for f in self.plan.writes], "unchanged": [f.rel for f in self.plan.unchanged],
                "deleted": list(self.plan.deletes), "skipped": list(self.plan.skipped),
                "bytes_out": self.bytes_out, "bytes_in": self.bytes_in,
                "payload_bytes": self.payload, "seconds": {k: round(v, 4) for k, v in self.seconds.items()},
                "micropython": ".".join(map(str, self.plan.capabilities.get("ver", ()))),
                "free_bytes": self.plan.capabilities.get("free", -1)}


def local_files(pairs: Iterable[tuple[str, Path]]) -> list[LocalFile]:
    return [LocalFile.read(rel, host) for rel, host in pairs]


# -- plan ----------------------------------------------------------------------------------------
def survey(repl: RawRepl, app_dir: str = APP_DIR) -> tuple[dict, dict[str, tuple[int, str]]]:
    """One call: the board's capabilities and every entry under `app_dir` (path -> (size, sha256));
    folders have size -1."""
    out = repl.exec(agent.SURVEY + f"_c({app_dir!r})\n_l({app_dir!r})\n")
    lines = out.decode("utf-8").splitlines()
    capabilities = ast.literal_eval(lines[0])
    entries = {}
    for line in lines[1:]:
        path, size, digest = ast.literal_eval(line)
        entries[path] = (size, digest)
    return capabilities, entries


def make_plan(files: list[LocalFile], remote: dict[str, tuple[int, str]], capabilities: dict,
              app_dir: str = APP_DIR) -> Plan:
    writes, unchanged = [], []
    wanted_dirs = set()
    for item in sorted(files, key=lambda f: f.rel):
        path = f"{app_dir}/{item.rel}"
        parts = item.rel.split("/")[:-1]
        wanted_dirs.update(f"{app_dir}/" + "/".join(parts[:i]) for i in range(1, len(parts) + 1))
        size, digest = remote.get(path, (None, None))
        same = size == item.size and digest == item.sha256 and capabilities.get("sha256")
        (unchanged if same else writes).append(item)
    local_paths = {f"{app_dir}/{f.rel}" for f in files}
    deletes = sorted(p for p, (size, _d) in remote.items() if size >= 0 and p not in local_paths)
    remote_dirs = {p for p, (size, _d) in remote.items() if size < 0}
    make_dirs = sorted(d for d in wanted_dirs if d not in remote_dirs)
    remove_dirs = sorted((d for d in remote_dirs if d not in wanted_dirs), key=len, reverse=True)
    return Plan(app_dir, tuple(writes), tuple(unchanged), tuple(deletes), tuple(make_dirs),
                tuple(remove_dirs), capabilities)


# -- apply ---------------------------------------------------------------------------------------
def encode(data: bytes, capabilities: dict) -> tuple[bytes, bool]:
    """What travels for `data`: zlib-compressed when the board can inflate and it saves enough."""
    if capabilities.get("z"):
        packer = zlib.compressobj(9, zlib.DEFLATED, ZLIB_WBITS)
        packed = packer.compress(data) + packer.flush()
        if len(packed) < COMPRESS_GAIN * len(data):
            return packed, True
    return data, False


def apply(repl: RawRepl, plan: Plan, on_progress: Progress | None = None) -> int:
    """Carry out the plan; return the payload bytes sent."""
    caps = plan.capabilities
    if not (plan.writes or plan.deletes or plan.make_dirs or plan.remove_dirs):
        return 0
    _check_space(plan)
    repl.exec(agent.RECEIVER)
    if plan.make_dirs:
        repl.exec("".join(f"_m({d!r})\n" for d in plan.make_dirs))
    sent = 0
    streaming = caps.get("stdin") and caps.get("kbd")
    for item in plan.writes:
        data = read_project_file(item.rel, item.host)
        if streaming:
            sent += _put_streamed(repl, plan.board_path(item), data, item.sha256, caps, on_progress)
        else:
            sent += _put_by_exec(repl, plan.board_path(item), data, item.sha256, caps, on_progress)
    if plan.deletes or plan.remove_dirs:
        _run(repl, f"_d({list(plan.deletes)!r},{list(plan.remove_dirs)!r})", "")
    return sent


def _check_space(plan: Plan) -> None:
    free = plan.capabilities.get("free", -1)
    if free < 0 or not plan.writes:
        return
    need = sum(f.size for f in plan.writes) + max(f.size for f in plan.writes)
    if need > free:
        raise BoardError(_("The board's file system is full: {free} KB free, the deploy needs about {need} KB.").format(
            free=free // 1024, need=need // 1024 + 1),
            _("Delete files on the board or make the project smaller; nothing was changed."))


def _put_streamed(repl: RawRepl, path: str, data: bytes, digest: str, caps: dict,
                  on_progress: Progress | None) -> int:
    payload, packed = encode(data, caps)
    zsize = len(payload) if packed else 0
    repl.exec_raw_no_follow(f"_p({path!r},{len(data)},{zsize},{digest if caps.get('sha256') else ''!r},{agent.WINDOW})")
    conn = repl.conn
    _ready(repl, path)
    credit, sent = 2 * agent.WINDOW, 0  # the board's receive buffer holds two windows
    while sent < len(payload):
        credit += _acks(repl, path, block=credit <= 0)
        if credit > 0:
            chunk = payload[sent:sent + min(credit, agent.WINDOW)]
            conn.write(chunk)
            sent += len(chunk)
            credit -= len(chunk)
            if on_progress:
                on_progress(path, sent, len(payload))
    _finish(repl, path)
    return len(payload)


def _ready(repl: RawRepl, path: str) -> None:
    """Wait for the receiver's first \x01 (it is reading); a \x04 instead means it failed."""
    data = repl.conn.read_some(repl.timeout)
    if data[:1] == b"\x01":
        repl.conn.unread(data[1:])
        return
    repl.conn.unread(data)
    _finish(repl, path)
    raise BoardError(_("The board stopped receiving {path}.").format(path=path))


def _acks(repl: RawRepl, path: str, block: bool) -> int:
    """Credit from the board's \\x01 acknowledgements; an early \\x04 means the board failed."""
    data = repl.conn.read_some(repl.timeout if block else 0.0)
    if block and not data:
        raise BoardError(_("The board stopped receiving {path}.").format(path=path),
                         _("Press the board's reset button and deploy again; files are either old or new."))
    end = data.find(b"\x04")
    if end >= 0:
        repl.conn.unread(data[end:])
        _finish(repl, path)
        raise BoardError(_("The board stopped receiving {path}.").format(path=path))
    return data.count(b"\x01") * agent.WINDOW


def _finish(repl: RawRepl, path: str) -> None:
    _out, err = repl.follow()
    if err:
        raise _board_write_error(path, err.decode("utf-8", "replace"))


def _put_by_exec(repl: RawRepl, path: str, data: bytes, digest: str, caps: dict,
                 on_progress: Progress | None) -> int:
    """Fallback for boards without binary stdin: base64 (or repr) chunks through exec."""
    temp = path + ".~tmp"
    _run(repl, f"f=open({temp!r},'wb')", path)
    sent = 0
    for start in range(0, len(data), 2048):
        chunk = data[start:start + 2048]
        if caps.get("b64"):
            import base64

            line = f"f.write(B.a2b_base64({base64.b64encode(chunk).decode()!r}))"
        else:
            line = f"f.write({chunk!r})"
        _run(repl, line, path)
        sent += len(line)
        if on_progress:
            on_progress(path, start + len(chunk), len(data))
    _run(repl, f"f.close()\n_f({temp!r},{path!r},{digest if caps.get('sha256') else ''!r})", path)
    return sent


def _run(repl: RawRepl, code: str, path: str) -> bytes:
    try:
        return repl.exec(code)
    except TransportExecError as exc:
        raise _board_write_error(path, exc.error_output) from None


def _board_write_error(path: str, traceback: str) -> BoardError:
    last = traceback.strip().splitlines()[-1] if traceback.strip() else traceback
    if _NO_SPACE.search(last):
        return BoardError(_("The board's file system is full while writing {path}.").format(path=path),
                          _("Delete files on the board or make the project smaller; the old files are intact."))
    if "Errno 5" in last or "EIO" in last:
        return BoardError(_("{path} arrived damaged (checksum mismatch) and was not installed.").format(path=path),
                          _("Check the cable and deploy again."))
    return BoardError(_("The board could not write {path}: {error}").format(path=path, error=last))


# -- the whole flow -----------------------------------------------------------------------------
def deploy(repl: RawRepl, files: list[LocalFile], app_dir: str = APP_DIR, dry_run: bool = False,
           run: bool = True, on_progress: Progress | None = None, skipped: Iterable[str] = ()) -> DeployResult:
    """Plan and apply on a connected board, then soft-reset so main.py runs (unless `run` is off).
    `skipped` names project files left out (links outside the project), for the plan to list."""
    if not files:
        raise ProjectError(_("The project has no files to deploy."), _("Add a main.py to the project."))
    timings: dict[str, float] = {}
    started = time.monotonic()
    repl.enter()
    timings["connect"] = time.monotonic() - started
    mark = time.monotonic()
    capabilities, remote = survey(repl, app_dir)
    plan = replace(make_plan(files, remote, capabilities, app_dir), skipped=tuple(skipped))
    timings["plan"] = time.monotonic() - mark
    result = DeployResult(plan, seconds=timings)
    if dry_run:
        repl.exit()
        return result
    mark = time.monotonic()
    result.payload = apply(repl, plan, on_progress)
    timings["apply"] = time.monotonic() - mark
    if run:
        mark = time.monotonic()
        repl.run_main()
        timings["reset"] = time.monotonic() - mark
    else:
        repl.exit()  # leave the board in its friendly REPL, as other tools expect
    result.bytes_out, result.bytes_in = repl.conn.bytes_out, repl.conn.bytes_in
    return result
