"""The receiving end of YMODEM-1K (CRC-16), as the HaaS1000 firmware's `amp_boot` runs it.

One file per transfer: the receiver polls with `C` until block 0 (name, NUL, decimal size) comes,
ACKs it and asks for data with another `C`; each 1024-byte (STX) or 128-byte (SOH) block is
checked (sequence byte and its complement, CRC-16/XMODEM) and ACKed, a bad or truncated block is
NAKed, a repeated block (its ACK was lost) is ACKed again and not stored; the first EOT is NAKed
and the second ACKed; a last `C` asks for the empty block 0 that ends the batch. Two CANs (or
Ctrl-C) from the sender abort; the receiver gives up with CAN CAN after too many errors, on a
file larger than the room it has, or on a block out of sequence.

Unlike the firmware (which stays silent on a bad block and would write a repeated block twice),
this receiver follows the YMODEM document: it answers NAK and recognises repeats. The file is
kept in memory and handed over only when the whole transfer has been verified.

`faults` (an `AmpFaults`) lets tests damage the transfer on the board's side: a data block
received with a flipped byte, swallowed without an answer, or stored without its ACK.
"""

from __future__ import annotations

import binascii
from typing import NamedTuple, Protocol

SOH, STX, EOT, ACK, NAK, CAN = 0x01, 0x02, 0x04, 0x06, 0x15, 0x18
CRC_REQUEST = ord("C")
CTRL_C = 0x03
BLOCK_SIZES = {SOH: 128, STX: 1024}
POLL_INTERVAL = 1.0   # seconds between `C` polls while waiting for block 0
POLLS = 10            # polls before giving up on a sender that never starts
PACKET_TIMEOUT = 1.0  # seconds the receiver waits for the next packet before it NAKs
BYTE_TIMEOUT = 1.0    # longest gap inside one block
MAX_ERRORS = 10       # bad or missing packets in a row before the receiver cancels

BLOCK, EOT_SEEN, BAD, TIMEOUT, CANCELLED, NOISE = "block", "eot", "bad", "timeout", "cancelled", "noise"


class Line(Protocol):
    def read_byte(self, timeout: float) -> int | None: ...
    def read(self, count: int, timeout: float) -> bytes: ...
    def write(self, data: bytes) -> None: ...


class Received(NamedTuple):
    name: str
    data: bytes


class Refused(Exception):
    """The transfer was given up; `reason` says why (for the board's log line)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def crc16(data: bytes) -> int:
    """CRC-16/XMODEM (polynomial 0x1021, initial value 0), as YMODEM's CRC mode uses."""
    return binascii.crc_hqx(data, 0)


def parse_header(payload: bytes) -> tuple[str, int]:
    """Block 0: the file name and its size ("" for the empty block that ends a batch)."""
    name, _, rest = payload.partition(b"\x00")
    digits = rest.split(b"\x00", 1)[0].split(b" ", 1)[0]
    size = int(digits) if digits.isdigit() else 0
    return name.decode("utf-8", "replace"), size


class YmodemReceiver:
    """Receive one file from the host over `line` into memory."""

    def __init__(self, line: Line, room: int, faults=None) -> None:
        self.line = line
        self.room = room          # the largest file this receiver accepts
        self.faults = faults
        self.blocks = 0           # data blocks stored so far

    def receive(self) -> Received | None:
        """The verified file, or None when the sender ended the batch with nothing in it.

        Raises `Refused` when the transfer failed; the caller keeps nothing of it."""
        name, size = self._header()
        if not name:
            return None
        if size > self.room:
            self._cancel()
            raise Refused(f"file too big len:0x{size:08x}")
        self.line.write(bytes([ACK, CRC_REQUEST]))
        data = self._data(size)
        self._end_of_batch()
        return Received(name, bytes(data[:size]))

    # -- block 0 -----------------------------------------------------------------------------
    def _header(self) -> tuple[str, int]:
        polls = 0
        while polls < POLLS:
            self.line.write(bytes([CRC_REQUEST]))
            kind, seq, payload = self._packet(POLL_INTERVAL, block_number=0)
            if kind == BLOCK and seq == 0:
                return parse_header(payload)
            if kind == CANCELLED:
                raise Refused("cancelled by the sender")
            polls += 1
        raise Refused("no sender")

    # -- data --------------------------------------------------------------------------------
    def _data(self, size: int) -> bytearray:
        data = bytearray()
        errors = 0
        eot_naked = False
        while True:
            kind, seq, payload = self._packet(PACKET_TIMEOUT, block_number=self.blocks + 1)
            if kind == BLOCK:
                errors, eot_naked = 0, False
                self._block(seq, payload, data)
            elif kind == EOT_SEEN:
                if len(data) < size:
                    self._cancel()
                    raise Refused(f"short file: {len(data)} of {size} bytes")
                if eot_naked:
                    self.line.write(bytes([ACK]))
                    return data
                eot_naked = True
                self.line.write(bytes([NAK]))
            elif kind == CANCELLED:
                raise Refused("cancelled by the sender")
            elif kind in (BAD, TIMEOUT):
                errors += 1
                if errors > MAX_ERRORS:
                    self._cancel()
                    raise Refused("too many errors")
                self._purge()
                self.line.write(bytes([CRC_REQUEST if not data and kind == TIMEOUT else NAK]))

    def _block(self, seq: int, payload: bytes, data: bytearray) -> None:
        expected = (self.blocks + 1) & 0xFF
        if seq == expected:
            if self._fault("silent_blocks", self.blocks + 1):
                return  # swallowed, as the HaaS firmware does with a block it cannot use
            data.extend(payload)
            self.blocks += 1
            if self._fault("lost_acks", self.blocks):
                return
            self.line.write(bytes([ACK]))
        elif seq == (expected - 1) & 0xFF:
            self.line.write(bytes([ACK]))  # a repeat: its ACK was lost
        else:
            self._cancel()
            raise Refused(f"block {seq} out of sequence (expected {expected})")

    def _end_of_batch(self) -> None:
        for _ in range(POLLS):
            self.line.write(bytes([CRC_REQUEST]))
            kind, seq, payload = self._packet(POLL_INTERVAL, block_number=-1)
            if kind == BLOCK and seq == 0:
                self.line.write(bytes([ACK]))
                return
            if kind == CANCELLED:
                raise Refused("cancelled by the sender")
        # the file itself is complete and verified: a sender that skips the end block loses nothing

    # -- packets -----------------------------------------------------------------------------
    def _packet(self, timeout: float, block_number: int) -> tuple[str, int, bytes]:
        start = self.line.read_byte(timeout)
        if start is None:
            return TIMEOUT, -1, b""
        if start == EOT:
            return EOT_SEEN, -1, b""
        if start == CTRL_C or (start == CAN and self.line.read_byte(BYTE_TIMEOUT) == CAN):
            return CANCELLED, -1, b""
        size = BLOCK_SIZES.get(start)
        if size is None:
            return NOISE, -1, b""
        body = self.line.read(size + 4, BYTE_TIMEOUT)
        if len(body) < size + 4:
            return BAD, -1, b""
        seq, payload, crc = body[0], body[2:2 + size], body[2 + size:]
        if self._fault("corrupt_blocks", block_number):
            payload = bytes([payload[0] ^ 0xFF]) + payload[1:]
        if seq ^ body[1] != 0xFF or crc16(payload) != int.from_bytes(crc, "big"):
            return BAD, -1, b""
        return BLOCK, seq, payload

    def _fault(self, kind: str, block_number: int) -> bool:
        return self.faults is not None and self.faults.take(kind, block_number)

    def _purge(self) -> None:
        """Drop what is still arriving of a bad block before answering."""
        while self.line.read_byte(0.05) is not None:
            pass

    def _cancel(self) -> None:
        self.line.write(bytes([CAN, CAN]))
