# oled.py: 128x64 monochrome OLED displays with a built-in 5x7 font (no framebuf needed).
# 128x64 单色 OLED 显示屏驱动，自带 5x7 字体（不依赖 framebuf）。
#
#   SSD1306 on I2C (address 0x3C = 60):
#       i2c = I2C(); i2c.open('ssd1306'); screen = SSD1306(i2c)
#   SH1106 on SPI with D/C and reset pins (the HaaS EDU K1's screen):
#       screen = SH1106(spi, dc, res)      # opened SPI and GPIO nodes
#   screen.fill(0); screen.text('HELLO', 0, 0); screen.show()
# The font has ASCII 32-90; lower case is shown in upper case.

import utime

# Five column bytes per character from ' ' (32) to 'Z' (90); bit 0 is the top row.
FONT = (
    b'\x00\x00\x00\x00\x00\x00\x00\x5f\x00\x00\x00\x03\x00\x03\x00\x14\x7f\x14\x7f\x14'
    b'\x24\x2a\x7f\x2a\x12\x23\x13\x08\x64\x62\x36\x49\x55\x22\x50\x00\x00\x03\x00\x00'
    b'\x00\x1c\x22\x41\x00\x00\x41\x22\x1c\x00\x14\x08\x3e\x08\x14\x08\x08\x3e\x08\x08'
    b'\x00\x50\x30\x00\x00\x08\x08\x08\x08\x08\x00\x60\x60\x00\x00\x20\x10\x08\x04\x02'
    b'\x3e\x51\x49\x45\x3e\x00\x42\x7f\x40\x00\x42\x61\x51\x49\x46\x21\x41\x45\x4b\x31'
    b'\x18\x14\x12\x7f\x10\x27\x45\x45\x45\x39\x3c\x4a\x49\x49\x30\x01\x71\x09\x05\x03'
    b'\x36\x49\x49\x49\x36\x06\x49\x49\x29\x1e\x00\x36\x36\x00\x00\x00\x56\x36\x00\x00'
    b'\x08\x14\x22\x41\x00\x14\x14\x14\x14\x14\x00\x41\x22\x14\x08\x02\x01\x51\x09\x06'
    b'\x32\x49\x79\x41\x3e\x7e\x09\x09\x09\x7e\x7f\x49\x49\x49\x36\x3e\x41\x41\x41\x22'
    b'\x7f\x41\x41\x22\x1c\x7f\x49\x49\x49\x41\x7f\x09\x09\x09\x01\x3e\x41\x49\x49\x7a'
    b'\x7f\x08\x08\x08\x7f\x00\x41\x7f\x41\x00\x20\x40\x41\x3f\x01\x7f\x08\x14\x22\x41'
    b'\x7f\x40\x40\x40\x40\x7f\x02\x0c\x02\x7f\x7f\x04\x08\x10\x7f\x3e\x41\x41\x41\x3e'
    b'\x7f\x09\x09\x09\x06\x3e\x41\x51\x21\x5e\x7f\x09\x19\x29\x46\x46\x49\x49\x49\x31'
    b'\x01\x01\x7f\x01\x01\x3f\x40\x40\x40\x3f\x1f\x20\x40\x20\x1f\x3f\x40\x38\x40\x3f'
    b'\x63\x14\x08\x14\x63\x03\x04\x78\x04\x03\x61\x51\x49\x45\x43'
)
FIRST, LAST = 32, 90


class Canvas:
    """A frame buffer in the controllers' page layout: byte x + 128 * page holds 8 rows."""

    def __init__(self, width=128, height=64):
        self.width = width
        self.height = height
        self.pages = height // 8
        self.buffer = bytearray(width * self.pages)

    def fill(self, color):
        self.buffer[:] = (b'\xff' if color else b'\x00') * len(self.buffer)

    def pixel(self, x, y, color=1):
        if 0 <= x < self.width and 0 <= y < self.height:
            index = x + (y >> 3) * self.width
            if color:
                self.buffer[index] |= 1 << (y & 7)
            else:
                self.buffer[index] &= ~(1 << (y & 7)) & 0xFF

    def hline(self, x, y, length, color=1):
        for i in range(length):
            self.pixel(x + i, y, color)

    def text(self, string, x, y, color=1):
        """Draw `string` with its top-left corner at (x, y); 6 pixels per character."""
        for char in str(string).upper():
            code = ord(char)
            if code < FIRST or code > LAST:
                code = ord('?')
            start = (code - FIRST) * 5
            for column in range(5):
                bits = FONT[start + column]
                for row in range(7):
                    if bits >> row & 1:
                        self.pixel(x + column, y + row, color)
            x += 6


class SSD1306(Canvas):
    """SSD1306 controller on I2C: commands after a 0x00 control byte, pixels after 0x40."""

    CHUNK = 32

    def __init__(self, i2c, width=128, height=64):
        super().__init__(width, height)
        self._i2c = i2c
        for command in (0xAE, 0x20, 0x00, 0x40, 0xA1, 0xA8, height - 1, 0xC8, 0xD3, 0x00, 0xDA, 0x12,
                        0xD5, 0x80, 0xD9, 0xF1, 0xDB, 0x30, 0x81, 0xFF, 0xA4, 0xA6, 0x8D, 0x14, 0xAF):
            self._command(command)
        self.fill(0)
        self.show()

    def _command(self, command):
        self._i2c.write(bytearray([0x00, command]))

    def show(self):
        for command in (0x21, 0, self.width - 1, 0x22, 0, self.pages - 1):
            self._command(command)
        for i in range(0, len(self.buffer), self.CHUNK):
            self._i2c.write(bytearray([0x40]) + self.buffer[i:i + self.CHUNK])

    def power(self, on):
        self._command(0xAF if on else 0xAE)


class SH1106(Canvas):
    """SH1106 controller (132 columns, 128 shown from column 2) on SPI, D/C low for commands."""

    OFFSET = 2

    def __init__(self, spi, dc, res, width=128, height=64):
        super().__init__(width, height)
        self._spi = spi
        self._dc = dc
        res.write(1)
        utime.sleep_ms(1)
        res.write(0)
        utime.sleep_ms(10)
        res.write(1)
        utime.sleep_ms(10)
        self._commands(0xAE, 0xD5, 0x80, 0xA8, height - 1, 0xD3, 0x00, 0x40, 0xAD, 0x8B, 0xA1, 0xC8,
                       0xDA, 0x12, 0x81, 0xCF, 0xD9, 0x22, 0xDB, 0x40, 0xA4, 0xA6, 0xAF)
        self.fill(0)
        self.show()

    def _commands(self, *commands):
        self._dc.write(0)
        self._spi.write(bytearray(commands))

    def show(self):
        for page in range(self.pages):
            self._commands(0xB0 + page, self.OFFSET & 0x0F, 0x10 | (self.OFFSET >> 4))
            self._dc.write(1)
            start = page * self.width
            self._spi.write(self.buffer[start:start + self.width])

    def power(self, on):
        self._commands(0xAF if on else 0xAE)
