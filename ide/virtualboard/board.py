"""The virtual board: a HaaS Python v2.2 ESP32 (MicroPython 1.17) behind a byte stream.

A transport (pty, TCP socket or RFC 2217, see `serve.py`) attaches a sink for the board's output
and feeds it the host's bytes; the board thread runs boots and the REPL. Observers subscribe to
`events` (pin changes, cloud traffic, boots, resets) and drive the outside world through
`hardware`. Below the firmware sits the chip (`rom/`): after each reset its boot ROM either runs
the serial bootloader (BOOT held: `download_mode`, or IO0 pulled low by the DTR/RTS circuit) or
boots what the flash holds, which is the board's own HaaS firmware until something else is flashed.
HaaS1000 and HaaS200 boards (HaaS EDU K1, HaaS200) have no such ROM here: their firmware starts
with the `amp_boot` window (`ampboot.py`), through which a host pushes the app as a zip.
Which chip a board id has comes from the board catalogue (`ide/boards/*.json`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ide.virtualboard.catalogue import (BOARD_CHIPS, BOARD_FLASH_SIZES, CHIPS, FIRMWARE_VARIANTS,
                                        STOCK_BOARDS)
from ide.virtualboard.fs import DEFAULT_CAPACITY
from ide.virtualboard.repl import FRIENDLY, HardReset, Repl, SoftReset
from ide.virtualboard.rom.appimage import AppInfo, haas_firmware_image
from ide.virtualboard.rom.boot import Rom
from ide.virtualboard.rom.chips import FLASH_SIZES, chip_for
from ide.virtualboard.rom.flash import STORE_DIR, Flash, FlashHidingFS
from ide.virtualboard.uart import RX_CAPACITY, BoardClosed, Pacer, TxQueue, Uart

if TYPE_CHECKING:
    from ide.virtualboard.engine.vm import Vm

if TYPE_CHECKING:
    from ide.virtualboard.ampboot import AmpFaults

BOARD_JSON_PATHS = ("/sdcard/pyamp/board.json", "/data/pyamp/board.json",
                    "/sdcard/python-apps/driver/board.json", "/data/python-apps/driver/board.json")
FIRMWARE_DIR = Path(__file__).resolve().parent / "firmware_fs"


@dataclass(frozen=True)
class Personality:
    """What the firmware says about itself, and which REPL features it has."""

    chip: str = "ESP32"
    micropython: str = "v1.17-dirty"
    build_date: str = "2022-05-30"
    haas_version: str = "HaaSPython-ESP32-v2.2.0-2022-05-30"
    raw_paste: bool = True
    haas: bool = True  # False: stock MicroPython (no /data/pyamp, no marker lines, runs /main.py)

    @property
    def machine(self) -> str:
        return f"{self.chip} module with {self.chip}"

    @property
    def sysname(self) -> str:
        """uos.uname().sysname: the port's name, "esp32" for every ESP32 variant, else the chip's."""
        return "esp32" if self.chip.upper().startswith("ESP32") else self.chip.lower()

    @property
    def release(self) -> str:
        """os.uname().release: "1.17.0" for "v1.17-dirty"."""
        return self.micropython.lstrip("v").split("-")[0] + ".0"

    @property
    def version_text(self) -> str:
        return f"{self.micropython} on {self.build_date}"

    @property
    def banner(self) -> str:
        return (f"MicroPython {self.micropython} on {self.build_date}; {self.machine}\n"
                'Type "help()" for more information.\n')


AMP_BOOT_CHIPS = {"haas1000": "HaaSEDUK1", "haas200": "HaaS200"}  # chip -> firmware name (amp_boot window)
STOCK_BOOT_PY = ("# This file is executed on every boot (including wake-boot from deepsleep)\n"
                 "#import esp\n#esp.osdebug(None)\n#import webrepl\n#webrepl.start()\n")


def personality_for(board_id: str = "virtual", firmware: str = "v2.2") -> Personality:
    """The personality of a board id; firmware "legacy" is a pre-1.14 build without raw-paste,
    "stock" is plain MicroPython (no HaaS layer on top)."""
    if board_id not in BOARD_CHIPS:
        raise ValueError(f"unknown board {board_id!r}; known: {', '.join(sorted(BOARD_CHIPS))}")
    if firmware not in FIRMWARE_VARIANTS:
        raise ValueError(f"unknown firmware variant {firmware!r}; known: {', '.join(FIRMWARE_VARIANTS)}")
    if board_id in STOCK_BOARDS:  # a board whose catalogue entry runs stock MicroPython
        firmware = "stock"
    chip = CHIPS[BOARD_CHIPS[board_id]]
    name = AMP_BOOT_CHIPS.get(BOARD_CHIPS[board_id], chip)
    if firmware == "stock":
        return Personality(chip=chip, micropython="v1.17", build_date="2021-09-02", haas_version="", haas=False)
    if firmware == "legacy":
        return Personality(chip=chip, micropython="v1.13-dirty", build_date="2021-03-11",
                           haas_version=f"HaaSPython-{name}-v1.0.0-2021-03-11", raw_paste=False)
    return Personality(chip=chip, haas_version=f"HaaSPython-{name}-v2.2.0-2022-05-30")


def personality_of_image(board_id: str, app: AppInfo) -> Personality:
    """The personality of the HaaS firmware image `app` (from flash): its version and date decide."""
    variant = "legacy" if app.version.startswith(("v0.", "v1.")) else "v2.2"
    base = personality_for(board_id, variant)
    return replace(base, build_date=app.iso_date,
                   haas_version=f"HaaSPython-{base.chip}-{app.version}-{app.iso_date}")


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
                 rx_capacity: int = RX_CAPACITY, fs_capacity: int = DEFAULT_CAPACITY,
                 download_mode: bool = False, flash_size: int | None = None,
                 max_baud: int | None = None, amp_faults: "AmpFaults | None" = None) -> None:
        """`firmware` is the variant of HaaS firmware the flash comes with; `download_mode` holds
        BOOT at power-on (serial bootloader); `max_baud` is the fastest rate the line carries;
        `amp_faults` damages the boot window and uploads of HaaS1000/HaaS200 boards (tests)."""
        self.board_id = board_id
        self.personality = personality_for(board_id, firmware)
        self._tempdir = None if fs_root else tempfile.mkdtemp(prefix="haas-virtual-board-")
        self.fs = FlashHidingFS(Path(fs_root or self._tempdir), fs_capacity)
        if not self.fs.listdir("/"):
            from ide.virtualboard.firmware_catalogue import declared_modules

            install_firmware_files(self.fs.root, declared_modules(board_id), self.personality.haas)
        self.uart = Uart(rx_capacity)
        self.baud = baud
        self._tx_pacer = Pacer(baud)
        self._tx_queue = TxQueue(self._to_wire)
        self.uart.before_wait = self._tx_queue.flush  # a reply goes out before the board waits for more
        self.rx_pacer = Pacer(baud)
        self.amp_faults = amp_faults  # None: no faults (HaaS1000/HaaS200 boards only)
        self._make_chip(flash_size or BOARD_FLASH_SIZES[board_id], firmware, max_baud)
        self._reset_lock = threading.Lock()
        self._en_low = False
        self._reset_pending = False
        self._reset_reason = "en"
        self._strap_download = download_mode
        self._sink: Callable[[bytes], None] | None = None
        self._sink_lock = threading.Lock()
        self.events = Events()
        self.hardware = _make_hardware(self)
        self.vm: Vm | None = None
        self.boot_time = time.monotonic()
        self.clock_offset = 0
        self.boots = 0
        self.stdin_fault: int | None = None  # fault injection (tests): stdin reads by running code fail with this errno
        self._thread: threading.Thread | None = None
        self.uart.add_waker(lambda: self._reset_pending)
        self.uart.interrupt_char = lambda: self.vm.interrupt_char if self.vm is not None else -1
        self.uart.on_interrupt = lambda: self.vm is not None and self.vm.interrupt()

    def _make_chip(self, flash_size: int, firmware: str, max_baud: int | None) -> None:
        """The chip, its flash and what runs after a reset (`rom`: an ESP32 boot ROM, or amp_boot)."""
        chip_key = BOARD_CHIPS[self.board_id]
        if chip_key in AMP_BOOT_CHIPS:
            self.chip = None
            self.flash = Flash(flash_size, self.fs.root / STORE_DIR)
            from ide.virtualboard.ampboot import AmpBoot, AmpFaults  # only these boards have it

            self.rom = AmpBoot(self, CHIPS[chip_key], self.amp_faults or AmpFaults())
            return
        self.chip = chip_for(chip_key)
        if flash_size not in FLASH_SIZES:
            raise ValueError(f"flash size {flash_size} is not one of {FLASH_SIZES}")
        image_variant = "v2.2" if firmware == "stock" else firmware  # the chip needs some image to boot
        factory = [(self.chip.boot_offset, haas_firmware_image(self.chip.image_chip_id, image_variant))]
        self.flash = Flash(flash_size, self.fs.root / STORE_DIR, factory)
        self.rom = Rom(self.chip, self.flash, _RomLine(self), max_baud)

    # -- life --------------------------------------------------------------------------------
    def start(self) -> "VirtualBoard":
        self._thread = threading.Thread(target=self._run, name="virtual-board", daemon=True)
        self._thread.start()
        return self

    def close(self, timeout: float = 5.0) -> None:
        self._tx_queue.drain(min(timeout, 1.0))
        self._tx_queue.close()
        self.uart.close()
        if self.vm is not None:
            self.vm.stop(BoardClosed())
        if self._thread is not None:
            self._thread.join(timeout)
        self.flash.close()
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
                try:
                    if cause:
                        self._rom_boot(repl, cause)
                        cause = ""
                    self.boots += 1
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
            self._end_vm(BoardClosed())

    def _rom_boot(self, repl: Repl, cause: str) -> None:
        """What the chip does after a reset: the ROM runs (bootloader or flash check) until the
        HaaS firmware starts with a clean Python state and the friendly REPL."""
        self._end_vm(HardReset(cause))
        self._wait_for_release()
        with self._reset_lock:
            download, self._strap_download = self._strap_download, False
        self.boot_time = time.monotonic()
        repl.mode = FRIENDLY
        self.events.emit("reset", cause=cause, download=download)
        app = self.rom.boot(cause, download)
        if app is not None and self.personality.haas:  # amp_boot and stock boards keep theirs
            self.personality = personality_of_image(self.board_id, app)

    def _wait_for_release(self) -> None:
        """While EN is held low the chip does nothing."""
        while True:
            with self._reset_lock:
                self._reset_pending = False
                if not self._en_low:
                    return
            self.uart.sleep(3600, until=lambda: not self._en_low)

    # -- the reset circuit -------------------------------------------------------------------
    def hold_reset(self) -> None:
        """EN low (from any thread): the chip stops where it is and stays silent."""
        with self._reset_lock:
            self._en_low = True
            self._reset_pending = True
            self._reset_reason = "en"
        vm = self.vm
        if vm is not None:
            vm.stop(HardReset("en"))
        self.uart.notify()

    def release_reset(self, download: bool = False) -> None:
        """EN high: the chip boots, into the serial bootloader if IO0 is held low (`download`)."""
        with self._reset_lock:
            if not self._en_low:
                return
            self._en_low = False
            self._strap_download = download
        self.uart.notify()

    def reset(self, download: bool = False) -> None:
        """Press and release RESET, holding BOOT when `download`."""
        self.hold_reset()
        self.release_reset(download)

    def check_reset(self) -> None:
        """Raise HardReset on the board thread when the chip has been reset (ROM code's safe point)."""
        if self._reset_pending:
            raise HardReset(self._reset_reason)

    def set_line_baud(self, baud: int | None) -> None:
        """The UART changed speed (CHANGE_BAUDRATE); None: back to the power-on rate. Only a
        board with a line rate (`baud`) is paced."""
        rate = (baud or self.baud) if self.baud else None
        for pacer in (self._tx_pacer, self.rx_pacer):
            pacer.byte_time = 10.0 / rate if rate else 0.0

    def request_hard_reset(self, reason: str) -> None:
        """Reset the chip from any thread (watchdog, machine.reset()): the running VM stops, and
        a board waiting at its prompt reboots too."""
        with self._reset_lock:
            self._reset_pending = True
            self._reset_reason = reason
        vm = self.vm
        if vm is not None:
            vm.stop(HardReset(reason))
        self.uart.notify()

    def new_vm(self) -> "Vm":
        """A fresh MicroPython VM for this boot (the last one, if any, is ended first)."""
        from ide.virtualboard.engine.vm import Vm
        from ide.virtualboard.firmware import bridge_for

        self._end_vm(SoftReset())
        self.vm = Vm(self, bridge_for(self))
        self.vm.start()
        self.events.emit("boot", count=self.boots)  # observers find this boot's VM and board.json
        return self.vm

    def _end_vm(self, reason: BaseException) -> None:
        vm, self.vm = self.vm, None
        if vm is not None:
            vm.stop(reason)
            vm.join()

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
        if not self._tx_pacer.byte_time:
            self._tx_queue.put(data)
            return
        for i in range(0, len(data), self.TX_FIFO):
            chunk = data[i:i + self.TX_FIFO]
            ahead = self._tx_pacer.delay_for(len(chunk)) - self.TX_FIFO * self._tx_pacer.byte_time
            if ahead > 0:
                time.sleep(ahead)
            with self._sink_lock:
                sink = self._sink
            if sink is not None:
                sink(chunk)

    def _to_wire(self, data: bytes) -> None:
        with self._sink_lock:
            sink = self._sink
        if sink is not None:
            sink(data)

    def stdout_write(self, text: str | bytes) -> None:
        """Program output: every \\n goes out as \\r\\n, as MicroPython's cooked stdout does."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        self.tx(data.replace(b"\n", b"\r\n"))

    def rx_chr(self) -> int:
        """The next byte from the host; a reset of the chip ends the wait (HardReset)."""
        while True:
            byte = self.uart.read_byte(wake=True)
            self.check_reset()
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


class _RomLine:
    """The chip's UART as its boot ROM and bootloader use it."""

    def __init__(self, board: VirtualBoard) -> None:
        self.board = board

    def read(self) -> bytes:
        """Bytes from the host (blocks); raises HardReset when the chip is reset."""
        byte = self.board.uart.read_byte(wake=True)
        self.board.check_reset()
        if byte is None:
            return b""
        return bytes([byte]) + self.board.uart.read_available()

    def write(self, data: bytes) -> None:
        self.board.tx(data)

    def print(self, text: str) -> None:
        self.board.stdout_write(text)

    def set_baud(self, baud: int | None) -> None:
        self.board.set_line_baud(baud)

    def idle(self, seconds: float) -> None:
        self.board.uart.sleep(seconds)
        self.board.check_reset()

    def receiving(self):
        return self.board.uart.consuming()


def install_firmware_files(root: Path, modules: frozenset[str] | None = None, haas: bool = True) -> None:
    """Put the firmware's own files on a freshly flashed file system: HaaS's /boot.py, /lib/*.py
    (with `modules`, only the /lib modules that firmware has: HaaS1000's has none of them) and
    /data/pyamp, or stock MicroPython's /boot.py alone."""
    if not haas:
        root.mkdir(parents=True, exist_ok=True)
        (root / "boot.py").write_text(STOCK_BOOT_PY, encoding="utf-8")
        return

    def not_in_firmware(folder: str, names: list[str]) -> list[str]:
        if modules is None or Path(folder).name != "lib":
            return []
        return [name for name in names if name.endswith(".py") and name[:-3] not in modules]

    shutil.copytree(FIRMWARE_DIR, root, dirs_exist_ok=True, ignore=not_in_firmware)
    (root / "data" / "pyamp").mkdir(parents=True, exist_ok=True)


def _make_hardware(board: VirtualBoard):
    try:
        from ide.virtualboard.haas.hardware import Hardware
    except ImportError:
        return None
    return Hardware(board)
