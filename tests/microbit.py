"""A real MicroPython firmware for the tests: the BBC micro:bit's MicroPython 1.9.2 on an nRF51
emulated by qemu (Debian's `qemu-system-arm` and `firmware-microbit-micropython`), behind a pty.

Its `os` has only listdir, remove, size and uname; there is no `uos`, hashlib, binascii or
`sys.stdin`, the heap is about 10 KB, and the file system is flat and empty at every start.
qemu serves the pty only while someone holds it open, so the fixture keeps a descriptor open.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from pathlib import Path

from ide.core.errors import IdeError

FIRMWARE = Path("/usr/share/firmware-microbit-micropython/firmware.hex")
START_TIMEOUT = 30
_PTY_LINE = re.compile(rb"char device redirected to (/dev/pts/\d+)")


@contextlib.contextmanager
def microbit():
    """Start the emulated micro:bit; yield its pty once qemu has printed it; stop it after."""
    process = subprocess.Popen(["qemu-system-arm", "-M", "microbit", "-device", f"loader,file={FIRMWARE}",
                                "-nographic", "-serial", "pty", "-monitor", "none"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    found: list[str] = []
    seen = bytearray()

    def read_port() -> None:
        while not found:
            line = process.stdout.readline()
            if not line:
                return
            seen.extend(line)
            match = _PTY_LINE.search(line)
            if match:
                found.append(match.group(1).decode())

    reader = threading.Thread(target=read_port, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    keeper = None
    try:
        if not found:
            raise AssertionError(f"qemu printed no pty: {bytes(seen)!r}")
        keeper = os.open(found[0], os.O_RDWR | os.O_NOCTTY)  # qemu stops serving a pty nobody holds open
        _wait_for_prompt(found[0])
        yield found[0]
    finally:
        if keeper is not None:
            os.close(keeper)
        process.kill()
        process.wait()
        process.stdout.close()


def _wait_for_prompt(port: str) -> None:
    """Until qemu notices the pty is open (it looks once a second), the firmware hears nothing."""
    from ide.core.link.connection import Connection

    with Connection(port) as conn:
        for _attempt in range(START_TIMEOUT):
            conn.write(b"\r")
            try:
                conn.read_until(b">>> ", 1.0)
                return
            except IdeError:
                continue
    raise AssertionError("the micro:bit never showed its prompt")
