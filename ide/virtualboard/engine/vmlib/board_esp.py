# The firmware's `esp` (MicroPython, runs in the VM): the ESP32 port's module. Flash reads, writes
# and erases reach the board's simulated flash chip (NOR: a write only clears bits, an erase sets a
# 4 KiB sector to 0xFF), so a careless write corrupts the firmware as it would on the board.
from binascii import hexlify, unhexlify
from _vm import call as _call
from board_pins import pin_number

__name__ = "esp"
LOG_NONE = 0
LOG_ERROR = 1
LOG_WARNING = 2
LOG_INFO = 3
LOG_DEBUG = 4
LOG_VERBOSE = 5
_level = [LOG_ERROR]


def osdebug(uart, level=LOG_ERROR):
    _level[0] = level if uart is not None else LOG_NONE


def flash_size():
    return _call("esp.flash_size")


def flash_user_start():
    return 0x200000


def flash_read(offset, buf):
    buf[:] = unhexlify(_call("esp.flash_read", offset, len(buf)))


def flash_write(offset, buf):
    _call("esp.flash_write", offset, hexlify(buf).decode())


def flash_erase(sector):
    _call("esp.flash_erase", sector)


def gpio_matrix_in(*args):
    pass


def gpio_matrix_out(*args):
    pass


def dht_readinto(pin, buf):
    data = unhexlify(_call("dht.read", pin_number(pin), None))
    buf[:5] = data


def neopixel_write(pin, buf, timing):
    _call("neopixel.write", pin_number(pin), hexlify(buf).decode(), 3, timing)
