"""A 125 kHz RFID card reader on a UART (RDM6300 and its clones), 9600 baud.

When a card comes near, the module sends one frame: STX (0x02), the card's 5 bytes as 10 upper-case
hexadecimal characters (a version byte and the 4-byte number), 2 hexadecimal characters of the XOR
of those 5 bytes, ETX (0x03). `present(card)` puts such a frame in the UART's receive buffer, as
the panel's "Present card" button and the control channel's `rfid` command do. A UART node whose
name says rfid, rdm, card or reader is wired to a reader.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ide.virtualboard.haas.wired import WiredDevice

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

NAMES = r"rfid|rdm|card|reader"
STX, ETX = 0x02, 0x03
_CARD = re.compile(r"[0-9A-Fa-f]{10}")


def card_frame(card: str) -> bytes:
    """The reader's frame for a 10-hex-digit card id (ValueError otherwise)."""
    card = str(card).strip()
    if not _CARD.fullmatch(card):
        raise ValueError(f"a card id is 10 hexadecimal digits, such as 0A1B2C3D4E; not {card!r}")
    checksum = 0
    for byte in bytes.fromhex(card):
        checksum ^= byte
    return bytes([STX]) + card.upper().encode("ascii") + b"%02X" % checksum + bytes([ETX])


class RfidReader(WiredDevice):
    model = "rfid"
    PINS = ("uart",)

    def __init__(self, hardware: "Hardware", uart: int, names: Iterable[str] = ()) -> None:
        super().__init__(hardware, names)
        self.uart = uart
        self.last_card: str | None = None

    @classmethod
    def find(cls, io: dict) -> Iterable[dict]:
        from ide.virtualboard.haas.peripherals import nodes_of

        for name, node in nodes_of(io, "UART", NAMES):
            yield {"uart": node["port"], "names": (name,)}

    def present(self, card: str) -> bytes:
        frame = card_frame(card)
        self.last_card = card.upper()
        self.hardware.uart_input(self.uart, frame)
        self.emit("rfid", name=(self._names or (None,))[0], port=self.uart, card=self.last_card)
        return frame

    def state(self) -> dict:
        return {**super().state(), "last_card": self.last_card}
