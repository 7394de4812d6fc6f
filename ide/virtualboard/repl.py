"""The board's REPL, byte for byte as MicroPython's `pyexec.c` and `main.c` behave on an ESP32.

Friendly REPL with echo and auto-indent, paste mode (Ctrl-E), raw REPL (Ctrl-A), raw-paste
(`Ctrl-E 'A' Ctrl-A`, 128-byte window, since MicroPython 1.14), soft reset (Ctrl-D) that runs
/boot.py then /data/pyamp/main.py or /main.py (friendly mode only) with HaaS's marker lines;
stock MicroPython runs /boot.py then /main.py, without markers.
Written as the same nested loops as the C code: a byte stream in, a byte stream out.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ide.virtualboard.engine.vm import VmCrashed

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

CTRL_A, CTRL_B, CTRL_C, CTRL_D, CTRL_E = 1, 2, 3, 4, 5
RAW_BANNER = b"raw REPL; CTRL-B to exit\r\n"
PASTE_BANNER = b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== "
RAW_PASTE_WINDOW = 128
MAIN_CANDIDATES = ("/data/pyamp/main.py", "/main.py")
STOCK_MAIN_CANDIDATES = ("/main.py",)
FRIENDLY, RAW = "friendly", "raw"
NATIVE_DECORATOR_ERROR = "SyntaxError: invalid micropython decorator"
NO_NATIVE_EMITTER = ("The virtual board cannot run @micropython.native or @micropython.viper code "
                     "(its MicroPython has no native code emitter); a real ESP32 can.\n")


class SoftReset(Exception):
    """A REPL loop asks for a soft reset (Ctrl-D on an empty line, machine.soft_reset())."""


class HardReset(BaseException):
    """The chip resets (machine.reset(), watchdog): the board reboots from its ROM."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Repl:
    """Runs boots and REPL sessions on the board thread until the board is closed."""

    def __init__(self, board: "VirtualBoard") -> None:
        self.board = board
        self.mode = FRIENDLY

    # -- boot ------------------------------------------------------------------------------
    def boot(self) -> None:
        """One boot: run boot.py (and main.py in friendly mode), then the REPL until a soft reset."""
        board = self.board
        board.new_vm()
        haas = board.personality.haas
        board.stdout_write(" ==== python execute bootpy ====\n" if haas else "")
        self.run_file_if_exists("/boot.py")
        if self.mode == FRIENDLY:
            for path in MAIN_CANDIDATES if haas else STOCK_MAIN_CANDIDATES:
                board.stdout_write(f" ==== python file check {path} ====\n" if haas else "")
                if board.fs.exists(path):
                    board.events.emit("main_started", path=path)
                    if self.run_file_if_exists(path, f" ==== python execute from {path} ====\n" if haas else ""):
                        break
                    raise SoftReset()
        try:
            while True:
                if self.mode == RAW:
                    self.raw_repl()
                else:
                    self.friendly_repl()
        except SoftReset:
            board.stdout_write("MPY: soft reboot\n")
            raise

    def run_file_if_exists(self, path: str, preamble: str = "") -> bool:
        """Run a board file; False if it asked for a soft reset."""
        if not self.board.fs.exists(path):
            return True
        source = self.board.fs.host(path).read_bytes()
        return self.execute(source, path, stderr=False, preamble=preamble) is not SoftReset

    # -- executing -------------------------------------------------------------------------
    def execute(self, source: bytes, filename: str, stderr: bool, repl: bool = False, preamble: str = ""):
        """Compile and run in the VM with Ctrl-C armed and print errors, like pyexec's
        parse_compile_execute; `stderr` frames the error text with 0x04 (raw REPL).

        Returns SoftReset when the code asked for one (machine.soft_reset()); a plain SystemExit
        (sys.exit()) just ends the code, as in MicroPython 1.17. `preamble` is printed once Ctrl-C
        is armed, so a host that reacts to it (HaaS's "python execute from" line) can interrupt.
        A VM that crashes is reported in one line and the chip resets (as a watchdog would)."""
        board = self.board
        vm = board.vm
        try:
            with board.uart.running():
                result = vm.run(source, filename, "single" if repl else "exec", preamble)
        except VmCrashed as crash:
            board.stdout_write(f"\nThe virtual board was reset: {crash}.\n")
            raise HardReset("panic") from None
        if stderr:
            board.tx(b"\x04")
        if isinstance(result, str) and result != "exit":
            board.stdout_write(result + (NO_NATIVE_EMITTER if NATIVE_DECORATOR_ERROR in result else ""))
        if stderr:
            board.tx(b"\x04")
        return SoftReset if result == "exit" and vm.soft_reset_requested else None

    # -- friendly REPL ---------------------------------------------------------------------
    def friendly_repl(self) -> None:
        board = self.board
        board.stdout_write(board.personality.banner)
        while True:
            line, key = self.readline(b">>> ")
            if key == CTRL_A:
                board.tx(b"\r\n")
                self.mode = RAW
                return
            if key == CTRL_B:
                board.tx(b"\r\n")
                board.stdout_write(board.personality.banner)
                continue
            if key == CTRL_C:
                board.tx(b"\r\n")
                continue
            if key == CTRL_D:
                board.tx(b"\r\n")
                raise SoftReset()
            if key == CTRL_E:
                source = self.paste_mode()
                if source is None:
                    continue
            else:
                source = self.continue_lines(line)
                if source is None:
                    continue
            if not source.strip():
                continue
            if self.execute(source.encode("utf-8"), "<stdin>", stderr=False, repl=key != CTRL_E) is SoftReset:
                raise SoftReset()

    def continue_lines(self, line: str) -> str | None:
        """Read `... ` lines while the statement is incomplete; None when cancelled with Ctrl-C."""
        lines = [line]
        while _needs_more(lines):
            indent = _auto_indent(lines[-1])
            more, key = self.readline(b"... ", indent)
            if key == CTRL_C:
                self.board.tx(b"\r\n")
                return None
            if key == CTRL_D:
                break
            lines.append(more)
            if not more.strip():
                break
        return "\n".join(lines)

    def readline(self, prompt: bytes, indent: str = "") -> tuple[str, int | None]:
        """MicroPython's readline: echo, backspace, Enter; control keys on an empty line.

        ANSI key sequences (arrows, Home, End) are swallowed; a control byte always ends one."""
        board = self.board
        board.tx(prompt + indent.encode())
        buf = bytearray(indent.encode())
        start = len(buf)
        escape = 0  # 1 after ESC, 2 inside "ESC [" or "ESC O"
        while True:
            c = board.rx_chr()
            if escape and c >= 0x20:
                escape = 2 if escape == 1 and c in (0x5B, 0x4F) else (2 if escape == 2 and c < 0x40 else 0)
                continue
            escape = 0
            if c in (CTRL_A, CTRL_B, CTRL_D, CTRL_E) and len(buf) == start:
                return "", c
            if c == CTRL_C:
                return "", CTRL_C
            if c == 0x0D:
                board.tx(b"\r\n")
                return buf.decode("utf-8", "replace"), None
            if c in (0x08, 0x7F):
                if len(buf) > start:
                    _drop_last_char(buf)
                    board.tx(b"\x08 \x08")
            elif c == 0x1B:
                escape = 1
            elif c == 0x09:
                buf.extend(b"    ")
                board.tx(b"    ")
            elif c >= 0x20:
                buf.append(c)
                board.tx(bytes([c]))

    def paste_mode(self) -> str | None:
        board = self.board
        board.tx(PASTE_BANNER)
        buf = bytearray()
        while True:
            c = board.rx_chr()
            if c == CTRL_C:
                board.tx(b"\r\n")
                return None
            if c == CTRL_D:
                board.tx(b"\r\n")
                return buf.decode("utf-8", "replace")
            buf.append(c)
            board.tx(b"\r\n=== " if c == 0x0D else bytes([c]))

    # -- raw REPL --------------------------------------------------------------------------
    def raw_repl(self) -> None:
        board = self.board
        board.tx(RAW_BANNER)
        while True:
            board.tx(b">")
            buf = bytearray()
            while True:
                c = board.rx_chr()
                if c == CTRL_A:
                    if len(buf) == 2 and buf[0] == CTRL_E and board.personality.raw_paste:
                        if buf[1] == ord("A"):
                            self.raw_paste()
                        else:
                            board.tx(b"R\x00")
                        buf = None
                        break
                    board.tx(RAW_BANNER)
                    buf = None
                    break
                if c == CTRL_B:
                    board.tx(b"\r\n")
                    self.mode = FRIENDLY
                    return
                if c == CTRL_C:
                    buf.clear()
                elif c == CTRL_D:
                    break
                else:
                    buf.append(c)
            if buf is None:
                continue
            if not buf:
                board.tx(b"OK\r\n")
                raise SoftReset()
            board.tx(b"OK")
            if self.execute(bytes(buf), "<stdin>", stderr=True) is SoftReset:
                raise SoftReset()

    def raw_paste(self) -> None:
        """Receive source under window flow control, then run it (output framed by 0x04)."""
        board = self.board
        board.tx(b"R\x01" + struct.pack("<H", RAW_PASTE_WINDOW) + b"\x01")
        buf = bytearray()
        remain = RAW_PASTE_WINDOW
        while True:
            c = board.rx_chr()
            if c in (CTRL_C, CTRL_D):
                board.tx(b"\x04")
                break
            buf.append(c)
            remain -= 1
            if remain == 0:
                board.tx(b"\x01")
                remain = RAW_PASTE_WINDOW
        if c == CTRL_C:
            board.tx(b"\x04")
            board.stdout_write("KeyboardInterrupt: \n")
            board.tx(b"\x04")
            return
        if self.execute(bytes(buf), "<stdin>", stderr=True) is SoftReset:
            raise SoftReset()


def _drop_last_char(buf: bytearray) -> None:
    del buf[-1]
    while buf and (buf[-1] & 0xC0) == 0x80:
        del buf[-1]
    if buf and buf[-1] >= 0xC0:
        del buf[-1]


_COMPOUND = ("if", "while", "for", "def", "class", "with", "try", "async")


def _needs_more(lines: list[str]) -> bool:
    """MicroPython's mp_repl_continue_with_input: open bracket or string, or a compound statement
    (which ends with an empty line)."""
    if _unclosed(("\n".join(lines))) or lines[-1].rstrip().endswith("\\"):
        return True
    first = lines[0].strip()
    compound = first.endswith(":") or first.startswith("@") or first.split(" ")[0].rstrip(":") in _COMPOUND
    if not compound:
        return False
    return len(lines) == 1 or bool(lines[-1].strip())


def _unclosed(text: str) -> bool:
    """True when `text` has an open bracket or an open triple-quoted string."""
    depth, quote, i = 0, None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if text.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            if ch == "\\":
                i += 1
            elif ch == "\n" and len(quote) == 1:
                quote = None
        elif text.startswith('"""', i) or text.startswith("'''", i):
            quote = text[i:i + 3]
            i += 3
            continue
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        i += 1
    return depth > 0 or (quote is not None and len(quote) == 3)


def _auto_indent(previous: str) -> str:
    indent = previous[: len(previous) - len(previous.lstrip(" "))]
    return indent + "    " if previous.rstrip().endswith(":") else indent
