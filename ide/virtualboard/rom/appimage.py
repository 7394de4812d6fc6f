"""ESP application images: the virtual board's own HaaS firmware, and the ROM's check before boot.

The image format (as ESP-IDF writes it): an 8-byte header (magic 0xE9, segment count, flash mode,
flash size and frequency, entry point), a 16-byte extended header (chip id, revisions, whether a
SHA-256 digest follows), segments (load address, length, data), padding to 16 bytes ending in
the XOR checksum of all segment data (seeded 0xEF), then the SHA-256 of everything before it.
The first segment mapped in DROM starts with the application descriptor (magic 0xABCD5432,
version, project name, compile time and date, ESP-IDF version, ELF SHA-256).

`haas_firmware_image(chip, variant)` builds, byte for byte the same every time, what the virtual
board runs: the bundled `virtual-esp32` firmware is its ESP32 build (see firmware/build_virtual.py).
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import Callable

from ide.core.espimage import (APP_DESC, APP_DESC_MAGIC, CHECKSUM_SEED, EXTENDED_HEADER, HEADER, IMAGE_MAGIC,
                               MAX_SEGMENTS, SEGMENT_HEADER, xor_checksum)  # the ROM loader imports it from here
FLASH_MODE_DIO = 2
FLASH_SIZE_CODES = {4 << 20: 0x20, 8 << 20: 0x30, 16 << 20: 0x40}

HAAS_PROJECT = "haaspython-virtual"
IDF_VERSION = "v4.4"
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
VARIANTS = {"v2.2": ("v2.2.0", "May 30 2022"), "legacy": ("v1.0.0", "Mar 11 2021")}


@dataclass(frozen=True)
class Layout:
    """Where an application's segments live in a chip's address space."""

    drom: tuple[int, int]
    dram: int
    iram: int


LAYOUTS = {
    0: Layout(drom=(0x3F400000, 0x3F800000), dram=0x3FFB0000, iram=0x40080000),   # ESP32
    9: Layout(drom=(0x3C000000, 0x3E000000), dram=0x3FC88000, iram=0x40370000),   # ESP32-S3
    5: Layout(drom=(0x3C000000, 0x3C800000), dram=0x3FC88000, iram=0x4037C000),   # ESP32-C3
}


@dataclass(frozen=True)
class AppInfo:
    """The application descriptor's fields a person reads."""

    project: str
    version: str
    date: str          # C __DATE__ form: "May 30 2022"
    time: str = "00:00:00"
    idf: str = IDF_VERSION
    elf_sha256: bytes = b"\x00" * 32

    @property
    def iso_date(self) -> str:
        """"2022-05-30" for "May 30 2022" (without strptime, whose first call costs 15 ms a boot)."""
        parts = self.date.split()
        if len(parts) == 3 and parts[0] in _MONTHS and parts[1].isdigit() and parts[2].isdigit():
            return f"{int(parts[2]):04d}-{_MONTHS.index(parts[0]) + 1:02d}-{int(parts[1]):02d}"
        return self.date

    @property
    def is_haas(self) -> bool:
        return self.project == HAAS_PROJECT


# -- building --------------------------------------------------------------------------------
def build_image(chip_id: int, segments: list[tuple[int, bytes]], entry: int, flash_size: int = 4 << 20) -> bytes:
    """An image of `segments` [(load address, data)] for the chip with `chip_id`."""
    body = bytearray(HEADER.pack(IMAGE_MAGIC, len(segments), FLASH_MODE_DIO, FLASH_SIZE_CODES[flash_size], entry))
    body += EXTENDED_HEADER.pack(0xEE, 0, 0, 0, chip_id, 0, 0, 0, b"\x00" * 4, 1)
    checksum = CHECKSUM_SEED
    for address, data in segments:
        data = data + b"\x00" * (-len(data) % 4)
        body += SEGMENT_HEADER.pack(address, len(data)) + data
        checksum = xor_checksum(data, checksum)
    body += b"\x00" * (15 - len(body) % 16) + bytes([checksum])
    return bytes(body + hashlib.sha256(body).digest())


def app_descriptor(app: AppInfo) -> bytes:
    return APP_DESC.pack(APP_DESC_MAGIC, 0, b"", app.version.encode(), app.project.encode(), app.time.encode(),
                         app.date.encode(), app.idf.encode(), app.elf_sha256, 0, 0, 16, b"", b"")


def haas_firmware_image(chip_id: int = 0, variant: str = "v2.2", version: str | None = None,
                        date: str | None = None) -> bytes:
    """The virtual board's HaaS Python firmware for the chip with `chip_id` (deterministic)."""
    default_version, default_date = VARIANTS[variant]
    version, date = version or default_version, date or default_date
    layout = LAYOUTS[chip_id]
    payload = _manifest(version).encode()
    code = bytes(range(256)) * 2
    app = AppInfo(HAAS_PROJECT, version, date, elf_sha256=hashlib.sha256(payload + code).digest())
    return build_image(chip_id, [(layout.drom[0] + 0x20, app_descriptor(app) + payload),
                                 (layout.dram, struct.pack("<8I", *range(8))),
                                 (layout.iram, code)], entry=layout.iram + 0x100)


def _manifest(version: str) -> str:
    modules = ("driver", "aliyunIoT", "network", "netmgr", "http", "kv", "system", "machine", "utime",
               "ujson", "uos", "ubinascii", "uhashlib", "uzlib", "usocket", "ustruct", "umqtt", "gc")
    return (f"HaaS Python {version} for the HaaS IDE virtual board (MicroPython v1.17)\n"
            "Runs on the virtual board only: it carries no machine code.\n"
            "Frozen modules: " + " ".join(modules) + "\n"
            "File system: /boot.py /lib/appOta.py /lib/appUpgrade.py /lib/bleNetConfig.py "
            "/lib/oneMinuteOnCloud.py /data/pyamp\n")


# -- the ROM's check ----------------------------------------------------------------------------
class ImageInvalid(Exception):
    """The ROM will not run what is in flash; `first_word` is what it read at the image's start."""

    def __init__(self, reason: str, first_word: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.first_word = first_word


@dataclass(frozen=True)
class BootImage:
    chip_id: int
    entry: int
    segments: tuple[tuple[int, int], ...]   # (load address, length)
    app: AppInfo | None


def load_image(read: Callable[[int, int], bytes], offset: int, limit: int, chip_id: int) -> BootImage:
    """Check the image at `offset` as the boot ROM does: header, chip, segments, checksum, digest."""
    head = read(offset, HEADER.size + EXTENDED_HEADER.size)
    first_word = struct.unpack("<I", head[:4])[0]
    magic, count, _mode, _size, entry = HEADER.unpack(head[:8])
    if magic != IMAGE_MAGIC or not 0 < count <= MAX_SEGMENTS:
        raise ImageInvalid("invalid header", first_word)
    extended = EXTENDED_HEADER.unpack(head[8:])
    if extended[4] != chip_id:
        raise ImageInvalid(f"Invalid chip id. Expected {chip_id} read {extended[4]}. Bootloader for wrong chip?",
                           first_word)
    position, checksum = offset + len(head), CHECKSUM_SEED
    segments, app = [], None
    for _ in range(count):
        if position + SEGMENT_HEADER.size > limit:
            raise ImageInvalid("image runs past the end of flash", first_word)
        address, length = SEGMENT_HEADER.unpack(read(position, SEGMENT_HEADER.size))
        position += SEGMENT_HEADER.size
        if position + length > limit:
            raise ImageInvalid(f"segment 0x{address:08x} length 0x{length:x} runs past the end of flash", first_word)
        data = read(position, length)
        position += length
        checksum = xor_checksum(data, checksum)
        segments.append((address, length))
        if app is None and chip_id in LAYOUTS and LAYOUTS[chip_id].drom[0] <= address < LAYOUTS[chip_id].drom[1]:
            app = _parse_app(data)
    position += 15 - (position - offset) % 16
    stored = read(position, 1)[0]
    if stored != checksum:
        raise ImageInvalid(f"Checksum failure. Calculated 0x{checksum:02x} stored 0x{stored:02x}", first_word)
    position += 1
    if extended[-1] == 1:
        digest = read(position, 32)
        if hashlib.sha256(read(offset, position - offset)).digest() != digest:
            raise ImageInvalid("SHA-256 comparison failed", first_word)
    return BootImage(chip_id, entry, tuple(segments), app)


def _parse_app(data: bytes) -> AppInfo | None:
    if len(data) < APP_DESC.size:
        return None
    fields = APP_DESC.unpack(data[:APP_DESC.size])
    if fields[0] != APP_DESC_MAGIC:
        return None
    text = [f.split(b"\x00", 1)[0].decode("ascii", "replace") for f in fields[3:8]]
    return AppInfo(project=text[1], version=text[0], date=text[3], time=text[2], idf=text[4], elf_sha256=fields[8])
