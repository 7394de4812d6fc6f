"""Reading ESP firmware images on the host: what an image is for, and whether it is intact.

An image (as ESP-IDF's build and esptool write it) starts with an 8-byte header (magic 0xE9,
segment count, flash mode, flash size and frequency, entry point) and, on the ESP32 family, a
16-byte extended header whose chip id names the chip family. Segments follow (load address,
length, data), then padding to a 16-byte boundary whose last byte is the XOR checksum of all
segment data (seeded 0xEF), then, when the extended header says so, the SHA-256 of everything
before it. An application's first DROM segment starts with its descriptor (magic 0xABCD5432:
version, project name, compile date, ESP-IDF version). A merged image (the official HaaS ones)
starts with the second-stage bootloader, an image of its own: that is the part checked here.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from ide.core.errors import FirmwareError
from ide.i18n import _

IMAGE_MAGIC = 0xE9
APP_DESC_MAGIC = 0xABCD5432
HEADER = struct.Struct("<BBBBI")
EXTENDED_HEADER = struct.Struct("<BBBBHBHH4sB")
SEGMENT_HEADER = struct.Struct("<II")
APP_DESC = struct.Struct("<II8s32s32s16s16s32s32sHHB3s72s")
MAX_SEGMENTS = 16
CHECKSUM_SEED = 0xEF  # the image checksum: this XOR every byte of every segment's data

# chip id in the extended header -> (chip key as in board data, name as esptool prints it)
CHIP_IDS = {0: ("esp32", "ESP32"), 2: ("esp32s2", "ESP32-S2"), 5: ("esp32c3", "ESP32-C3"),
            9: ("esp32s3", "ESP32-S3"), 12: ("esp32c2", "ESP32-C2"), 13: ("esp32c6", "ESP32-C6"),
            16: ("esp32h2", "ESP32-H2"), 18: ("esp32p4", "ESP32-P4"), 23: ("esp32c5", "ESP32-C5")}
CHIP_NAMES = {key: name for key, name in CHIP_IDS.values()}
DROM_RANGES = {"esp32": (0x3F400000, 0x3F800000), "esp32s3": (0x3C000000, 0x3E000000),
               "esp32c3": (0x3C000000, 0x3C800000), "esp32s2": (0x3F000000, 0x3FF80000)}
FLASH_SIZE_CODES = {0x00: "1MB", 0x10: "2MB", 0x20: "4MB", 0x30: "8MB", 0x40: "16MB", 0x50: "32MB"}


class ImageError(FirmwareError):
    """The data is not an intact ESP image; `reason` is a short machine-readable word."""

    def __init__(self, reason: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.reason = reason


@dataclass(frozen=True)
class AppDescriptor:
    project: str
    version: str
    date: str
    time: str
    idf: str


@dataclass(frozen=True)
class EspImage:
    chip: str                               # "esp32", "esp32c3", ... ("" for an unknown chip id)
    chip_id: int
    entry: int
    flash_mode: int
    flash_size: str                         # as the header says ("4MB"), "" if unknown
    segments: tuple[tuple[int, int], ...]   # (load address, length)
    checksum: int
    digest: bytes | None                    # the stored SHA-256, None when the image has none
    length: int                             # bytes of the image proper (header to digest)
    app: AppDescriptor | None

    @property
    def chip_name(self) -> str:
        return CHIP_NAMES.get(self.chip, f"chip id {self.chip_id}")


def parse_image(data: bytes, name: str = "") -> EspImage:
    """Check and describe the image at the start of `data`; ImageError says what is wrong."""
    name = name or _("the firmware image")
    if not data:
        raise ImageError("empty", _("{name} is empty.").format(name=name),
                         _("Download the firmware again."))
    if data[0] != IMAGE_MAGIC:
        raise ImageError("magic", _("{name} is not an ESP firmware image: it starts with 0x{byte:02x}, "
                                    "not 0xe9.").format(name=name, byte=data[0]),
                         _("Pick the .bin (or .zip) firmware file for the board."))
    if len(data) < HEADER.size + EXTENDED_HEADER.size:
        raise _truncated(name, len(data))
    _magic, count, mode, size_freq, entry = HEADER.unpack_from(data, 0)
    extended = EXTENDED_HEADER.unpack_from(data, HEADER.size)
    if not 0 < count <= MAX_SEGMENTS or extended[-1] not in (0, 1):
        raise ImageError("header", _("{name} has a damaged header.").format(name=name),
                         _("Download the firmware again."))
    chip = CHIP_IDS.get(extended[4], ("", ""))[0]
    position = HEADER.size + EXTENDED_HEADER.size
    segments, app, checksum = [], None, CHECKSUM_SEED
    for _index in range(count):
        if position + SEGMENT_HEADER.size > len(data):
            raise _truncated(name, len(data))
        address, length = SEGMENT_HEADER.unpack_from(data, position)
        position += SEGMENT_HEADER.size
        if position + length > len(data):
            raise _truncated(name, len(data))
        segment = data[position:position + length]
        position += length
        checksum = xor_checksum(segment, checksum)
        segments.append((address, length))
        drom = DROM_RANGES.get(chip)
        if app is None and drom and drom[0] <= address < drom[1]:
            app = _app_descriptor(segment)
    position += 15 - position % 16
    if position >= len(data):
        raise _truncated(name, len(data))
    stored = data[position]
    if stored != checksum:
        raise ImageError("checksum", _("{name} is corrupt: its checksum byte is 0x{stored:02x} but its data "
                                       "sums to 0x{actual:02x}.").format(name=name, stored=stored, actual=checksum),
                         _("Download the firmware again."))
    position += 1
    digest = None
    if extended[-1] == 1:
        digest = data[position:position + 32]
        if len(digest) < 32:
            raise _truncated(name, len(data))
        if hashlib.sha256(data[:position]).digest() != digest:
            raise ImageError("digest", _("{name} is corrupt: its SHA-256 digest does not match its contents.")
                             .format(name=name), _("Download the firmware again."))
        position += 32
    return EspImage(chip, extended[4], entry, mode, FLASH_SIZE_CODES.get(size_freq & 0xF0, ""),
                    tuple(segments), checksum, digest, position, app)


def xor_checksum(data: bytes, state: int = CHECKSUM_SEED) -> int:
    """`state` XOR every byte of `data` (halves are folded, so megabytes take microseconds)."""
    block = bytes(data)
    while len(block) > 8:
        half = (len(block) + 1) // 2
        block = (int.from_bytes(block[:half], "little") ^ int.from_bytes(block[half:], "little")).to_bytes(half, "little")
    for byte in block:
        state ^= byte
    return state


def _truncated(name: str, size: int) -> ImageError:
    return ImageError("truncated", _("{name} is truncated: it ends after {size} bytes, in the middle of "
                                     "the image.").format(name=name, size=size),
                      _("The download was cut short: download the firmware again."))


def _app_descriptor(segment: bytes) -> AppDescriptor | None:
    if len(segment) < APP_DESC.size:
        return None
    fields = APP_DESC.unpack_from(segment, 0)
    if fields[0] != APP_DESC_MAGIC:
        return None
    version, project, time, date, idf = (f.split(b"\x00", 1)[0].decode("utf-8", "replace") for f in fields[3:8])
    return AppDescriptor(project=project, version=version, date=date, time=time, idf=idf)
