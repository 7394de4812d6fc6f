# The firmware's `dht` (MicroPython, runs in the VM): MicroPython 1.17's DHT11 and DHT22 classes.
# measure() reads the sensor's 5 bytes (the board's DHT model on that pin) and checks the checksum.
from binascii import unhexlify
from _vm import call as _call
from board_pins import pin_number

__name__ = "dht"


class DHTBase:
    _KIND = None

    def __init__(self, pin):
        self.pin = pin
        self.buf = bytearray(5)

    def measure(self):
        self.buf[:] = unhexlify(_call("dht.read", pin_number(self.pin), self._KIND))
        if (self.buf[0] + self.buf[1] + self.buf[2] + self.buf[3]) & 0xFF != self.buf[4]:
            raise Exception("checksum error")


class DHT11(DHTBase):
    _KIND = "dht11"

    def humidity(self):
        return self.buf[0]

    def temperature(self):
        return self.buf[2]


class DHT22(DHTBase):
    _KIND = "dht22"

    def humidity(self):
        return (self.buf[0] << 8 | self.buf[1]) / 10  # tenths, printed as on the board's float32

    def temperature(self):
        t = ((self.buf[2] & 0x7F) << 8 | self.buf[3]) / 10
        return -t if self.buf[2] & 0x80 else t
