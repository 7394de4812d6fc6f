"""pyserial's RFC 2217 client with a receive loop that keeps up with a flooding board.

pyserial 3.5's reader thread looks at every received byte in Python and queues each one as an
item of its own: a board printing as fast as it can keeps that thread busy, and it holds the GIL
so long that the IDE's window stalls for a fifth of a second at a time. This client receives up to
64 KB per call and queues each run of plain data between telnet commands as one item; telnet
commands and option negotiation go through pyserial's own handlers, byte by byte as before.
Items are therefore of any length: `read(n)` may return more than `n` bytes, which the
Connection that uses this class takes into account.
"""

from __future__ import annotations

import socket

from serial import rfc2217
from serial.rfc2217 import DO, DONT, IAC, M_IAC_SEEN, M_NEGOTIATE, M_NORMAL, SB, SE, WILL, WONT

RECEIVE = 64 * 1024


class Serial(rfc2217.Serial):
    @property
    def in_waiting(self) -> int:
        """Bytes received and not yet read (pyserial counts queue items, one byte each there)."""
        if not self.is_open:
            return super().in_waiting  # raises as pyserial does
        buffer = self._read_buffer
        with buffer.mutex:
            return sum(len(item) for item in buffer.queue if item)

    def _telnet_read_loop(self) -> None:
        state = _TelnetState(self)
        while self.is_open:
            try:
                data = self._socket.recv(RECEIVE)
            except socket.timeout:
                continue  # wake up now and then to see whether the port was closed
            except OSError:
                self._read_buffer.put(None)
                break
            if not data:
                self._read_buffer.put(None)
                break
            state.feed(data)


class _TelnetState:
    """The telnet receive state machine of pyserial's loop, fed whole chunks."""

    def __init__(self, serial: Serial) -> None:
        self.serial = serial
        self.mode = M_NORMAL
        self.suboption: bytearray | None = None
        self.command = b""

    def feed(self, data: bytes) -> None:
        i, end = 0, len(data)
        while i < end:
            if self.mode == M_NORMAL:
                j = data.find(IAC, i)
                run = data[i:] if j < 0 else data[i:j]
                if run:
                    self._data(run)
                if j < 0:
                    return
                self.mode = M_IAC_SEEN
                i = j + 1
                continue
            byte = data[i:i + 1]
            i += 1
            if self.mode == M_NEGOTIATE:
                self.serial._telnet_negotiate_option(self.command, byte)
                self.mode = M_NORMAL
            elif byte == IAC:  # a doubled IAC is the data byte 0xFF
                self._data(IAC)
                self.mode = M_NORMAL
            elif byte == SB:
                self.suboption = bytearray()
                self.mode = M_NORMAL
            elif byte == SE:
                self.serial._telnet_process_subnegotiation(bytes(self.suboption or b""))
                self.suboption = None
                self.mode = M_NORMAL
            elif byte in (DO, DONT, WILL, WONT):
                self.command = byte
                self.mode = M_NEGOTIATE
            else:
                self.serial._telnet_process_command(byte)
                self.mode = M_NORMAL

    def _data(self, run: bytes) -> None:
        if self.suboption is not None:
            self.suboption += run
        else:
            self.serial._read_buffer.put(run)

