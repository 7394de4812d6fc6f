# The firmware's `neopixel` (MicroPython, runs in the VM): MicroPython's documented NeoPixel class.
# write() sends the strip its bytes in wire order (GRB / GRBW); the virtual board panel shows them.
from binascii import hexlify
from _vm import call as _call
from board_pins import pin_number

__name__ = "neopixel"


class NeoPixel:
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3, timing=1):
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.timing = timing
        self.buf = bytearray(n * bpp)
        self._pin = pin_number(pin)

    def __len__(self):
        return self.n

    def __setitem__(self, index, value):
        if index < 0:
            index += self.n
        if not 0 <= index < self.n:
            raise IndexError("index out of range")
        offset = index * self.bpp
        for i in range(self.bpp):
            self.buf[offset + self.ORDER[i]] = value[i]

    def __getitem__(self, index):
        if index < 0:
            index += self.n
        if not 0 <= index < self.n:
            raise IndexError("index out of range")
        offset = index * self.bpp
        return tuple(self.buf[offset + self.ORDER[i]] for i in range(self.bpp))

    def fill(self, value):
        for index in range(self.n):
            self[index] = value

    def write(self):
        _call("neopixel.write", self._pin, hexlify(self.buf).decode(), self.bpp, self.timing)
