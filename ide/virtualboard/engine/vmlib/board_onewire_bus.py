# The firmware's `_onewire` (MicroPython, runs in the VM): 1-Wire time slots on a pin, driven by
# the board's 1-Wire model on the host (reset pulse, bit and byte reads and writes), and its CRC-8.
from binascii import hexlify
from _vm import call as _call
from board_pins import pin_number

__name__ = "_onewire"


def reset(pin):
    return _call("onewire.reset", pin_number(pin))


def readbit(pin):
    return _call("onewire.read", pin_number(pin), 1)


def readbyte(pin):
    return _call("onewire.read", pin_number(pin), 8)


def writebit(pin, value):
    _call("onewire.write", pin_number(pin), 1 if value else 0, 1)


def writebyte(pin, value):
    _call("onewire.write", pin_number(pin), value & 0xFF, 8)


def crc8(data):
    return _call("onewire.crc8", hexlify(data).decode())
