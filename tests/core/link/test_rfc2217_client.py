"""Our RFC 2217 receive loop: runs of data queued whole, telnet commands handled as pyserial does."""

from __future__ import annotations

import queue

from serial.rfc2217 import DO, IAC, SB, SE, WILL

from ide.core.link.rfc2217_client import _TelnetState


class FakeSerial:
    def __init__(self) -> None:
        self._read_buffer = queue.Queue()
        self.calls = []

    def _telnet_negotiate_option(self, command, option):
        self.calls.append(("negotiate", command, option))

    def _telnet_process_subnegotiation(self, suboption):
        self.calls.append(("sub", suboption))

    def _telnet_process_command(self, command):
        self.calls.append(("command", command))

    def received(self) -> list[bytes]:
        return list(self._read_buffer.queue)


def test_plain_data_is_queued_as_one_item_per_chunk():
    serial = FakeSerial()
    _TelnetState(serial).feed(b"flood line 1\r\n" * 1000)
    assert serial.received() == [b"flood line 1\r\n" * 1000]


def test_a_doubled_iac_is_the_data_byte_0xff_even_across_chunks():
    serial = FakeSerial()
    state = _TelnetState(serial)
    state.feed(b"ab" + IAC)
    state.feed(IAC + b"cd")
    assert b"".join(serial.received()) == b"ab\xffcd"
    assert serial.calls == []


def test_negotiation_and_suboptions_between_data_reach_pyserials_handlers():
    serial = FakeSerial()
    state = _TelnetState(serial)
    state.feed(b"one" + IAC + WILL + b"\x2c" + b"two" + IAC + SB + b"\x2c\x65" + IAC + IAC + b"x")
    state.feed(IAC + SE + b"three" + IAC + DO)
    state.feed(b"\x01" + IAC + b"\xf1" + b"four")
    assert b"".join(serial.received()) == b"onetwothreefour"
    assert serial.calls == [("negotiate", WILL, b"\x2c"), ("sub", b"\x2c\x65\xffx"),
                            ("negotiate", DO, b"\x01"), ("command", b"\xf1")]
