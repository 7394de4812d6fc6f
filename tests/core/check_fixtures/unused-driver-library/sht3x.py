# A temperature and humidity sensor driver with a self-test at the bottom.
import utime
from driver import I2C


class SHT3x:
    def __init__(self, i2c):
        self.i2c = i2c

    def measure(self):
        self.i2c.write(bytearray(b'\x24\x00'))
        utime.sleep_ms(16)
        data = bytearray(6)
        self.i2c.read(data)
        return data


if __name__ == '__main__':
    bus = I2C()
    bus.open('sht3x')
    print(SHT3x(bus).measure())
