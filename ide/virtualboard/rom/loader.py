"""The serial download protocol: the ROM's commands and, once uploaded and started, the stub's.

Requests are SLIP frames `<BBHI` (0, opcode, data length, checksum) + data; the checksum (XOR of
the data seeded 0xEF) counts only for MEM_DATA, FLASH_DATA and FLASH_DEFL_DATA. Responses are
`<BBHI` (1, opcode, length, value) + data + status: the ROM sends 4 status bytes (`00 00 00 00`,
or `01 <code> 00 00`), the stub 2 (`00 00`, or `<code> 00`). The stub is "running" once MEM_END
asks to execute code that was uploaded (the virtual chip cannot run it; it takes over the stub's
part), announced by the frame `OHAI`.
"""

from __future__ import annotations

import collections
import hashlib
import struct
import zlib
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ide.virtualboard.rom import slip
from ide.virtualboard.rom.appimage import xor_checksum
from ide.virtualboard.rom.chips import Chip
from ide.virtualboard.rom.flash import Flash, FlashError
from ide.virtualboard.rom.registers import Registers

REQUEST = struct.Struct("<BBHI")
RESPONSE = struct.Struct("<BBHI")
SYNC_DATA = b"\x07\x07\x12\x20" + b"\x55" * 32
ROM_SYNC_VALUE = 0x20120707

FLASH_BEGIN, FLASH_DATA, FLASH_END = 0x02, 0x03, 0x04
MEM_BEGIN, MEM_END, MEM_DATA = 0x05, 0x06, 0x07
SYNC, WRITE_REG, READ_REG = 0x08, 0x09, 0x0A
SPI_SET_PARAMS, SPI_ATTACH, READ_FLASH_SLOW, CHANGE_BAUDRATE = 0x0B, 0x0D, 0x0E, 0x0F
FLASH_DEFL_BEGIN, FLASH_DEFL_DATA, FLASH_DEFL_END, SPI_FLASH_MD5 = 0x10, 0x11, 0x12, 0x13
GET_SECURITY_INFO = 0x14
ERASE_FLASH, ERASE_REGION, READ_FLASH = 0xD0, 0xD1, 0xD2

# error codes: (ROM, stub)
INVALID_MESSAGE = (0x05, 0xC3)
FAILED = (0x06, 0xC4)
BAD_CHECKSUM = (0x07, 0xC1)
FLASH_WRITE = (0x08, 0xC4)
FLASH_READ = (0x09, 0xC4)
BAD_LENGTH = (0x0A, 0xC0)
INFLATE = (0x0B, 0xC7)
NOT_IN_FLASH_MODE = (0x06, 0xC6)
NOT_ENOUGH_DATA = (0x06, 0xC8)
TOO_MUCH_DATA = (0x06, 0xC9)
NOT_IMPLEMENTED = (0x05, 0xFF)


class Line(Protocol):
    def read(self) -> bytes: ...          # what the host sent; raises to end the session (reset)
    def write(self, data: bytes) -> None: ...
    def set_baud(self, baud: int | None) -> None: ...


class Refused(Exception):
    """The command fails with this status code."""

    def __init__(self, codes: tuple[int, int]) -> None:
        super().__init__(codes)
        self.codes = codes


class RunFirmware(Exception):
    """FLASH_END "run user code" to the ROM: leave the bootloader and boot from flash."""


class Reboot(Exception):
    """FLASH_END "reboot": the chip resets in software (back to the ROM bootloader)."""


@dataclass
class _Upload:
    """A MEM_BEGIN session: code or data going into RAM."""

    address: int
    size: int
    blocks: int
    data: bytearray = field(default_factory=bytearray)
    seq: int = 0


@dataclass
class _Write:
    """A FLASH_BEGIN or FLASH_DEFL_BEGIN session."""

    offset: int
    size: int            # bytes this session may write
    blocks: int
    block_size: int
    inflater: "zlib._Decompress | None" = None
    seq: int = 0
    written: int = 0


class Loader:
    """Serves one download-mode session until the chip is reset or told to leave."""

    def __init__(self, chip: Chip, flash: Flash, line: Line, max_baud: int | None = None) -> None:
        self.chip = chip
        self.flash = flash
        self.line = line
        self.max_baud = max_baud
        self.registers = Registers(chip, flash.size)
        self.stub = False
        self.garbled = False   # the line runs faster than it can carry: nothing gets through
        self._decoder = slip.Decoder()
        self._frames: collections.deque[bytes] = collections.deque()
        self._ram: list[tuple[int, bytes]] = []
        self._upload: _Upload | None = None
        self._write: _Write | None = None
        self._handlers: dict[int, Callable[[int, bytes, int], None]] = {
            SYNC: self._sync, READ_REG: self._read_reg, WRITE_REG: self._write_reg,
            SPI_SET_PARAMS: self._ok, SPI_ATTACH: self._ok, CHANGE_BAUDRATE: self._change_baudrate,
            GET_SECURITY_INFO: self._security_info,
            MEM_BEGIN: self._mem_begin, MEM_DATA: self._mem_data, MEM_END: self._mem_end,
            FLASH_BEGIN: self._flash_begin, FLASH_DATA: self._flash_data, FLASH_END: self._flash_end,
            FLASH_DEFL_BEGIN: self._flash_begin, FLASH_DEFL_DATA: self._flash_data,
            FLASH_DEFL_END: self._flash_end, SPI_FLASH_MD5: self._md5,
            READ_FLASH_SLOW: self._read_flash_slow, ERASE_FLASH: self._erase_flash,
            ERASE_REGION: self._erase_region, READ_FLASH: self._read_flash,
        }

    # -- the session -------------------------------------------------------------------------
    def serve(self) -> None:
        """Answer commands until the line raises (reset) or a command ends the session."""
        while True:
            self.handle(self._next_frame())

    def handle(self, frame: bytes) -> None:
        if len(frame) < REQUEST.size:
            return
        direction, op, size, checksum = REQUEST.unpack(frame[:REQUEST.size])
        data = frame[REQUEST.size:]
        if direction != 0:
            return
        try:
            if size != len(data):
                raise Refused(BAD_LENGTH)
            handler = self._handlers.get(op)
            if handler is None:
                raise Refused(NOT_IMPLEMENTED if self.stub else INVALID_MESSAGE)
            handler(op, data, checksum)
        except Refused as refused:
            self._reply(op, error=refused.codes)
        except FlashError:
            self._reply(op, error=FLASH_WRITE)
        except (RunFirmware, Reboot):
            raise
        except (struct.error, ValueError):
            self._reply(op, error=INVALID_MESSAGE)
        except Exception:  # a bug here must not kill the chip: the host sees a failed command
            self._reply(op, error=FAILED)

    def _next_frame(self) -> bytes:
        while not self._frames:
            data = self.line.read()
            if data and not self.garbled:
                self._frames.extend(self._decoder.feed(data))
        return self._frames.popleft()

    def _reply(self, op: int, value: int = 0, data: bytes = b"", error: tuple[int, int] | None = None) -> None:
        if self.stub:
            status = bytes([error[1], 0]) if error else b"\x00\x00"
        else:
            status = bytes([1, error[0], 0, 0]) if error else b"\x00\x00\x00\x00"
        payload = data + status
        self._send(RESPONSE.pack(1, op, len(payload), value) + payload)

    def _send(self, payload: bytes) -> None:
        if not self.garbled:
            self.line.write(slip.encode(payload))

    # -- basic commands ----------------------------------------------------------------------
    def _ok(self, op: int, data: bytes, checksum: int) -> None:
        self._reply(op)

    def _sync(self, op: int, data: bytes, checksum: int) -> None:
        if data != SYNC_DATA:
            raise Refused(INVALID_MESSAGE)
        for _ in range(8):
            self._reply(op, value=0 if self.stub else ROM_SYNC_VALUE)

    def _read_reg(self, op: int, data: bytes, checksum: int) -> None:
        (address,) = struct.unpack("<I", data)
        self._reply(op, value=self.registers.read(address))

    def _write_reg(self, op: int, data: bytes, checksum: int) -> None:
        if not data or len(data) % 16:
            raise Refused(BAD_LENGTH)
        for address, value, mask, _delay in struct.iter_unpack("<IIII", data):
            self.registers.write(address, value, mask)
        self._reply(op)

    def _security_info(self, op: int, data: bytes, checksum: int) -> None:
        if not self.chip.security_info:
            raise Refused(INVALID_MESSAGE)
        self._reply(op, data=struct.pack("<IBBBBBBBBII", 0, 0, *([0] * 7), self.chip.image_chip_id, 0))

    def _change_baudrate(self, op: int, data: bytes, checksum: int) -> None:
        new, _old = struct.unpack("<II", data)
        if new <= 0:
            raise Refused(INVALID_MESSAGE)
        self._reply(op)  # still at the old rate
        self.line.set_baud(new)
        self._decoder.reset()
        if self.max_baud is not None and new > self.max_baud:
            self.garbled = True

    # -- RAM upload (the stub) ---------------------------------------------------------------
    def _mem_begin(self, op: int, data: bytes, checksum: int) -> None:
        size, blocks, _block_size, address = struct.unpack("<IIII", data)
        self._keep_upload()
        self._upload = _Upload(address, size, blocks)
        self._reply(op)

    def _mem_data(self, op: int, data: bytes, checksum: int) -> None:
        block = self._block(data, checksum, self._upload)
        self._upload.data += block
        self._upload.seq += 1
        self._reply(op)

    def _mem_end(self, op: int, data: bytes, checksum: int) -> None:
        no_entry, entry = struct.unpack("<II", data)
        self._keep_upload()
        if no_entry or self.stub:
            self._reply(op)
            return
        if not any(start <= entry < start + len(code) for start, code in self._ram):
            raise Refused((0x0F, 0xC4))  # would jump into nothing
        self._reply(op)
        self.stub = True
        self._send(b"OHAI")

    def _keep_upload(self) -> None:
        if self._upload is not None:
            self._ram.append((self._upload.address, bytes(self._upload.data[:self._upload.size])))
            self._upload = None

    def _block(self, data: bytes, checksum: int, session) -> bytes:
        """The payload of a MEM_DATA/FLASH_DATA block, checked against its header and checksum."""
        if session is None:
            raise Refused(NOT_IN_FLASH_MODE)
        length, seq, _zero1, _zero2 = struct.unpack("<IIII", data[:16])
        block = data[16:]
        if length != len(block):
            raise Refused(BAD_LENGTH)
        if xor_checksum(block) != checksum:
            raise Refused(BAD_CHECKSUM)
        if seq != session.seq:
            raise Refused(FAILED)
        return block

    # -- writing flash -----------------------------------------------------------------------
    def _flash_begin(self, op: int, data: bytes, checksum: int) -> None:
        size, blocks, block_size, offset = struct.unpack("<IIII", data[:16])
        if offset + size > self.flash.size:
            raise Refused(FLASH_WRITE)
        self.flash.erase(offset, size)
        inflater = zlib.decompressobj() if op == FLASH_DEFL_BEGIN else None
        self._write = _Write(offset, size, blocks, block_size, inflater)
        self._reply(op)

    def _flash_data(self, op: int, data: bytes, checksum: int) -> None:
        session = self._write
        if session is not None and (session.inflater is None) != (op == FLASH_DATA):
            raise Refused(NOT_IN_FLASH_MODE)
        block = self._block(data, checksum, session)
        if session.inflater is not None:
            try:
                block = session.inflater.decompress(block)
            except zlib.error:
                raise Refused(INFLATE) from None
        elif self.stub:
            block = block[:session.size - session.written]  # the stub drops the last block's padding
        if session.written + len(block) > max(session.size, session.blocks * session.block_size):
            raise Refused(TOO_MUCH_DATA)
        self.flash.program(session.offset + session.written, block)
        session.written += len(block)
        session.seq += 1
        self._reply(op)

    def _flash_end(self, op: int, data: bytes, checksum: int) -> None:
        (stay,) = struct.unpack("<I", data)
        session = self._write
        if self.stub and session is not None and session.written < session.size:
            raise Refused(NOT_ENOUGH_DATA)
        self._write = None
        self._reply(op)
        if not stay:
            raise Reboot()
        if not self.stub:
            raise RunFirmware()

    def _erase_flash(self, op: int, data: bytes, checksum: int) -> None:
        self._stub_only()
        self.flash.erase_all()
        self._reply(op)

    def _erase_region(self, op: int, data: bytes, checksum: int) -> None:
        self._stub_only()
        offset, size = struct.unpack("<II", data)
        if offset % 0x1000 or size % 0x1000:
            raise Refused(BAD_LENGTH)
        self.flash.erase(offset, size)
        self._reply(op)

    def _stub_only(self) -> None:
        if not self.stub:
            raise Refused(INVALID_MESSAGE)

    # -- reading flash -----------------------------------------------------------------------
    def _md5(self, op: int, data: bytes, checksum: int) -> None:
        address, size, _zero1, _zero2 = struct.unpack("<IIII", data)
        digest = hashlib.md5(self.flash.read(address, size))
        self._reply(op, data=digest.digest() if self.stub else digest.hexdigest().encode())

    def _read_flash_slow(self, op: int, data: bytes, checksum: int) -> None:
        if self.stub:
            raise Refused(NOT_IMPLEMENTED)
        address, length = struct.unpack("<II", data)
        if length > 64:
            raise Refused(BAD_LENGTH)
        block = self.flash.read(address, length)
        self._reply(op, data=block + b"\xff" * (64 - length))

    def _read_flash(self, op: int, data: bytes, checksum: int) -> None:
        """The stub's READ_FLASH: data frames of `packet` bytes, at most `window` unacknowledged,
        each acknowledged by the host with the total received so far, then the MD5 digest."""
        self._stub_only()
        address, length, packet, window = struct.unpack("<IIII", data)
        contents = self.flash.read(address, length)
        if packet == 0 or window == 0:
            raise Refused(BAD_LENGTH)
        self._reply(op)
        sent = acked = 0
        while acked < length:
            while sent < length and sent - acked < packet * window:
                self._send(contents[sent:sent + packet])
                sent += len(contents[sent:sent + packet])
            frame = self._next_frame()
            if len(frame) != 4:
                self._frames.appendleft(frame)  # the host gave up: treat it as a new command
                return
            acked = struct.unpack("<I", frame)[0]
        self._send(hashlib.md5(contents).digest())
