"""Test harness: talk to an in-process virtual board and wait on its output (never sleep), or put
one on a pty for code that opens a port (`PtyBoard`)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ide.core.link.agent import MANIFEST
from ide.core.link.connection import Connection
from ide.core.link.rawrepl import RawRepl
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import PtyTransport


class BoardIO:
    """Collects everything a board sends and lets a test wait for a pattern, with a timeout."""

    def __init__(self, board: VirtualBoard) -> None:
        self.board = board
        self._buffer = bytearray()
        self._cv = threading.Condition()
        board.attach(self._sink)

    def _sink(self, data: bytes) -> None:
        with self._cv:
            self._buffer.extend(data)
            self._cv.notify_all()

    def send(self, data: bytes | str) -> None:
        self.board.feed(data.encode("utf-8") if isinstance(data, str) else data)

    def expect(self, pattern: bytes | str, timeout: float = 10.0) -> bytes:
        """Wait until `pattern` was received; return all output up to and including it (consumed)."""
        if isinstance(pattern, str):
            pattern = pattern.encode("utf-8")
        deadline = time.monotonic() + timeout
        with self._cv:
            while pattern not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for {pattern!r}; received {bytes(self._buffer)!r}")
                self._cv.wait(remaining)
            end = self._buffer.index(pattern) + len(pattern)
            data = bytes(self._buffer[:end])
            del self._buffer[:end]
            return data

    def pending(self) -> bytes:
        with self._cv:
            return bytes(self._buffer)

    def wait_idle_prompt(self) -> None:
        """Wait for the first friendly prompt after power-on."""
        self.expect(b">>> ")

    def raw(self) -> None:
        """Enter the raw REPL from the friendly prompt."""
        self.send(b"\x01")
        self.expect(b"raw REPL; CTRL-B to exit\r\n>")

    def exec_raw(self, code: str, timeout: float = 10.0) -> tuple[bytes, bytes]:
        """Run code in the raw REPL; return (stdout, stderr)."""
        self.send(code.encode("utf-8") + b"\x04")
        self.expect(b"OK", timeout)
        out = self.expect(b"\x04", timeout)[:-1]
        err = self.expect(b"\x04", timeout)[:-1]
        self.expect(b">", timeout)
        return out, err

    def error_line(self, code: str) -> bytes:
        """Run code in the raw REPL (entered already) and return the last line of its traceback."""
        _out, err = self.exec_raw(code)
        return err.rstrip(b"\r\n").splitlines()[-1]


class PtyBoard:
    """A started virtual board on a pty (`port`), its host folder (`root`), and a way to connect."""

    def __init__(self, root: Path, **options) -> None:
        self.root = root
        self.vb = VirtualBoard(fs_root=root, **options)
        self.transport = PtyTransport(self.vb)
        self.vb.start()

    @property
    def port(self) -> str:
        return self.transport.name

    def connect(self, cls=Connection, **kwargs) -> RawRepl:
        return RawRepl(cls(self.transport.name, **kwargs))

    def app_files(self, app: str = "data/pyamp") -> dict[str, bytes]:
        """The app folder's files, but for the deploy manifest."""
        folder = self.root / app
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and p.name != MANIFEST}

    def manifest(self, app: str = "data/pyamp") -> list[str]:
        lines = (self.root / app / MANIFEST).read_text(encoding="utf-8").splitlines()
        return [line for line in lines if not line.startswith("#")]

    def close(self) -> None:
        self.transport.close()
        self.vb.close()
