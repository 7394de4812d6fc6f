"""The start of HaaS Python on a HaaS1000 (HaaS EDU K1, HaaS100) or HaaS200 board: `amp_boot`.

There is no ESP32-style ROM bootloader here. After a reset the firmware prints its boot lines and
`amp shakehand begin...`, then listens 500 ms for the host (AliOS Things,
`components/py_engine/external/amp_boot/`):
1. each 0xA5 byte is answered with 0x5A and restarts the 500 ms; four in a row open the window.
   Silence (or anything else) for 500 ms: the board boots normally and runs main.py;
2. the host sends `amp_boot` (keep the app in /data) or `amp_boot_sd` (on the SD card); the board
   answers `received save local` or `received save sdcard`, then `amp shakehand success`;
3. command lines follow: `cmd_file_transfer` receives a file over YMODEM (`ymodemrx`) and installs
   a received .zip by unpacking it into `<place>/pyamp/`; `cmd_exit` ends the window
   (`aos boot finished`) and the board boots normally. No command for 5 s ends it too.

Where the firmware would hang (a wrong sync word, a sender gone mid-transfer) this one gives up
after a few seconds and boots. A zip is unpacked only once received whole, CRC-checked and tested
(every member's CRC-32); otherwise the app already on the board stays as it was. The boot lines
are in the style of AliOS Things, not a copy of a real board's log.

`AmpFaults` is fault injection for tests: boot windows that hear nothing (the host missed them),
and data blocks damaged on reception.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ide.virtualboard.ymodemrx import Refused, YmodemReceiver

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

SHAKE, SHAKE_ANSWER = 0xA5, 0x5A
SHAKES = 4                    # 0xA5 bytes in a row that open the window
WINDOW = 0.5                  # seconds the board listens for the next 0xA5
SYNC_TIMEOUT = 3.0            # seconds for the sync word once the window is open
SYNC_GAP = 0.05               # the sync word ends when the line has been quiet this long
COMMAND_TIMEOUT = 5.0         # seconds the command menu waits for a line
COMMAND_MAX = 32
BANNER = b"amp shakehand begin...\n"
SYNC_WORDS = {b"amp_boot": ("/data", b"received save local\t\n"),
              b"amp_boot_sd": ("/sdcard", b"received save sdcard\t\n")}
SHAKEHAND_SUCCESS = b"amp shakehand success\n"
CMD_EXIT, CMD_FILE_TRANSFER = "cmd_exit", "cmd_file_transfer"
APP_FOLDER = "pyamp"


@dataclass
class AmpFaults:
    """Faults a test arranges (thread-safe). Block numbers count data blocks from 1 (0 is the
    header block); each listed number takes effect once, so a retried block gets through."""

    deaf_windows: int = 0                                # boot windows that hear nothing
    corrupt_blocks: list[int] = field(default_factory=list)  # received with a flipped byte: NAKed
    silent_blocks: list[int] = field(default_factory=list)   # swallowed without an answer
    lost_acks: list[int] = field(default_factory=list)       # stored, but the ACK is not sent

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def take(self, kind: str, block_number: int) -> bool:
        with self._lock:
            numbers = getattr(self, kind)
            if block_number in numbers:
                numbers.remove(block_number)
                return True
            return False

    def take_deaf_window(self) -> bool:
        with self._lock:
            if self.deaf_windows > 0:
                self.deaf_windows -= 1
                return True
            return False


class InstallError(Exception):
    """The received zip cannot be installed (the message goes to the board's log)."""


class AmpLine:
    """The board's UART as amp_boot polls it; every wait notices a reset of the chip."""

    def __init__(self, board: "VirtualBoard") -> None:
        self.board = board
        self._pending = bytearray()

    def read_byte(self, timeout: float) -> int | None:
        if self._pending:
            return self._pending.pop(0)
        byte = self.board.uart.read_byte(max(0.0, timeout), wake=True)
        self.board.check_reset()
        return byte

    def read(self, count: int, timeout: float) -> bytes:
        """Up to `count` bytes; stops early when the line is quiet for `timeout`."""
        out = bytearray()
        while len(out) < count:
            if not self._pending:
                byte = self.read_byte(timeout)
                if byte is None:
                    break
                self._pending.append(byte)
                self._pending.extend(self.board.uart.read_available())
            take = min(count - len(out), len(self._pending))
            out += self._pending[:take]
            del self._pending[:take]
        return bytes(out)

    def discard_input(self) -> None:
        self._pending.clear()
        self.board.uart.read_available()

    def write(self, data: bytes) -> None:
        self.board.tx(data)

    def print(self, text: str) -> None:
        self.board.stdout_write(text)


class AmpBoot:
    """What a HaaS1000/HaaS200 board does from reset until HaaS Python starts (the board's `rom`)."""

    def __init__(self, board: "VirtualBoard", chip_name: str, faults: AmpFaults) -> None:
        self.board = board
        self.chip_name = chip_name
        self.faults = faults

    def boot(self, cause: str, download: bool) -> None:
        """Boot lines, the shakehand window and its commands; returns when Python should start."""
        self.board.set_line_baud(None)
        line = AmpLine(self.board)
        line.print(boot_lines(self.chip_name, self.board.personality.haas_version, cause))
        place = self._shakehand(line)
        if place is not None:
            self.board.events.emit("amp_shakehand", place=place)
            with self.board.uart.consuming():
                self._menu(line, place)

    # -- the window --------------------------------------------------------------------------
    def _shakehand(self, line: AmpLine) -> str | None:
        """The folder the host chose ("/data" or "/sdcard"), or None when the window closed."""
        line.discard_input()  # what came before the UART listened is gone
        line.write(BANNER)
        deaf = self.faults.take_deaf_window()
        count = 0
        deadline = time.monotonic() + WINDOW
        while count < SHAKES:
            byte = line.read_byte(deadline - time.monotonic())
            if byte is None:
                if time.monotonic() >= deadline:
                    return None
                continue
            if deaf or byte == 0:
                continue
            count = count + 1 if byte == SHAKE else 0
            if byte == SHAKE:
                line.write(bytes([SHAKE_ANSWER]))
                deadline = time.monotonic() + WINDOW
        return self._sync(line)

    def _sync(self, line: AmpLine) -> str | None:
        deadline = time.monotonic() + SYNC_TIMEOUT
        while time.monotonic() < deadline:
            word = _read_word(line, deadline)
            if word in SYNC_WORDS:
                place, answer = SYNC_WORDS[word]
                line.write(answer + SHAKEHAND_SUCCESS)
                return place
        return None

    # -- commands ----------------------------------------------------------------------------
    def _menu(self, line: AmpLine, place: str) -> None:
        while True:
            command = _read_command(line)
            if command is None:
                line.print("no command 3 seconds \n")
                return
            if command == CMD_EXIT:
                line.print("aos boot finished \n")
                return
            if command == CMD_FILE_TRANSFER:
                self._file_transfer(line, place)
            else:
                line.print("command not supported  \n")

    def _file_transfer(self, line: AmpLine, place: str) -> None:
        fs = self.board.fs
        room = max(0, fs.capacity - fs.used())
        try:
            received = YmodemReceiver(line, room, self.faults).receive()
        except Refused as refused:
            self.board.events.emit("amp_transfer_failed", reason=refused.reason)
            line.print(f"Ymodem recv file Err: {refused.reason}\n")
            return
        if received is None or not received.name.endswith(".zip"):
            return
        app_dir = f"{place}/{APP_FOLDER}"
        try:
            files = install_app(fs, received.data, app_dir)
        except InstallError as error:
            self.board.events.emit("amp_install_failed", reason=str(error))
            line.print(f"py app install failed: {error}\n")
            return
        self.board.events.emit("app_installed", path=app_dir, files=files, size=len(received.data))


def boot_lines(chip_name: str, haas_version: str, cause: str) -> str:
    return (f"\n{chip_name} boot ({'power on' if cause == 'poweron' else 'reset: ' + cause})\n"
            "[   0.008]<I> AOS kernel init\n"
            "[   0.052]<I> littlefs mounted on /data\n"
            f"[   0.104]<I> python engine {haas_version}\n")


def _read_word(line: AmpLine, deadline: float) -> bytes | None:
    """Bytes up to a quiet gap, without the 0xA5 bytes still arriving from the shakehand."""
    word = bytearray()
    while time.monotonic() < deadline:
        byte = line.read_byte(SYNC_GAP if word else deadline - time.monotonic())
        if byte is None:
            if word:
                return bytes(word).strip()
            continue
        if byte != SHAKE or word:
            word.append(byte)
    return None


def _read_command(line: AmpLine) -> str | None:
    """One command line (\\n or \\r\\n ends it), or None after COMMAND_TIMEOUT."""
    deadline = time.monotonic() + COMMAND_TIMEOUT
    buf = bytearray()
    while time.monotonic() < deadline:
        byte = line.read_byte(deadline - time.monotonic())
        if byte is None:
            continue
        if byte == 0x0A:
            return buf.rstrip(b"\r").decode("utf-8", "replace").strip()
        buf.append(byte)
        if len(buf) > COMMAND_MAX:
            buf.clear()
    return None


# -- installing the app ----------------------------------------------------------------------------
def install_app(fs, data: bytes, app_dir: str) -> list[str]:
    """Unpack the zip `data` into `app_dir` of the board's file system, over what is there.

    Everything is checked before the first file is written: the archive, every member's CRC-32,
    the member names (no absolute paths, no `..`) and the room the files need."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        broken = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise InstallError(f"not a valid zip: {exc}") from None
    if broken is not None:
        raise InstallError(f"bad CRC in {broken}")
    members = [info for info in archive.infolist() if not info.is_dir()]
    for info in members:
        if info.filename.startswith("/") or ".." in info.filename.split("/"):
            raise InstallError(f"unsafe name {info.filename}")
    needed = sum(-(-info.file_size // 4096) * 4096 for info in members)
    if needed > fs.capacity - fs.used() + _existing_size(fs, app_dir, members):
        raise InstallError("no space")
    for info in members:
        path = f"{app_dir}/{info.filename}"
        _make_dirs(fs, path.rsplit("/", 1)[0])
        with fs.open(path, "wb") as handle:
            handle.write(archive.read(info))
    return [info.filename for info in members]


def _existing_size(fs, app_dir: str, members) -> int:
    total = 0
    for info in members:
        try:
            total += -(-fs.stat(f"{app_dir}/{info.filename}")[6] // 4096) * 4096
        except OSError:
            pass
    return total


def _make_dirs(fs, folder: str) -> None:
    path = ""
    for part in folder.strip("/").split("/"):
        path += "/" + part
        if not fs.exists(path):
            fs.mkdir(path)
