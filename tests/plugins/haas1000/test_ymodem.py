"""The plugin's YMODEM-1K sender against a scripted receiver: framing, CRC, retries, CAN, stop."""

from __future__ import annotations

import random

import pytest

from ide import api
from ide.virtualboard.ymodemrx import crc16 as board_crc16, parse_header

SOH, STX, EOT, ACK, NAK, CAN, C = 0x01, 0x02, 0x04, 0x06, 0x15, 0x18, ord("C")


@pytest.fixture
def ymodem(haas1000):
    return haas1000.module("ymodem")


class ScriptedReceiver:
    """A link whose far end is a YMODEM receiver; `answer(kind, number)` can replace its answers
    ("block" with the block's number, "eot", "end"); returning None means silence."""

    def __init__(self, answer=None, start: bytes = b"C") -> None:
        self.inbox = bytearray(start)
        self.written = bytearray()
        self.blocks: list[tuple[int, bytes]] = []
        self.eots = 0
        self.ended = False
        self._data_blocks = 0
        self.answer = answer or (lambda kind, number: None)

    # -- the link API the sender uses --------------------------------------------------------------
    def write(self, data: bytes) -> None:
        self.written.extend(data)
        if data[:1] == bytes([EOT]):
            self.eots += 1
            self._reply("eot", self.eots, bytes([NAK]) if self.eots == 1 else bytes([ACK, C]))
        elif data[:1] in (bytes([SOH]), bytes([STX])):
            self._block(data)

    def read_some(self, timeout: float) -> bytes:
        data, self.inbox = bytes(self.inbox), bytearray()
        return data

    # -- the receiver ------------------------------------------------------------------------------
    def _block(self, frame: bytes) -> None:
        size = 1024 if frame[0] == STX else 128
        seq, payload, crc = frame[1], frame[3:3 + size], frame[3 + size:]
        assert frame[2] == 0xFF - seq and len(frame) == size + 5
        assert int.from_bytes(crc, "big") == board_crc16(payload)
        if seq == 0 and self.blocks:  # the end of the batch
            self.ended = True
            self._reply("end", 0, bytes([ACK]))
            return
        number = 0 if seq == 0 else self._data_blocks + 1
        default = bytes([ACK, C]) if seq == 0 else bytes([ACK])
        reply = self.answer("block", number)
        out = default if reply is None else reply
        if ACK in out and out[:2] != bytes([CAN, CAN]):
            self._data_blocks += seq != 0
            self.blocks.append((seq, payload))
        self.inbox.extend(out)

    def _reply(self, kind: str, number: int, default: bytes) -> None:
        reply = self.answer(kind, number)
        self.inbox.extend(default if reply is None else reply)

    def file(self) -> tuple[str, bytes]:
        name, size = parse_header(self.blocks[0][1])
        return name, b"".join(p for _s, p in self.blocks[1:])[:size]


def send(ymodem, receiver, data=b"hello", **options):
    options.setdefault("timeout", 0.05)
    sender = ymodem.Sender(ymodem.Channel(receiver), **options)
    sender.send("pyamp.zip", data)
    return sender


def test_crc16_is_crc16_xmodem_and_agrees_with_the_board(ymodem):
    assert ymodem.crc16(b"123456789") == 0x31C3
    data = random.Random(0).randbytes(1024)
    assert ymodem.crc16(data) == board_crc16(data)


def test_blocks_are_framed_stx_1k_or_soh_128_with_sequence_complement_and_crc(ymodem):
    block = ymodem.frame(3, bytes(range(256)) * 4)
    assert block[:3] == bytes([STX, 3, 0xFC]) and len(block) == 1029
    assert block[-2:] == ymodem.crc16(bytes(range(256)) * 4).to_bytes(2, "big")
    assert ymodem.frame(256 + 7, bytes(128))[:3] == bytes([SOH, 7, 0xF8])
    with pytest.raises(ValueError):
        ymodem.frame(1, bytes(100))


def test_block_zero_carries_name_and_size_and_the_end_block_is_empty(ymodem):
    header = ymodem.header_block("pyamp.zip", 123456)
    assert header[:3] == bytes([SOH, 0, 0xFF])
    assert parse_header(header[3:131]) == ("pyamp.zip", 123456)
    assert ymodem.end_block()[3:131] == bytes(128)


def test_data_is_cut_into_1k_blocks_numbered_from_one_and_padded(ymodem):
    blocks = ymodem.data_blocks(b"x" * 2050)
    assert [b[1] for b in blocks] == [1, 2, 3]
    assert blocks[2][3:1027] == b"xx" + bytes([0x1A]) * 1022


def test_a_whole_file_goes_through_with_eot_nak_eot_ack_and_the_end_block(ymodem):
    data = random.Random(1).randbytes(5000)
    receiver = ScriptedReceiver()
    progress = []
    send(ymodem, receiver, data, progress=lambda done, total: progress.append((done, total)))
    assert receiver.file() == ("pyamp.zip", data)
    assert receiver.eots == 2 and receiver.ended
    assert progress[0] == (0, 5000) and progress[-1] == (5000, 5000)


def test_a_nacked_block_is_sent_again(ymodem):
    naks = {2: 1}

    def answer(kind, number):
        if kind == "block" and naks.get(number):
            naks[number] -= 1
            return bytes([NAK])
        return None

    data = random.Random(2).randbytes(4000)
    receiver = ScriptedReceiver(answer)
    retries = []
    sender = send(ymodem, receiver, data, on_retry=lambda block, why: retries.append((block, why)))
    assert receiver.file()[1] == data
    assert sender.retried == 1 and retries == [(2, "NAK")]


def test_a_block_without_answer_is_sent_again_after_the_timeout(ymodem):
    silent = {1}

    def answer(kind, number):
        if kind == "block" and number in silent:
            silent.discard(number)
            return b""
        return None

    receiver = ScriptedReceiver(answer)
    retries = []
    send(ymodem, receiver, b"abc" * 500, on_retry=lambda block, why: retries.append((block, why)))
    assert retries == [(1, "timeout")]
    assert receiver.file()[1] == b"abc" * 500


def test_a_block_never_accepted_gives_up_and_cancels_the_receiver(ymodem):
    receiver = ScriptedReceiver(lambda kind, number: bytes([NAK]) if kind == "block" and number == 1 else None)
    with pytest.raises(ymodem.TooManyRetries) as raised:
        send(ymodem, receiver, b"abc", retries=3)
    assert raised.value.block == 1
    assert receiver.written.endswith(ymodem.ABORT)
    assert receiver.written.count(ymodem.frame(1, b"abc".ljust(1024, b"\x1a"))) == 4


def test_can_can_from_the_receiver_stops_the_transfer(ymodem):
    receiver = ScriptedReceiver(lambda kind, number: bytes([CAN, CAN]) if kind == "block" and number == 2 else None)
    with pytest.raises(ymodem.ReceiverCancelled) as raised:
        send(ymodem, receiver, bytes(3000))
    assert raised.value.block == 2
    assert not receiver.written.endswith(ymodem.ABORT)


def test_a_single_can_is_line_noise(ymodem):
    receiver = ScriptedReceiver(lambda kind, number: bytes([CAN, ACK]) if kind == "block" and number == 1 else None)
    send(ymodem, receiver, b"data")
    assert receiver.file()[1] == b"data"


def test_nak_instead_of_c_after_the_header_is_a_refusal(ymodem):
    receiver = ScriptedReceiver(lambda kind, number: bytes([ACK]) + bytes([NAK]) * 5 if number == 0 else None)
    with pytest.raises(ymodem.Refused):
        send(ymodem, receiver, b"data")


def test_a_receiver_that_never_asks_is_reported(ymodem, monkeypatch):
    monkeypatch.setattr(ymodem, "START_TIMEOUT", 0.1)
    with pytest.raises(ymodem.NoReceiver):
        send(ymodem, ScriptedReceiver(start=b"noise"), b"data")


def test_an_eot_acked_at_once_is_enough(ymodem):
    receiver = ScriptedReceiver(lambda kind, number: bytes([ACK, C]) if kind == "eot" else None)
    send(ymodem, receiver, b"data")
    assert receiver.eots == 1 and receiver.ended


def test_stop_sends_can_to_the_board_and_raises_cancelled(ymodem):
    receiver = ScriptedReceiver()
    stopped = []
    sender = ymodem.Sender(ymodem.Channel(receiver, cancelled=lambda: bool(stopped)), timeout=0.05,
                           progress=lambda done, total: done and stopped.append(True))
    with pytest.raises(api.Cancelled):
        sender.send("pyamp.zip", bytes(5000))
    assert receiver.written.endswith(ymodem.ABORT)
    assert len(receiver.blocks) == 2  # the header and the first block, then nothing
