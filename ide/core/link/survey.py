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
_TAGS = {"C": 1, "F": 3, "M": 2, "T": 2, "A": 2}  # tag -> items after it


@dataclass(frozen=True)
class BoardInfo:
    """What the survey learnt about the firmware (`caps` as the board reported it)."""

    caps: dict

    @property
    def version(self) -> str:
        return ".".join(str(part) for part in self.caps.get("v", ()) if str(part))

    @property
    def haas_version(self) -> str:
        text = str(self.caps.get("h", ""))
        return text if text.startswith("HaaS") else ""

    @property
    def firmware(self) -> str:
        return FIRMWARE_HAAS if self.haas_version or self.caps.get("d") else FIRMWARE_STOCK

    @property
    def machine(self) -> str:
        uname = self.caps.get("u") or ("", "", "", "")
        return str(uname[3]) if len(uname) > 3 else ""

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
        wanted = (("rn", "os.rename"), ("st", "os.stat"), ("sha", "hashlib.sha256"), ("f", "os.mkdir"),
                  ("in", "sys.stdin.buffer"))
        missing = [name for key, name in wanted if not self.caps.get(key)]
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
    remote: dict[str, tuple[int, str]] = field(default_factory=dict)  # project rel -> (size or -1, sha256)
    owned: dict[str, int] = field(default_factory=dict)               # manifest rel -> size (-1: gone)
    temps: dict[str, int] = field(default_factory=dict)               # stale temporary file rel -> size
    listing: dict[str, int] = field(default_factory=dict)             # full listing: rel -> size (-1: folder)

    @property
    def has_manifest(self) -> bool:
        return bool(self.owned)


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
        out = repl.run_with(agent.SURVEY, call)
    except TransportExecError as exc:
        raise BoardError(_("The board could not run the deploy survey: {error}").format(error=last_line(exc.error_output)),
                         _("This firmware may be too old or too limited to deploy to; run and console still work."))
    return parse_survey(out)


def parse_survey(out: bytes) -> Survey:
    """The survey's lines, checked: anything else is a board we do not understand."""
    result: Survey | None = None
    for raw in out.splitlines():
        if not raw.strip():
            continue
        item = _parse_line(raw)
        if result is None:
            if item[0] != "C":
                raise _garbage(raw)
            result = Survey(BoardInfo(item[1]))
            continue
        tag, rel, *rest = item
        if tag == "F":
            result.remote[rel] = (rest[0], rest[1])
        elif tag == "M":
            result.owned[rel] = rest[0]
        elif tag == "T":
            result.temps[rel] = rest[0]
        elif tag == "A":
            result.listing[rel] = rest[0]
        else:
            raise _garbage(raw)
    if result is None:
        raise _garbage(out[:60])
    return result


def _parse_line(raw: bytes) -> tuple:
    try:
        item = ast.literal_eval(raw.decode("utf-8").strip())
    except (ValueError, SyntaxError, UnicodeDecodeError, MemoryError, RecursionError, TypeError):
        raise _garbage(raw) from None
    if not (isinstance(item, tuple) and item and item[0] in _TAGS and len(item) == _TAGS[item[0]] + 1):
        raise _garbage(raw)
    if item[0] == "C":
        if not _caps_ok(item[1]):
            raise _garbage(raw)
    elif not (isinstance(item[1], str) and isinstance(item[2], int)):
        raise _garbage(raw)
    elif item[0] == "F" and not isinstance(item[3], str):
        raise _garbage(raw)
    return item


_CAP_TYPES = {"v": tuple, "u": tuple, "h": str, "a": str, "z": str, "free": int, "bs": int, "mem": int,
              "f": bool, "rn": bool, "st": bool, "sha": bool, "b64": bool, "in": bool, "d": bool}


def _caps_ok(caps) -> bool:
    return (isinstance(caps, dict) and "a" in caps
            and all(isinstance(caps[key], kind) for key, kind in _CAP_TYPES.items() if key in caps))


def _garbage(raw: bytes) -> BoardError:
    return BoardError(_("The board's answer to the deploy survey makes no sense: {answer}").format(
        answer=repr(bytes(raw[:60]))),
        _("Check that a MicroPython board is on this port at this baud rate, press its reset button and try again."))
