# aht21b.py: Aosong AHT20/AHT21B temperature and humidity sensor on I2C (address 0x38 = 56).
# 奥松 AHT20/AHT21B 温湿度传感器驱动（I2C 地址 0x38，即 board.json 中的 56）。
#
#   i2c = I2C(); i2c.open('aht21b')
#   sensor = AHT21B(i2c)
#   temperature, humidity = sensor.measure()   # °C, %RH

import utime

CALIBRATED = 0x08
BUSY = 0x80


def crc8(data):
    """CRC-8, polynomial 0x31, initial value 0xFF."""
    crc = 0xFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


class AHT21B:
    def __init__(self, i2c):
        self._i2c = i2c
        self._buf = bytearray(7)
        utime.sleep_ms(40)                      # power-on time
        status = bytearray(1)
        self._i2c.read(status)
        if not status[0] & CALIBRATED:
            self._i2c.write(bytearray(b'\xbe\x08\x00'))   # initialise (load calibration)
            utime.sleep_ms(10)

    def measure(self):
        """(temperature in °C, relative humidity in %); OSError when busy or corrupted."""
        self._i2c.write(bytearray(b'\xac\x33\x00'))        # trigger a measurement
        utime.sleep_ms(80)
        self._i2c.read(self._buf)
        b = self._buf
        if b[0] & BUSY:
            raise OSError('AHT21B: still measuring')
        if crc8(b[0:6]) != b[6]:
            raise OSError('AHT21B: CRC mismatch')
        raw_h = (b[1] << 12) | (b[2] << 4) | (b[3] >> 4)
        raw_t = ((b[3] & 0x0F) << 16) | (b[4] << 8) | b[5]
        return raw_t * 200 / 1048576 - 50, raw_h * 100 / 1048576

    def temperature(self):
        return self.measure()[0]

    def humidity(self):
        return self.measure()[1]
