"""Test harness: talk to an in-process virtual board and wait on its output (never sleep)."""

from __future__ import annotations

import threading
import time

from ide.virtualboard.board import VirtualBoard


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
