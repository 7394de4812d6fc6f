"""Know the board: one call tells the firmware (HaaS Python, stock MicroPython, an old or limited
port), the version, the target folder, what the firmware lacks, and the state there of the
project's files, of the deploy manifest and of temporary files a cut-off deploy left.

The target follows the firmware (`/data/pyamp` on HaaS Python, `/` on stock MicroPython, the one
flat folder of a micro:bit) unless the project pins it. Whatever the board answers, the host
either understands it or says in one line that this is not a board it can deploy to.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, field

from mpremote.transport import TransportExecError

from ide.core.errors import BoardError, UsageError
from ide.core.link import agent
from ide.core.link.boarderrors import last_line
from ide.core.link.rawrepl import RawRepl
from ide.i18n import _

FIRMWARE_HAAS, FIRMWARE_STOCK = "haas", "micropython"


@dataclass(frozen=True)
class BoardInfo:
    """What the survey learnt about the firmware (`caps` as the board reported it)."""

    caps: dict

    @property
    def version(self) -> str:
        """"1.9.2", "1.27.0-preview": sys.implementation.version, whose 4th item (1.22 on) names a pre-release."""
        parts = [str(part) for part in self.caps.get("v", ())]
        return ".".join(parts[:3]) + "".join(f"-{part}" for part in parts[3:4] if part)

    @property
    def haas_version(self) -> str:
        text = str(self.caps.get("h", ""))
        return text if text.startswith("HaaS") else ""

    @property
    def firmware(self) -> str:
        return FIRMWARE_HAAS if self.haas_version or self.caps.get("d") else FIRMWARE_STOCK

    @property
    def machine(self) -> str:
        uname = self.caps.get("u") or ()
        return str(uname[4]) if len(uname) > 4 else ""

    @property
    def target(self) -> str:
        """The app folder as the user reads it ("/" for a flat file system's one folder)."""
        return self.caps.get("a") or "/"

    @property
    def prefix(self) -> str:
        """What goes before a project path to make the board path: "/data/pyamp/", "/" or ""."""
        folder = self.caps.get("a", "/")
        return folder.rstrip("/") + "/" if folder else ""

    def board_path(self, rel: str) -> str:
        return self.prefix + rel

    @property
    def folders(self) -> bool:
        return bool(self.caps.get("f"))

    @property
    def atomic(self) -> bool:
        """Files go to a temporary name and are renamed over the old ones (the board can rename)."""
        return bool(self.caps.get("rn"))

    @property
    def hashes(self) -> bool:
        return bool(self.caps.get("sha"))

    @property
    def free(self) -> int:
        return int(self.caps.get("free", -1))

    @property
    def block_size(self) -> int:
        return max(1, int(self.caps.get("bs", 1)))

    @property
    def low_memory(self) -> bool:
        return 0 <= int(self.caps.get("mem", 1 << 20)) < 32 * 1024

    def lacks(self) -> list[str]:
        """What a full deploy would use and this firmware does not have."""
        wanted = (("rn", "os.rename"), ("sha", "hashlib.sha256"), ("f", "os.mkdir"), ("in", "sys.stdin.buffer"))
        missing = [name for key, name in wanted if not self.caps.get(key)]
        missing += [] if self.caps.get("st") or self.caps.get("sz") else ["os.stat"]
        return missing + ([] if self.free >= 0 else ["os.statvfs"])

    def name(self) -> str:
        """"HaaS Python HaaSPython-ESP32-v2.2.0-2022-05-30 (MicroPython 1.17.0)" or "MicroPython 1.9.2"."""
        if self.firmware == FIRMWARE_HAAS:  # product names and versions: nothing to translate
            return f"HaaS Python {self.haas_version or '?'} (MicroPython {self.version})"
        return f"MicroPython {self.version}"

    def describe(self) -> str:
        """One line for the user: firmware, version, machine, target and how files are written."""
        machine = f", {self.machine}" if self.machine else ""
        text = _("Board: {name}{machine}; target {target}").format(name=self.name(), machine=machine,
                                                                    target=self.target)
        if not self.atomic:
            text += "; " + _("non-atomic mode (the board cannot rename files)")
        return text

    def to_json(self) -> dict:
        return {"firmware": self.firmware, "firmware_name": self.name(), "version": self.version,
                "haas_version": self.haas_version,
                "machine": self.machine, "target": self.target, "atomic": self.atomic, "lacks": self.lacks(),
                "free_bytes": self.free}


@dataclass
class Survey:
    """The survey's answer: the board, then the project's files, the manifest and leftovers there."""

    board: BoardInfo
    remote: dict[str, tuple[int, str]] = field(default_factory=dict)  # project rel -> (size or -1, digest)
    manifest_count: int = 0                                           # entries of the deploy manifest
    owned: dict[str, int] = field(default_factory=dict)               # manifest rels not in the project -> size
    temps: dict[str, int] = field(default_factory=dict)               # stale temporary file rel -> size
    listing: dict[str, int] = field(default_factory=dict)             # full listing: rel -> size (-1: folder)

    def manifest_is(self, project: set[str]) -> bool:
        """The board's manifest lists exactly the files of `project`."""
        return not self.owned and self.manifest_count == len(project)


def normal_app_dir(text: str | None) -> str | None:
    """A pinned app folder in board form ("/", "/flash/app"); None when not pinned."""
    if text is None or not str(text).strip():
        return None
    folder = posixpath.normpath("/" + str(text).strip().replace("\\", "/").lstrip("/"))
    if not str(text).strip().startswith("/") or ".." in folder.split("/"):
        raise UsageError(_("The app folder must be an absolute board path such as / or /data/pyamp, not {path}.")
                         .format(path=text))
    return "/" + folder.strip("/") if folder.strip("/") else "/"


def survey(repl: RawRepl, files: list[tuple[str, int]], app_dir: str | None = None,
           full: bool = False) -> Survey:
    """Ask the board (in the raw REPL) about itself and about `files` ([(rel, size)]) in the
    target: `app_dir` if pinned, else what its firmware runs. `full` also lists every entry."""
    call = f"_S({app_dir!r},{[(rel, size) for rel, size in files]!r},{int(full)})\n"
    try:
        out = repl.run_with(agent.SURVEY + (agent.LISTER if full else ""), call)
    except TransportExecError as exc:
        raise BoardError(_("The board could not run the deploy survey: {error}").format(error=last_line(exc.error_output)),
                         _("This firmware may be too old or too limited to deploy to; run and console still work."))
    return parse_survey(out, [rel for rel, _size in files])


def parse_survey(out: bytes, rels: list[str]) -> Survey:
    """The survey's lines (see `ide.core.link.agent`), checked: anything else is a board we do not
    understand. `rels` are the project files the survey was asked about, in order."""
    lines = [line for line in out.splitlines() if line.strip()]
    if not lines:
        raise _garbage(out[:60])
    caps = _literal(lines[0])
    if not _caps_ok(caps):
        raise _garbage(lines[0])
    result = Survey(BoardInfo(caps))
    for raw in lines[1:]:
        if raw.startswith((b"F ", b"N ")):
            _read_counts(raw, rels, result)
            continue
        item = _literal(raw)
        if not (isinstance(item, tuple) and len(item) == 3 and item[0] in ("M", "T", "A")
                and isinstance(item[1], str) and isinstance(item[2], int)):
            raise _garbage(raw)
        {"M": result.owned, "T": result.temps, "A": result.listing}[item[0]][item[1]] = item[2]
    return result


def _read_counts(raw: bytes, rels: list[str], result: Survey) -> None:
    """`F index size digest` or `N count`."""
    parts = raw.split()
    try:
        if parts[0] == b"N" and len(parts) == 2:
            result.manifest_count = int(parts[1])
            return
        index, size, digest = int(parts[1]), int(parts[2]), parts[3].decode("ascii")
        if parts[0] != b"F" or len(parts) != 4 or not 0 <= index < len(rels):
            raise ValueError(raw)
    except (ValueError, IndexError, UnicodeDecodeError):
        raise _garbage(raw) from None
    result.remote[rels[index]] = (size, "" if digest == "-" else digest)


def _literal(raw: bytes):
    try:
        return ast.literal_eval(raw.decode("utf-8").strip())
    except (ValueError, SyntaxError, UnicodeDecodeError, MemoryError, RecursionError, TypeError):
        raise _garbage(raw) from None


_CAP_TYPES = {"v": tuple, "u": tuple, "h": str, "a": str, "z": str, "free": int, "bs": int, "mem": int,
              "f": bool, "rn": bool, "st": bool, "sz": bool, "sha": bool, "b64": bool, "in": bool, "d": bool}


def _caps_ok(caps) -> bool:
    return (isinstance(caps, dict) and "a" in caps
            and all(isinstance(caps[key], kind) for key, kind in _CAP_TYPES.items() if key in caps))


def _garbage(raw: bytes) -> BoardError:
    return BoardError(_("The board's answer to the deploy survey makes no sense: {answer}").format(
        answer=repr(bytes(raw[:60]))),
        _("Check that a MicroPython board is on this port at this baud rate, press its reset button and try again."))
