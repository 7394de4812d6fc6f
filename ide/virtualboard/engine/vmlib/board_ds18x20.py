# The firmware's `ds18x20` (MicroPython, runs in the VM): MicroPython's documented DS18X20 class for
# DS18S20 (family 0x10), DS1822 (0x22) and DS18B20 (0x28) sensors on a OneWire bus.
from micropython import const

__name__ = "ds18x20"
_CONVERT = const(0x44)
_READ_SCRATCH = const(0xBE)
_WRITE_SCRATCH = const(0x4E)


class DS18X20:
    def __init__(self, onewire):
        self.ow = onewire
        self.buf = bytearray(9)

    def scan(self):
        return [rom for rom in self.ow.scan() if rom[0] in (0x10, 0x22, 0x28)]

    def convert_temp(self):
        self.ow.reset(True)
        self.ow.writebyte(self.ow.SKIP_ROM)
        self.ow.writebyte(_CONVERT)

    def read_scratch(self, rom):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_READ_SCRATCH)
        self.ow.readinto(self.buf)
        if self.ow.crc8(self.buf):
            raise Exception("CRC error")
        return self.buf

    def write_scratch(self, rom, buf):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_WRITE_SCRATCH)
        self.ow.write(buf)

    def read_temp(self, rom):
        buf = self.read_scratch(rom)
        t = buf[1] << 8 | buf[0]
        if t & 0x8000:
            t -= 0x10000
        if rom[0] == 0x10:  # DS18S20: half degrees, refined by COUNT_REMAIN and COUNT_PER_C
            return (t >> 1) - 0.25 + (buf[7] - buf[6]) / buf[7]
        return t / 16
