"""Putting files on a board the way its firmware can take them.

Streamed: raw bytes on the board's stdin (compressed when it can inflate and it pays), escaped so
they hold no REPL control byte, in acknowledged windows. Used only when a tiny round trip through
stdin works (probe by doing: some firmware has `sys.stdin.buffer` and fails to read it).
By exec: base64 (or repr) chunks in raw-REPL commands, sized to the board's memory; the way for
boards without binary stdin (the micro:bit) and the fall-back for any other.
Either way a file goes to a temporary name, is checked (SHA-256 where the board can hash, its
size elsewhere) and renamed over the old one; a board that cannot rename gets it in place
(non-atomic mode, which the survey reports).
"""

from __future__ import annotations

import base64
import errno
import zlib
from typing import Callable

from mpremote.transport import TransportExecError

from ide.core.errors import BoardError
from ide.core.link import agent
from ide.core.link.boarderrors import board_errno, exception_name, last_line, reason_for
from ide.core.link.rawrepl import RawRepl
from ide.core.link.survey import BoardInfo
from ide.i18n import _

ZLIB_WBITS = 12  # a 4 KiB window: uzlib allocates the window on the board
COMPRESS_GAIN = 0.95  # send compressed only when it saves at least 5 %
EXEC_CHUNK, EXEC_CHUNK_SMALL = 2048, 256  # file bytes per command (boards short of memory: fewer)
CHUNK_RESENDS = 4

Progress = Callable[[str, int, int], None]  # (board path, bytes done, bytes total)


def encode(data: bytes, caps: dict) -> tuple[bytes, bool]:
    """What travels for `data`: zlib-compressed when the board can inflate and it saves enough."""
    if caps.get("z") and caps.get("in"):
        packer = zlib.compressobj(9, zlib.DEFLATED, ZLIB_WBITS)
        packed = packer.compress(data) + packer.flush()
        if len(packed) < COMPRESS_GAIN * len(data):
            return packed, True
    return data, False


def write_error(path: str, traceback: str) -> BoardError:
    """The user's words for a board's failure to write `path` (one table for every errno)."""
    last = last_line(traceback)
    if last.startswith("ValueError: checksum"):
        return BoardError(_("{path} arrived damaged (checksum mismatch) and was not installed.").format(path=path),
                          _("Check the cable and deploy again."))
    code = errno.ENOMEM if exception_name(traceback) == "MemoryError" else board_errno(traceback)
    if code is None:
        return BoardError(_("The board could not write {path}: {error}").format(path=path, error=last))
    reason, hint = reason_for(code)
    return BoardError(_("The board could not write {path}: {reason}").format(path=path, reason=reason), hint)


class FileWriter:
    """Writes files on one board in a raw-REPL session; `prepare` first, then `put` each file."""

    def __init__(self, repl: RawRepl, board: BoardInfo, on_progress: Progress | None = None) -> None:
        self.repl = repl
        self.board = board
        self.on_progress = on_progress
        self.streaming = False
        self.chunk = EXEC_CHUNK_SMALL if board.low_memory or repl.low_memory else EXEC_CHUNK

    def prepare(self, setup: str = "") -> None:
        """Define the receiver on the board and run `setup` (cleaning, making folders) in the same
        call; then find out by doing whether files can be streamed through stdin."""
        code = agent.FORGET_SURVEY + agent.WRITER + (agent.STREAMER if self.board.caps.get("in") else "")
        try:
            self.repl.run_with(code, setup)
        except TransportExecError as exc:
            raise write_error(self.board.target, exc.error_output) from None
        self.streaming = bool(self.board.caps.get("in")) and self._probe()

    def _probe(self) -> bool:
        wire = agent.escape(agent.PROBE)
        self.repl.exec_raw_no_follow(f"_k({len(wire)},{agent.PROBE!r},{agent.WINDOW})")
        out, err = self._stream(wire, "")
        return not err and out.rstrip().endswith(b"True")

    # -- one file ----------------------------------------------------------------------------
    def put(self, path: str, data: bytes, digest: str, encoded: tuple[bytes, bool] | None = None,
            report: bool = True) -> int:
        """Write `data` to board `path`; returns the payload bytes that travelled. `report`: tell
        `on_progress` (not for the deploy's own bookkeeping files)."""
        digest = digest[:agent.DIGEST_HEX] if self.board.hashes else ""  # what the board's _h computes
        label = path if report else ""
        if self.streaming:
            payload, packed = encoded or encode(data, self.board.caps)
            return self._put_streamed(path, data, payload, packed, digest, label)
        return self._put_by_exec(path, data, digest, label)

    def _put_streamed(self, path: str, data: bytes, payload: bytes, packed: bool, digest: str, label: str) -> int:
        wire = agent.escape(payload)
        self.repl.exec_raw_no_follow(f"_p({path!r},{len(data)},{int(packed)},{len(wire)},{digest!r},"
                                     f"{agent.WINDOW},{int(self.board.atomic)})")
        _out, err = self._stream(wire, label)
        if err:
            raise write_error(path, err.decode("utf-8", "replace"))
        return len(wire)

    def _put_by_exec(self, path: str, data: bytes, digest: str, label: str) -> int:
        temp = path + agent.TEMP_SUFFIX if self.board.atomic else path
        self._run(f"_o({temp!r})", path)
        sent = 0
        try:
            for start in range(0, len(data), self.chunk):
                chunk = data[start:start + self.chunk]
                sent += self._put_chunk(f"_w({self._literal(chunk)},{len(chunk)})", path)
                self._progress(label, min(len(data), start + self.chunk), len(data))
            self._run(f"_F.close()\n_f({temp!r},{path!r},{digest!r},{len(data)})", path)
        except BoardError:
            self._run_quietly(f"_F.close()\n_x({temp!r})")
            raise
        return sent

    def _put_chunk(self, line: str, path: str) -> int:
        """One chunk by command; one the board got short (a line without flow control loses bytes)
        is sent again. Returns the bytes sent."""
        for _attempt in range(CHUNK_RESENDS):
            try:
                self.repl.exec(line)
                return len(line)
            except TransportExecError as exc:
                if not last_line(exc.error_output).startswith("ValueError: lost"):
                    raise write_error(path, exc.error_output) from None
        raise BoardError(_("The board kept losing bytes of {path}.").format(path=path),
                         _("Check the cable and the baud rate, then deploy again."))

    def _literal(self, chunk: bytes) -> str:
        if self.board.caps.get("b64"):
            return f"B.a2b_base64({base64.b64encode(chunk).decode()!r})"
        return repr(chunk)

    def _run(self, code: str, path: str) -> bytes:
        try:
            return self.repl.exec(code)
        except TransportExecError as exc:
            raise write_error(path, exc.error_output) from None

    def _run_quietly(self, code: str) -> None:
        try:
            self.repl.exec(code)
        except (TransportExecError, BoardError):
            pass

    def _progress(self, path: str, done: int, total: int) -> None:
        if self.on_progress and path:
            self.on_progress(path, done, total)

    # -- the windowed stream -----------------------------------------------------------------
    def _stream(self, wire: bytes, label: str) -> tuple[bytes, bytes]:
        """Send `wire` as the board's receiver asks for it; return the command's (stdout, stderr);
        progress goes out under `label` (if any). A board that fails stops asking: what was in
        flight is cleared from its raw REPL line."""
        if self._ready():
            credit, sent = 2 * agent.WINDOW, 0  # the board's receive buffer holds two windows
            while sent < len(wire):
                granted, ended = self._acks(label, block=credit <= 0)
                if ended:
                    break
                credit += granted
                if credit > 0:
                    chunk = wire[sent:sent + min(credit, agent.WINDOW)]
                    self.repl.conn.write(chunk)
                    sent += len(chunk)
                    credit -= len(chunk)
                    self._progress(label, sent, len(wire))
        out, err = self.repl.follow()
        if err:
            self.repl.conn.write(b"\x03")  # Ctrl-C at the raw prompt clears bytes that were in flight
        return out, err

    def _ready(self) -> bool:
        """The receiver's first \\x01 (it is reading); anything else means it failed first."""
        data = self.repl.conn.read_some(self.repl.timeout)
        if data[:1] == b"\x01":
            self.repl.conn.unread(data[1:])
            return True
        self.repl.conn.unread(data)
        return False

    def _acks(self, path: str, block: bool) -> tuple[int, bool]:
        """(credit granted by the board's \\x01s, whether it ended the command early)."""
        data = self.repl.conn.read_some(self.repl.timeout if block else 0.0)
        if block and not data:
            raise BoardError(_("The board stopped receiving {path}.").format(path=path or _("data")),
                             _("Press the board's reset button and deploy again."))
        end = data.find(b"\x04")
        if end >= 0:
            self.repl.conn.unread(data[end:])
            return 0, True
        return data.count(b"\x01") * agent.WINDOW, False
