"""The sending side of YMODEM-1K with CRC-16, for the HaaS1000 firmware's `amp_boot` receiver.

Why our own code rather than a library: PyPI's `xmodem` (0.5.0, the maintained one) sends XMODEM
and XMODEM-1K only, with no block 0 (name and size) and no end-of-batch block, so YMODEM would
mean driving its internals; other YMODEM packages on PyPI are small, unmaintained and pull in
their own serial handling. The sender is about 150 lines over the IDE's link, with its deadlines
and cancellation, and checksums come from the standard library (`binascii.crc_hqx` is
CRC-16/XMODEM).

The exchange (receiver on the right):

    block 0: SOH 00 FF "pyamp.zip" NUL "<size>" NUL ... CRC  <- C        -> ACK, C
    STX 01 FE <1024 bytes> CRC                                      -> ACK (NAK: sent again)
    ...                                                             (last block padded with 1A)
    EOT                                                             -> NAK (or ACK)
    EOT                                                             -> ACK, C
    SOH 00 FF <128 zero bytes> CRC   (end of batch)                 -> ACK

A block is sent again on NAK or when no answer comes within the timeout, up to `retries` times.
Two CANs from the receiver end the transfer (`ReceiverCancelled`); so does a NAK where the `C`
for the data should come (the HaaS firmware's answer to a file it will not take). When the host
gives up or is stopped it sends CANs so the board does not wait for more.
"""

from __future__ import annotations

import binascii
import time
from typing import Any, Callable

from ide import api

SOH, STX, EOT, ACK, NAK, CAN = 0x01, 0x02, 0x04, 0x06, 0x15, 0x18
CRC_REQUEST = ord("C")
PAD = 0x1A
BLOCK_1K, BLOCK_128 = 1024, 128
ABORT = bytes([CAN] * 5)
START_TIMEOUT = 10.0   # seconds for the receiver's first C
CAN_FOLLOW = 1.0       # a CAN counts when the second one follows within this time


class YmodemError(Exception):
    """The transfer failed; `block` is the block number concerned (0: header, -1: the end)."""

    def __init__(self, message: str, block: int = -1) -> None:
        super().__init__(message)
        self.block = block


class NoReceiver(YmodemError):
    """The receiver never asked for the file (no C)."""


class ReceiverCancelled(YmodemError):
    """The receiver sent CAN CAN."""


class Refused(YmodemError):
    """The receiver took the header but not the file (too big for it)."""


class TooManyRetries(YmodemError):
    """A block was not acknowledged after every retry."""


def crc16(data: bytes) -> int:
    """CRC-16/XMODEM: polynomial 0x1021, initial value 0 (crc16(b"123456789") == 0x31C3)."""
    return binascii.crc_hqx(data, 0)


def frame(seq: int, payload: bytes) -> bytes:
    """One block: SOH for 128 bytes, STX for 1024; sequence byte, its complement, data, CRC."""
    if len(payload) not in (BLOCK_128, BLOCK_1K):
        raise ValueError(f"a YMODEM block holds 128 or 1024 bytes, not {len(payload)}")
    start = STX if len(payload) == BLOCK_1K else SOH
    seq &= 0xFF
    return bytes([start, seq, 0xFF - seq]) + payload + crc16(payload).to_bytes(2, "big")


def header_block(name: str, size: int) -> bytes:
    """Block 0: the file name, NUL, its size in decimal, NUL; zero-padded."""
    info = name.encode("utf-8") + b"\x00" + str(size).encode() + b"\x00"
    length = BLOCK_128 if len(info) <= BLOCK_128 else BLOCK_1K
    if len(info) > length:
        raise ValueError(f"file name too long for a YMODEM header: {name!r}")
    return frame(0, info.ljust(length, b"\x00"))


def end_block() -> bytes:
    """The empty block 0 that ends a batch."""
    return frame(0, bytes(BLOCK_128))


def data_blocks(data: bytes) -> list[bytes]:
    """The file cut into 1024-byte blocks numbered from 1; the last one padded with 0x1A."""
    chunks = [data[i:i + BLOCK_1K] for i in range(0, len(data), BLOCK_1K)]
    return [frame(n, chunk.ljust(BLOCK_1K, bytes([PAD]))) for n, chunk in enumerate(chunks, start=1)]


class Channel:
    """Single bytes, with timeouts, over a link whose `read_some(timeout)` returns chunks."""

    def __init__(self, link: Any, cancelled: Callable[[], bool] = lambda: False) -> None:
        self.link = link
        self.cancelled = cancelled
        self._pending = bytearray()

    def write(self, data: bytes) -> None:
        self.link.write(data)

    def getc(self, timeout: float) -> int | None:
        deadline = time.monotonic() + timeout
        while not self._pending:
            self.check_cancel()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self._pending.extend(self.link.read_some(min(remaining, 0.05)))
        return self._pending.pop(0)

    def unget(self, byte: int) -> None:
        self._pending.insert(0, byte)

    def check_cancel(self) -> None:
        if self.cancelled():
            raise api.Cancelled()

    def leftover(self) -> bytes:
        """Bytes read but not used (the board's output after the transfer)."""
        data = bytes(self._pending)
        self._pending.clear()
        return data


class Sender:
    """Send one file. `progress(done, total)` after each acknowledged data block;
    `on_retry(block, reason)` each time a block goes again."""

    def __init__(self, channel: Channel, *, retries: int = 10, timeout: float = 2.0,
                 progress: Callable[[int, int], None] = lambda done, total: None,
                 on_retry: Callable[[int, str], None] = lambda block, reason: None) -> None:
        self.channel = channel
        self.retries = retries
        self.timeout = timeout
        self.progress = progress
        self.on_retry = on_retry
        self.retried = 0

    def send(self, name: str, data: bytes) -> None:
        try:
            self._send(name, data)
        except YmodemError as error:
            if not isinstance(error, ReceiverCancelled):
                self.abort()
            raise
        except BaseException:  # stopped by the user, or the link went: tell the receiver if we can
            self.abort()
            raise

    def abort(self) -> None:
        try:
            self.channel.write(ABORT)
        except Exception:  # the link may be gone already
            pass

    def _send(self, name: str, data: bytes) -> None:
        if self._wait_for(CRC_REQUEST, START_TIMEOUT) is None:
            raise NoReceiver("the receiver did not ask for the file", 0)
        self._block(0, header_block(name, len(data)))
        if self._wait_for(CRC_REQUEST, self.timeout, refuse_on_nak=True) is None:
            raise NoReceiver("the receiver did not ask for the data", 1)
        total = len(data)
        self.progress(0, total)
        for number, block in enumerate(data_blocks(data), start=1):
            self._block(number, block)
            self.progress(min(number * BLOCK_1K, total), total)
        self._end_of_file()
        if self._wait_for(CRC_REQUEST, self.timeout) is not None:
            self._block(-1, end_block())

    def _block(self, number: int, block: bytes) -> None:
        for attempt in range(self.retries + 1):
            self.channel.check_cancel()
            self.channel.write(block)
            answer = self._answer(number)
            if answer == ACK:
                return
            self.retried += 1
            self.on_retry(number, "NAK" if answer is not None else "timeout")
        raise TooManyRetries(f"block {number} was not accepted after {self.retries} retries", number)

    def _answer(self, number: int) -> int | None:
        """ACK, NAK (a C counts as NAK: the receiver asks again) or None after the timeout."""
        deadline = time.monotonic() + self.timeout
        while True:
            byte = self.channel.getc(max(0.0, deadline - time.monotonic()))
            if byte is None or byte in (ACK, NAK):
                return byte
            if byte == CRC_REQUEST:
                return NAK
            if byte == CAN and self._second_can():
                raise ReceiverCancelled(f"the receiver cancelled at block {number}", number)

    def _end_of_file(self) -> None:
        for _ in range(self.retries + 1):
            self.channel.write(bytes([EOT]))
            answer = self._answer(-1)
            if answer == ACK:
                return
            if answer == NAK:  # the usual answer to the first EOT: confirm it
                self.channel.write(bytes([EOT]))
                if self._answer(-1) == ACK:
                    return
        raise TooManyRetries("the receiver did not acknowledge the end of the file", -1)

    def _wait_for(self, wanted: int, timeout: float, refuse_on_nak: bool = False) -> int | None:
        deadline = time.monotonic() + timeout
        while True:
            byte = self.channel.getc(max(0.0, deadline - time.monotonic()))
            if byte is None or byte == wanted:
                return byte
            if refuse_on_nak and byte == NAK:
                raise Refused("the receiver refused the file", 0)
            if byte == CAN and self._second_can():
                raise ReceiverCancelled("the receiver cancelled", 0)

    def _second_can(self) -> bool:
        """After one CAN: True if another follows; else the byte that came is looked at again."""
        byte = self.channel.getc(CAN_FOLLOW)
        if byte == CAN:
            return True
        if byte is not None:
            self.channel.unget(byte)
        return False
