"""SLIP framing as the ESP serial bootloader uses it: `C0 payload C0`, `DB DC` for C0, `DB DD` for DB.

The ROM ignores bytes outside a frame (line noise, a terminal's keystrokes); a frame with a bad
escape is dropped whole.
"""

from __future__ import annotations

END = 0xC0
ESC = 0xDB
ESC_END = 0xDC
ESC_ESC = 0xDD


def encode(payload: bytes) -> bytes:
    """One frame carrying `payload`."""
    return b"\xc0" + payload.replace(b"\xdb", b"\xdb\xdd").replace(b"\xc0", b"\xdb\xdc") + b"\xc0"


class Decoder:
    """Turns a byte stream into frames; feed it whatever arrives, take the complete frames."""

    def __init__(self) -> None:
        self._frame: bytearray | None = None
        self._escape = False
        self._bad = False

    def feed(self, data: bytes) -> list[bytes]:
        frames: list[bytes] = []
        for byte in data:
            if byte == END:
                if self._frame and not self._bad:
                    frames.append(bytes(self._frame))
                self._frame = bytearray()  # an END both closes a frame and may open the next
                self._escape = self._bad = False
            elif self._frame is None:
                continue  # noise between frames
            elif self._escape:
                self._escape = False
                if byte == ESC_END:
                    self._frame.append(END)
                elif byte == ESC_ESC:
                    self._frame.append(ESC)
                else:
                    self._bad = True
            elif byte == ESC:
                self._escape = True
            else:
                self._frame.append(byte)
        return frames

    def reset(self) -> None:
        """Forget any partial frame (the UART was reset or changed speed)."""
        self._frame = None
        self._escape = self._bad = False
