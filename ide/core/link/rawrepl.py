"""The raw REPL over a `Connection`: enter it from any state, run code, stream its output.

Raw-paste (MicroPython >= 1.14) with its window flow control is used when the board has it, with
an automatic fall-back to the plain raw REPL (old HaaS builds, the micro:bit). Entering works while
a program floods output or sleeps in a loop. Every wait has a timeout. A board whose heap cannot
compile a long block of definitions at once (the micro:bit's 10 KB) gets them in pieces
(`run_with`), and `recover` brings a board back to its friendly prompt from any state, so an
error or a Ctrl-C never leaves it in the raw REPL for the next tool.

`RawRepl` subclasses mpremote's `Transport`, so mpremote's file operations (`fs_listdir`,
`fs_stat`, `fs_readfile`, `fs_mkdir`, `fs_rmfile`, `fs_hashfile`, ...) run on top of our `exec`,
and board errors arrive as `OSError`s exactly as mpremote maps them. We do not use mpremote's
`SerialTransport` itself: it asserts DTR/RTS when opening (which can reset an ESP32), polls one
byte per 10 ms, reads some replies with no timeout, and prints to stdout.
"""

from __future__ import annotations

import ast
import contextlib
import re
import struct
import time
from typing import Callable

from mpremote.transport import Transport, TransportError, TransportExecError

from ide.core.errors import BoardError, IdeError
from ide.core.link.connection import Cancelled, Connection
from ide.i18n import _

RAW_BANNER = b"raw REPL; CTRL-B to exit\r\n"
RAW_PROMPT = RAW_BANNER + b">"
ENTER_ATTEMPTS = 5
ENTER_WAIT = 1.5
PIECE = 480  # bytes of definitions sent at once to a board short of memory
RESENDS = 3
COLLECT = "import gc;gc.collect()\n"
RECOVER_WAIT = 2.0

OutputCallback = Callable[[bytes], None]

__all__ = ["RawRepl", "TransportError", "TransportExecError"]


class RawRepl(Transport):
    """One raw-REPL session on a board."""

    def __init__(self, conn: Connection, timeout: float = 10.0) -> None:
        self.conn = conn
        self.timeout = timeout
        self.raw_paste: bool | None = None  # learnt on first use
        self.in_raw_repl = False
        self.low_memory = False  # learnt when a block of definitions does not fit the board's heap

    # -- entering and leaving ----------------------------------------------------------------
    def enter(self) -> None:
        """Interrupt whatever runs and get to the raw REPL prompt (from any REPL state, and from a
        deploy's file receiver that lost its host: it keeps Ctrl-C armed)."""
        heard = self.conn.bytes_in
        for attempt in range(ENTER_ATTEMPTS):
            self.conn.write(b"\x03\x03")  # interrupt a program; cancel paste mode or a line
            self.conn.write(b"\x01")
            try:
                self.conn.read_until(RAW_PROMPT, ENTER_WAIT, idle=False)
            except BoardError:
                continue
            if attempt:  # bytes of earlier attempts may still bring a banner each: let them pass
                self.conn.drain(quiet=0.1, limit=2.0)
            self.in_raw_repl = True
            return
        if self.conn.bytes_in == heard:
            raise BoardError(_("The board on {port} did not answer.").format(port=self.conn.port),
                             _("Press the board's reset button, check the baud rate, and try again."))
        raise BoardError(_("The board on {port} answers, but not as a MicroPython REPL.").format(port=self.conn.port),
                         _("Check the baud rate and that the board runs MicroPython; a program that blocks Ctrl-C "
                           "needs the board's reset button."))

    def exit(self) -> None:
        """Back to the friendly REPL."""
        self.conn.write(b"\x02")
        self.in_raw_repl = False

    def recover(self) -> None:
        """Back to the friendly prompt from any state (a transfer cut off, code running, the raw
        REPL), ignoring the caller's cancel request; for error paths, so it never raises."""
        with contextlib.suppress(IdeError, Cancelled, OSError), self.conn.ignoring_cancel():
            self.conn.write(b"\x03")  # stops a receiver or a program; clears the raw REPL's line
            self.enter()
            self.exit()
            self.conn.read_until(b">>> ", RECOVER_WAIT)

    def soft_reset(self) -> None:
        """Soft-reset in raw mode (boot.py runs, main.py does not); stay in the raw REPL."""
        self.conn.write(b"\x04")
        self.conn.read_until(b"soft reboot\r\n", self.timeout)
        self.conn.read_until(RAW_PROMPT, self.timeout)

    def run_main(self) -> None:
        """Soft-reset from the friendly REPL so that main.py runs; its output follows on the line."""
        self.exit()
        self.conn.read_until(b">>> ", self.timeout)
        self.conn.write(b"\x04")
        self.conn.read_until(b"soft reboot\r\n", self.timeout)

    # -- running code ------------------------------------------------------------------------
    def exec_raw_no_follow(self, command: str | bytes) -> None:
        """Send code and start it; its output is then read with `follow`."""
        code = command.encode("utf-8") if isinstance(command, str) else command
        if self.raw_paste is not False and self._raw_paste_write(code):
            return
        self.conn.write_paced(code + b"\x04")  # no flow control in the plain raw REPL
        reply = self.conn.read_until(b"OK", self.timeout)
        if not reply.endswith(b"OK"):
            raise BoardError(_("The board did not accept the code."))

    def _raw_paste_write(self, code: bytes) -> bool:
        self.conn.write(b"\x05A\x01")
        reply = self._read_exact(2)
        if reply == b"R\x00":  # understood, not supported
            self.raw_paste = False
            self.conn.drain(quiet=0.02, limit=0.2)
            return False
        if reply != b"R\x01":  # old firmware: it re-printed the raw banner
            self.raw_paste = False
            self.conn.read_until(b"w REPL; CTRL-B to exit\r\n>", self.timeout)
            return False
        self.raw_paste = True
        window = struct.unpack("<H", self._read_exact(2))[0]
        credit, sent = window, 0
        while sent < len(code):
            credit += self._credits(window, block=credit <= 0)
            if credit > 0:
                chunk = code[sent:sent + credit]
                self.conn.write(chunk)
                sent += len(chunk)
                credit -= len(chunk)
        self.conn.write(b"\x04")
        self.conn.read_until(b"\x04", self.timeout)
        return True

    def _credits(self, window: int, block: bool) -> int:
        """Flow-control credit the board has granted (one window per \x01 received)."""
        data = self.conn.read_some(self.timeout if block else 0.0)
        if block and not data:
            raise BoardError(_("The board stopped reading the code it was sent."))
        credit = 0
        for byte in data:
            if byte == 0x01:
                credit += window
            elif byte == 0x04:
                self.conn.write(b"\x04")
                raise BoardError(_("The board ended the transfer early."))
            else:
                raise BoardError(_("Unexpected answer from the board: {data!r}").format(data=data[:20]))
        return credit

    def _read_exact(self, count: int) -> bytes:
        data = b""
        deadline = time.monotonic() + self.timeout
        while len(data) < count:
            chunk = self.conn.read_some(max(0.0, deadline - time.monotonic()))
            if not chunk:
                raise BoardError(_("The board on {port} did not answer.").format(port=self.conn.port),
                                 _("Press the board's reset button, check the baud rate, and try again."))
            data += chunk
        self.conn.unread(data[count:])
        return data[:count]

    def follow(self, timeout: float | None = None, data_consumer: OutputCallback | None = None) -> tuple[bytes, bytes]:
        """Read a running command's stdout (to `data_consumer` as it comes) and stderr."""
        wait = self.timeout if timeout is None else timeout
        out = self.conn.read_until(b"\x04", wait, on_data=data_consumer)
        err = self.conn.read_until(b"\x04", wait)
        self.conn.read_until(b">", wait)
        return (b"" if data_consumer else out[:-1]), err[:-1]

    def exec_raw(self, command: str | bytes, timeout: float | None = None,
                 data_consumer: OutputCallback | None = None) -> tuple[bytes, bytes]:
        self.exec_raw_no_follow(command)
        return self.follow(timeout, data_consumer)

    def exec(self, command: str | bytes, data_consumer: OutputCallback | None = None) -> bytes:
        """Run code; return its output. A traceback raises TransportExecError (mpremote's API).

        The plain raw REPL has no flow control: a board that lost bytes of the code answers with
        a SyntaxError for code that has none, and gets it again."""
        for attempt in range(RESENDS + 1):
            out, err = self.exec_raw(command, data_consumer=data_consumer)
            if not (err and self.raw_paste is False and attempt < RESENDS and b"SyntaxError" in err):
                break
        if err:
            raise TransportExecError(1, err.decode("utf-8", "replace"))
        return out

    def run_with(self, definitions: str, command: str) -> bytes:
        """`exec(definitions + command)`; on a board that runs out of memory compiling that, the
        definitions go in pieces (each after a garbage collection), then the command."""
        if not self.low_memory:
            try:
                return self.exec(definitions + command)
            except TransportExecError as exc:
                if "MemoryError" not in exc.error_output:
                    raise
                self.low_memory = True
                self.conn.drain(quiet=0.2)  # a board that failed while reading may take the rest as new input
                self.enter()
        for piece in split_statements(definitions):
            self.exec(COLLECT + piece)
        return self.exec(COLLECT + command)

    def eval(self, expression: str, parse: bool = True):
        out = self.exec(f"print(repr({expression}))").strip()
        return ast.literal_eval(out.decode("utf-8")) if parse else out


def split_statements(code: str, limit: int = PIECE) -> list[str]:
    """Top-level statements of `code` grouped into pieces of about `limit` bytes."""
    pieces = [""]
    for statement in re.split(r"\n(?=\S)(?!(?:except|else|elif|finally)\b)", code.strip("\n")):
        if pieces[-1] and len(pieces[-1]) + len(statement) > limit:
            pieces.append("")
        pieces[-1] += statement + "\n"
    return pieces
