# The firmware's `onewire` (MicroPython, runs in the VM): MicroPython's documented OneWire class over
# `_onewire`, with ROM search (scan) and device selection.
import _onewire

__name__ = "onewire"


class OneWireError(Exception):
    pass


class OneWire:
    SEARCH_ROM = 0xF0
    MATCH_ROM = 0x55
    SKIP_ROM = 0xCC

    def __init__(self, pin):
        self.pin = pin
        try:
            pin.init(pin.OPEN_DRAIN, pin.PULL_UP)
        except AttributeError:
            pass

    def reset(self, required=False):
        present = _onewire.reset(self.pin)
        if required and not present:
            raise OneWireError
        return present

    def readbit(self):
        return _onewire.readbit(self.pin)

    def readbyte(self):
        return _onewire.readbyte(self.pin)

    def readinto(self, buf):
        for i in range(len(buf)):
            buf[i] = _onewire.readbyte(self.pin)

    def writebit(self, value):
        _onewire.writebit(self.pin, value)

    def writebyte(self, value):
        _onewire.writebyte(self.pin, value)

    def write(self, buf):
        for byte in buf:
            _onewire.writebyte(self.pin, byte)

    def select_rom(self, rom):
        self.reset()
        self.writebyte(self.MATCH_ROM)
        self.write(rom)

    def crc8(self, data):
        return _onewire.crc8(data)

    def scan(self):
        """The ROM codes of the devices on the bus (those with a good CRC)."""
        found = []
        rom = bytearray(8)
        last_fork = 0
        while True:
            last_fork = self._search_rom(rom, last_fork)
            if last_fork is None:
                break
            if self.crc8(rom) == 0:
                found.append(bytearray(rom))
            if last_fork == 0:
                break
        return found

    def _search_rom(self, rom, previous_fork):
        """One search pass: fill `rom`, taking the 1 branch at the previous fork and 0 at new
        ones; the position of the last 0-branch fork taken (0: none left), None: no device."""
        if not self.reset():
            return None
        self.writebyte(self.SEARCH_ROM)
        fork = 0
        for position in range(1, 65):
            bit = self.readbit()
            complement = self.readbit()
            if bit and complement:
                return None
            if bit == complement:  # devices differ here
                if position == previous_fork:
                    bit = 1
                elif position > previous_fork:
                    bit = 0
                else:
                    bit = (rom[(position - 1) // 8] >> ((position - 1) % 8)) & 1
                if not bit:
                    fork = position
            index, shift = (position - 1) // 8, (position - 1) % 8
            rom[index] = (rom[index] & ~(1 << shift)) | (bit << shift)
            self.writebit(bit)
        return fork
