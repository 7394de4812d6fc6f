"""The display memory of the small monochrome OLED controllers (SSD1306 on I2C, SH1106 on SPI).

Both keep one byte per column per page of eight rows (bit 0 on top); the SH1106's memory is 132
columns wide and shows columns 2-129 on a 128-pixel glass. `OledRam` holds that memory, answers
`pixel(x, y)` for the visible area, and tells observers with a "display" event carrying the
visible 128x64 bytes in page order (hex), which the virtual board panel draws and the control
channel's `display` command returns as text rows.
"""

from __future__ import annotations

from typing import Any


class OledRam:
    model = "OLED"
    WIDTH, HEIGHT, PAGES = 128, 64, 8   # the visible area
    RAM_WIDTH, OFFSET = 128, 0          # the memory's width, and its first visible column

    def __init__(self) -> None:
        self.ram = bytearray(self.RAM_WIDTH * self.PAGES)
        self.on = False
        self.inverted = False

    def pixel(self, x: int, y: int) -> int:
        return (self.ram[(y // 8) * self.RAM_WIDTH + x + self.OFFSET] >> (y % 8)) & 1

    def visible(self) -> bytes:
        """The shown 128 columns of each page, page after page."""
        return b"".join(bytes(self.ram[p * self.RAM_WIDTH + self.OFFSET:p * self.RAM_WIDTH + self.OFFSET + self.WIDTH])
                        for p in range(self.PAGES))

    def rows(self) -> list[str]:
        """The picture as text, "#" for a lit pixel."""
        return ["".join("#" if self.pixel(x, y) else " " for x in range(self.WIDTH)) for y in range(self.HEIGHT)]

    def display_event(self) -> dict[str, Any]:
        return {"model": self.model, "key": self.key(), "on": self.on, "inverted": self.inverted,
                "width": self.WIDTH, "height": self.HEIGHT, "data": self.visible().hex()}

    def key(self) -> str:
        return self.model.lower()

    def display_state(self) -> dict:
        return {"model": self.model, "key": self.key(), "on": self.on, "inverted": self.inverted,
                "data": self.visible().hex()}
