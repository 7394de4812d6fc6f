"""SH1106 128x64 OLED on SPI, as on the HaaS EDU K1: a D/C pin tells commands (low) from pixels (high).

The controller is written in page addressing: `0xB0 + page` picks one of the eight pages, `0x0L`
and `0x1H` the column (the glass shows memory columns 2-129), then each data byte fills one column
of eight rows and moves to the next column. Commands with arguments (contrast 0x81, multiplex 0xA8,
offset 0xD3, clock 0xD5, pre-charge 0xD9, pins 0xDA, VCOM 0xDB, DC-DC 0xAD) take the following
byte(s). A "display" event follows each write of data into the last page (a whole frame drawn
top to bottom) and each power change. An SPI node whose name says oled, sh1106 or display is wired
to it, with the GPIO output node whose name says dc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ide.virtualboard.haas.oledram import OledRam
from ide.virtualboard.haas.wired import WiredDevice

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

NAMES = r"oled|sh1106|display|screen"
ARGS = {0x81: 1, 0xA8: 1, 0xD3: 1, 0xD5: 1, 0xD9: 1, 0xDA: 1, 0xDB: 1, 0xAD: 1}


class Sh1106(WiredDevice, OledRam):
    model = "SH1106"
    PINS = ("spi", "dc")
    RAM_WIDTH, OFFSET = 132, 2

    def __init__(self, hardware: "Hardware", spi: int, dc: int, names: Iterable[str] = ()) -> None:
        WiredDevice.__init__(self, hardware, names)
        OledRam.__init__(self)
        self.spi, self.dc = spi, dc
        self.page = self.column = 0
        self._pending: list[int] = []

    @classmethod
    def find(cls, io: dict) -> Iterable[dict]:
        from ide.virtualboard.haas.peripherals import nodes_of

        dcs = nodes_of(io, "GPIO", r"(^|_)dc($|_)", ("output",))
        for (name, node), (dc_name, dc) in zip(nodes_of(io, "SPI", NAMES), dcs):
            yield {"spi": node["port"], "dc": dc["port"], "names": (name, dc_name)}

    def key(self) -> str:
        return f"spi{self.spi}"

    def spi_write(self, port: int, data: bytes) -> None:
        if port != self.spi or not data:
            return
        if self.hardware.read_pin(self.dc):
            self._data(data)
        else:
            for byte in data:
                self._command(byte)

    def _command(self, byte: int) -> None:
        if self._pending:
            self._pending.append(byte)
            if len(self._pending) > ARGS[self._pending[0]]:
                self._pending = []
            return
        if byte in ARGS:
            self._pending = [byte]
        elif 0xB0 <= byte <= 0xB7:
            self.page = byte - 0xB0
        elif byte <= 0x0F:
            self.column = (self.column & 0xF0) | byte
        elif byte <= 0x1F:
            self.column = (self.column & 0x0F) | ((byte & 0x0F) << 4)
        elif byte in (0xAE, 0xAF):
            self.on = byte == 0xAF
            self.emit("display", **self.display_event())
        elif byte in (0xA6, 0xA7):
            self.inverted = byte == 0xA7

    def _data(self, data: bytes) -> None:
        base = self.page * self.RAM_WIDTH
        for byte in data:
            if self.column < self.RAM_WIDTH:
                self.ram[base + self.column] = byte
                self.column += 1
        if self.page == self.PAGES - 1:
            self.emit("display", **self.display_event())

    def state(self) -> dict:
        return {**WiredDevice.state(self), **self.display_state()}
