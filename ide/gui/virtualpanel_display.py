"""The virtual board panel's screens: each OLED the program draws on (SSD1306 on I2C, the SH1106 of
the HaaS EDU K1 on SPI), as pixels.

The board sends a "display" event with the visible 128x64 pixels in the controllers' page layout
(one byte per column per page of eight rows, bit 0 on top); `show_event` turns it into an image,
drawn twice the size, white on black like the glass (black when the display is off). A screen
appears the first time its display sends a picture or is found by `show_all`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ide.i18n import _

SCALE = 2
LIT, DARK = QColor("#e8f4ff").rgb(), QColor("#05080c").rgb()


def picture(data: bytes, width: int, height: int, on: bool = True, inverted: bool = False) -> QImage:
    """The image of page-layout display memory."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(DARK)
    if not on:
        return image
    for y in range(height):
        row = (y // 8) * width
        bit = 1 << (y % 8)
        for x in range(width):
            if bool(data[row + x] & bit) != inverted:
                image.setPixel(x, y, LIT)
    return image


class Screen(QLabel):
    """One display, drawn at SCALE times its size."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image: QImage | None = None
        self.model = ""

    def show_picture(self, image: QImage, model: str) -> None:
        self.image = image
        self.model = model
        self.setPixmap(QPixmap.fromImage(image.scaled(image.width() * SCALE, image.height() * SCALE)))
        self.setToolTip(_("What the program draws on this display"))

    def lit_pixels(self) -> int:
        """How many pixels are lit (tests, and a quick look at whether anything is drawn)."""
        if self.image is None:
            return 0
        return sum(self.image.pixel(x, y) == LIT for y in range(self.image.height()) for x in range(self.image.width()))


class DisplayBox(QGroupBox):
    """The screens of the board, keyed like the board's displays ("i2c0:60", "spi1")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Displays"), parent)
        self.screens: dict[str, Screen] = {}
        self._layout = QVBoxLayout(self)
        self.setVisible(False)

    def clear(self) -> None:
        for screen in self.screens.values():
            screen.deleteLater()
        self.screens.clear()
        self.setVisible(False)

    def show_event(self, event: dict) -> None:
        """Draw a "display" event of the board."""
        try:
            data = bytes.fromhex(event.get("data", ""))
        except ValueError:
            return
        width, height = int(event.get("width", 128)), int(event.get("height", 64))
        if len(data) < width * height // 8:
            return
        key = str(event.get("key") or f"i2c{event.get('bus', 0)}:{event.get('addr', 60)}")
        self.screen(key).show_picture(picture(data, width, height, bool(event.get("on")),
                                              bool(event.get("inverted"))), str(event.get("model", "")))

    def screen(self, key: str) -> Screen:
        if key not in self.screens:
            self.screens[key] = Screen(key, self)
            self._layout.addWidget(self.screens[key])
            self.setVisible(True)
        return self.screens[key]

    def show_all(self, displays: list) -> None:
        """Draw the displays of `Hardware.displays()` that were switched on or drawn."""
        for display in displays:
            event = display.display_event()
            if event["on"] or any(display.visible()):
                self.show_event(event)
