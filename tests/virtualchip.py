"""Test harness for the virtual chip: a board on a pty with its output watched, the esptool CLI,
and application images (never sleeps: waits on output with timeouts)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time

from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.rom.appimage import AppInfo, app_descriptor, build_image, haas_firmware_image
from ide.virtualboard.serve import PtyTransport

MB = 1 << 20
COMPRESSIBLE = (b"HaaS Python on the virtual board: a line that compresses well.\n" * 2000)[:96 * 1024]


class Output:
    """Everything the board sends, kept for the test while the transport still gets it."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.cv = threading.Condition()

    def __call__(self, chunk: bytes) -> None:
        with self.cv:
            self.data += chunk
            self.cv.notify_all()

    def wait_for(self, pattern: bytes, count: int = 1, timeout: float = 10.0) -> bytes:
        deadline = time.monotonic() + timeout
        with self.cv:
            while self.data.count(pattern) < count:
                if not self.cv.wait(deadline - time.monotonic()) and time.monotonic() >= deadline:
                    raise AssertionError(f"no {pattern!r} x{count} in {bytes(self.data[-800:])!r}")
            return bytes(self.data)

    def clear(self) -> None:
        with self.cv:
            self.data.clear()


class PtyChip:
    """A virtual board on a pty, its output watched."""

    def __init__(self, root, board_id: str = "virtual", download_mode: bool = True, **options) -> None:
        self.board = VirtualBoard(fs_root=root, board_id=board_id, download_mode=download_mode, **options)
        self.transport = PtyTransport(self.board)
        self.output = Output()
        forward = self.transport._write
        self.board.attach(lambda chunk: (self.output(chunk), forward(chunk)))
        self.board.start()
        self.port = self.transport.name

    def close(self) -> None:
        self.transport.close()
        self.board.close()


@contextlib.contextmanager
def chip_factory(root):
    """make(board_id, **options) -> PtyChip under `root`; every chip made is closed at the end."""
    made = []

    def make(board_id: str = "virtual", **options) -> PtyChip:
        chip = PtyChip(root / f"fs{len(made)}", board_id, **options)
        made.append(chip)
        return chip

    try:
        yield make
    finally:
        for chip in made:
            chip.close()


def esptool(port: str, *args: str, ok: bool = True) -> str:
    """Run the real esptool CLI (under a timeout); its output."""
    result = subprocess.run([sys.executable, "-m", "esptool", "--port", port, *args],
                            capture_output=True, text=True, timeout=90)
    assert (result.returncode == 0) == ok, result.stdout + result.stderr
    return result.stdout + result.stderr


def app_image(project: str, version: str, date: str = "Jun 13 2022", payload: bytes = b"") -> bytes:
    """An ESP32 application image: the virtual board's HaaS firmware (project "haaspython-virtual"),
    or another application; `payload` makes it as big as a test needs."""
    if project == "haaspython-virtual" and not payload:
        return haas_firmware_image(0, version=version, date=date)
    app = AppInfo(project, version, date)
    return build_image(0, [(0x3F400020, app_descriptor(app) + (payload or b"blink " * 100)),
                           (0x40080000, b"\x00" * 64)], entry=0x40080000)
