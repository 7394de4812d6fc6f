"""The virtual board: a HaaS Python v2.2 ESP32 (MicroPython 1.17) behind a byte stream.

A transport (pty or TCP socket, see `serve.py`) attaches a sink for the board's output and feeds
it the host's bytes; the board thread runs boots and the REPL. Observers subscribe to `events`
(pin changes, cloud traffic, boots) and drive the outside world through `hardware`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ide.virtualboard.fs import DEFAULT_CAPACITY, BoardFS
from ide.virtualboard.repl import FRIENDLY, HardReset, Repl, SoftReset
from ide.virtualboard.runtime import Vm
from ide.virtualboard.uart import RX_CAPACITY, BoardClosed, Pacer, Uart

BOARD_JSON_PATHS = ("/sdcard/pyamp/board.json", "/data/pyamp/board.json",
                    "/sdcard/python-apps/driver/board.json", "/data/python-apps/driver/board.json")
RESET_CAUSES = {"poweron": "0x1 (POWERON_RESET)", "wdt": "0x7 (TG0WDT_SYS_RESET)"}
SW_RESET = "0xc (SW_CPU_RESET)"
ROM_BOOT = (
    "ets Jun  8 2016 00:22:57\n\nrst:{cause},boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "configsip: 0, SPIWP:0xee\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\n"
    "mode:DIO, clock div:2\nload:0x3fff0030,len:4\nentry 0x40080570\n"
)
FIRMWARE_DIR = Path(__file__).resolve().parent / "firmware_fs"


@dataclass(frozen=True)
class Personality:
    """What the firmware says about itself, and which REPL features it has."""

    chip: str = "ESP32"
    micropython: str = "v1.17-dirty"
    build_date: str = "2022-05-30"
    haas_version: str = "HaaSPython-ESP32-v2.2.0-2022-05-30"
    raw_paste: bool = True

    @property
    def machine(self) -> str:
        return f"{self.chip} module with {self.chip}"

    @property
    def version_text(self) -> str:
        return f"{self.micropython} on {self.build_date}"

    @property
    def banner(self) -> str:
        return (f"MicroPython {self.micropython} on {self.build_date}; {self.machine}\n"
                'Type "help()" for more information.\n')


CHIPS = {"esp32": "ESP32", "esp32c3": "ESP32C3", "esp32s3": "ESP32S3"}
BOARD_CHIPS = {"virtual": "esp32", "esp32-devkitc": "esp32", "nodemcu-32s": "esp32",
               "m5stack-core2": "esp32", "esp32c3-kit": "esp32c3", "esp32s3-kit": "esp32s3"}
FIRMWARE_VARIANTS = ("v2.2", "legacy")


def personality_for(board_id: str = "virtual", firmware: str = "v2.2") -> Personality:
    """The personality of a board id; firmware "legacy" is a pre-1.14 build without raw-paste."""
    if board_id not in BOARD_CHIPS:
        raise ValueError(f"unknown board {board_id!r}; known: {', '.join(sorted(BOARD_CHIPS))}")
    if firmware not in FIRMWARE_VARIANTS:
        raise ValueError(f"unknown firmware variant {firmware!r}; known: {', '.join(FIRMWARE_VARIANTS)}")
    chip = CHIPS[BOARD_CHIPS[board_id]]
    if firmware == "legacy":
        return Personality(chip=chip, micropython="v1.13-dirty", build_date="2021-03-11",
                           haas_version=f"HaaSPython-{chip}-v1.0.0-2021-03-11", raw_paste=False)
    return Personality(chip=chip, haas_version=f"HaaSPython-{chip}-v2.2.0-2022-05-30")


class Events:
    """Publish/subscribe for things observers of the board care about (dict events)."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[dict], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Callable[[dict], None]) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(callback)
        return lambda: self._unsubscribe(callback)

    def _unsubscribe(self, callback: Callable[[dict], None]) -> None:
        with self._lock:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

    def emit(self, kind: str, **data: Any) -> None:
        event = {"event": kind, **data}
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:  # an observer's bug must never stop the board
                pass


class VirtualBoard:
    """The simulated board. Call `start()`, attach a transport, `close()` when done."""

    TX_FIFO = 128  # bytes the UART may hold ahead of the wire before print() blocks

    def __init__(self, fs_root: str | Path | None = None, board_id: str = "virtual",
                 firmware: str = "v2.2", baud: int | None = None,
                 rx_capacity: int = RX_CAPACITY, fs_capacity: int = DEFAULT_CAPACITY) -> None:
        self.board_id = board_id
        self.personality = personality_for(board_id, firmware)
        self._tempdir = None if fs_root else tempfile.mkdtemp(prefix="haas-virtual-board-")
        self.fs = BoardFS(Path(fs_root or self._tempdir), fs_capacity)
        if not any(self.fs.root.iterdir()):
            install_firmware_files(self.fs.root)
        self.uart = Uart(rx_capacity)
        self.baud = baud
        self._tx_pacer = Pacer(baud)
        self._sink: Callable[[bytes], None] | None = None
        self._sink_lock = threading.Lock()
        self.events = Events()
        self.hardware = _make_hardware(self)
        self.vm: Vm | None = None
        self.boot_time = time.monotonic()
        self.clock_offset = 0
        self.boots = 0
        self._thread: threading.Thread | None = None
        self.uart.add_waker(lambda: self.vm is not None and self.vm.has_scheduled())

    # -- life --------------------------------------------------------------------------------
    def start(self) -> "VirtualBoard":
        self._thread = threading.Thread(target=self._run, name="virtual-board", daemon=True)
        self._thread.start()
        return self

    def close(self, timeout: float = 5.0) -> None:
        self.uart.close()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._tempdir:
            shutil.rmtree(self._tempdir, ignore_errors=True)

    def __enter__(self) -> "VirtualBoard":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self) -> None:
        repl = Repl(self)
        cause = "poweron"
        try:
            while True:
                if cause:
                    self._rom_boot(repl, cause)
                    cause = ""
                try:
                    self.boots += 1
                    self.events.emit("boot", count=self.boots)
                    repl.boot()
                except SoftReset:
                    continue
                except HardReset as reset:
                    cause = reset.reason
                except BoardClosed:
                    raise
                except BaseException:  # never let a stray error kill the board
                    continue
        except BoardClosed:
            pass
        finally:
            if self.vm is not None:
                self.vm.shutdown()

    def _rom_boot(self, repl: Repl, cause: str) -> None:
        """What the chip does after a reset: ROM lines, clean Python state, friendly REPL."""
        if self.vm is not None:
            self.vm.shutdown()
            self.vm = None
        self.boot_time = time.monotonic()
        repl.mode = FRIENDLY
        self.stdout_write(ROM_BOOT.format(cause=RESET_CAUSES.get(cause, SW_RESET)))

    def request_hard_reset(self, reason: str) -> None:
        """Reset the chip from any thread (watchdog): takes effect at the board's next safe point."""
        vm = self.vm
        if vm is not None:
            vm.schedule(_raise_hard_reset, reason)

    def new_vm(self) -> Vm:
        if self.vm is not None:
            self.vm.shutdown()
        self.vm = Vm(self)
        return self.vm

    # -- the wire ----------------------------------------------------------------------------
    def attach(self, sink: Callable[[bytes], None] | None) -> None:
        """Send the board's output to `sink` (None: output goes nowhere, as with no cable)."""
        with self._sink_lock:
            self._sink = sink

    def feed(self, data: bytes) -> None:
        """Bytes from the host, already at line rate."""
        self.uart.feed(data)

    def tx(self, data: bytes) -> None:
        """Raw bytes out of the UART; blocks like a full TX FIFO when the line is slower."""
        if self.uart.closed:
            raise BoardClosed()
        for i in range(0, len(data), self.TX_FIFO):
            chunk = data[i:i + self.TX_FIFO]
            ahead = self._tx_pacer.delay_for(len(chunk)) - self.TX_FIFO * self._tx_pacer.byte_time
            if ahead > 0:
                time.sleep(ahead)
            with self._sink_lock:
                sink = self._sink
            if sink is not None:
                sink(chunk)

    def stdout_write(self, text: str | bytes) -> None:
        """Program output: every \\n goes out as \\r\\n, as MicroPython's cooked stdout does."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        self.tx(data.replace(b"\n", b"\r\n"))

    def rx_chr(self) -> int:
        """The next byte from the host; runs scheduled callbacks while waiting, like the REPL."""
        with self.uart.consuming():
            while True:
                if self.vm is not None:
                    self.vm.run_scheduled()
                byte = self.uart.read_byte(wake=True)
                if byte is not None:
                    return byte

    def read_line(self, echo: bool) -> str:
        """A line typed by the host (for input()); Enter ends it."""
        buf = bytearray()
        while True:
            c = self.rx_chr()
            if c in (0x0D, 0x0A):
                if echo:
                    self.tx(b"\r\n")
                return buf.decode("utf-8", "replace")
            if c in (0x08, 0x7F):
                if buf:
                    del buf[-1]
                    if echo:
                        self.tx(b"\x08 \x08")
                continue
            buf.append(c)
            if echo:
                self.tx(bytes([c]))

    # -- configuration -----------------------------------------------------------------------
    def read_board_json(self) -> dict | None:
        """board.json from the first place the firmware looks; None when missing or unreadable."""
        for path in BOARD_JSON_PATHS:
            if self.fs.exists(path):
                try:
                    return json.loads(self.fs.host(path).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    return None
        return None


def _raise_hard_reset(reason: str) -> None:
    raise HardReset(reason)


def install_firmware_files(root: Path) -> None:
    """Put the HaaS firmware's own files (/boot.py, /lib/*.py) on a freshly flashed file system."""
    shutil.copytree(FIRMWARE_DIR, root, dirs_exist_ok=True)
    (root / "data" / "pyamp").mkdir(parents=True, exist_ok=True)


def _make_hardware(board: VirtualBoard):
    try:
        from ide.virtualboard.haas.hardware import Hardware
    except ImportError:
        return None
    return Hardware(board)
