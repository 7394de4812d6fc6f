"""What the chip does after a reset, until the HaaS firmware takes over.

The ROM prints its lines (reset cause, boot mode), then, with the strapping pin IO0 low, runs the
serial bootloader (`loader`); else it checks the image at the chip's boot offset and starts it:
- the virtual board's own HaaS firmware: ESP-IDF's application lines with its version, then the
  caller runs the firmware (MicroPython REPL);
- erased flash or an invalid image: the ROM's complaint, again after every watchdog reset, and
  never a REPL;
- any other valid image: its name and version, and silence (the virtual chip runs no machine
  code).
"""

from __future__ import annotations

from typing import Protocol

from ide.virtualboard.rom.appimage import AppInfo, BootImage, ImageInvalid, load_image
from ide.virtualboard.rom.chips import ESP32, Chip
from ide.virtualboard.rom.flash import Flash
from ide.virtualboard.rom.loader import Loader, Reboot, RunFirmware

BOOT_LOOP_PERIOD = 1.0   # seconds between the watchdog resets of a chip with nothing to boot
ERASED_WORD = 0xFFFFFFFF


class Line(Protocol):
    def read(self) -> bytes: ...
    def write(self, data: bytes) -> None: ...
    def print(self, text: str) -> None: ...           # console text (\n goes out as \r\n)
    def set_baud(self, baud: int | None) -> None: ...  # None: back to the power-on rate
    def idle(self, seconds: float) -> None: ...        # wait; raises when the chip is reset
    def receiving(self): ...                           # context: the bootloader reads every byte


class Rom:
    """The boot ROM of one chip with its flash."""

    def __init__(self, chip: Chip, flash: Flash, line: Line, max_baud: int | None = None) -> None:
        self.chip = chip
        self.flash = flash
        self.line = line
        self.max_baud = max_baud

    def boot(self, cause: str, download: bool) -> AppInfo:
        """Run the ROM after a reset; return the HaaS firmware to start (other outcomes never return)."""
        while True:
            self.line.set_baud(None)
            header = self.chip.rom_header + self.chip.rst_line(cause, download)
            if not download:
                self.line.print(header)
                return self._boot_from_flash()
            self.line.print(header + "waiting for download\n")
            try:
                with self.line.receiving():
                    Loader(self.chip, self.flash, self.line, self.max_baud).serve()
            except RunFirmware:
                return self._boot_from_flash()
            except Reboot:
                cause = "software"   # IO0 was latched low at the last reset: back to the bootloader

    # -- booting from flash ------------------------------------------------------------------
    def _boot_from_flash(self) -> AppInfo:
        try:
            image = load_image(self.flash.read, self.chip.boot_offset, self.flash.size, self.chip.image_chip_id)
        except ImageInvalid as invalid:
            self._boot_loop(invalid)
        self.line.print(self.chip.flash_boot_lines + f"entry 0x{image.entry:08x}\n")
        if image.app is not None:
            self.line.print(app_lines(image.app))
            if image.app.is_haas:
                return image.app
        self._run_foreign(image)

    def _boot_loop(self, invalid: ImageInvalid) -> None:
        """Nothing bootable: the ROM complains, the RTC watchdog resets the chip, forever."""
        while True:
            self.line.print(self._complaint(invalid))
            self.line.idle(BOOT_LOOP_PERIOD)
            self.line.print(self.chip.rom_header + self.chip.rst_line("rtcwdt", False))

    def _complaint(self, invalid: ImageInvalid) -> str:
        if invalid.first_word == ERASED_WORD and self.chip is ESP32:
            return f"flash read err, {self.chip.boot_offset:x}\nets_main.c 371 \n"
        if invalid.reason == "invalid header":
            return f"invalid header: 0x{invalid.first_word:08x}\n"
        return f"{invalid.reason}\n"

    def _run_foreign(self, image: BootImage) -> None:
        """A valid image that is not the virtual board's HaaS firmware: named, then silent."""
        if image.app is None:
            name = f"the image at 0x{self.chip.boot_offset:x} (no application descriptor)"
        else:
            name = f'"{image.app.project}" {image.app.version}'
        self.line.print(f"W (150) virtual-board: {name} is not HaaS Python for the virtual board: "
                        "it runs without a REPL.\n")
        while True:
            self.line.idle(3600)


def app_lines(app: AppInfo) -> str:
    """ESP-IDF's start-up lines about the application."""
    return ("I (29) cpu_start: Pro cpu up.\n"
            "I (96) cpu_start: Application information:\n"
            f"I (101) cpu_start: Project name:     {app.project}\n"
            f"I (106) cpu_start: App version:      {app.version}\n"
            f"I (111) cpu_start: Compile time:     {app.date} {app.time}\n"
            f"I (117) cpu_start: ELF file SHA256:  {app.elf_sha256.hex()[:16]}...\n"
            f"I (123) cpu_start: ESP-IDF:          {app.idf}\n")
