# sht3x.py: Sensirion SHT30/SHT31/SHT35 temperature and humidity sensor on I2C (address 0x44 = 68).
# Sensirion SHT3x 温湿度传感器驱动（I2C 地址 0x44，即 board.json 中的 68）。
#
#   i2c = I2C(); i2c.open('sht3x')      # an I2C node of board.json
#   sensor = SHT3x(i2c)
#   temperature, humidity = sensor.measure()   # °C, %RH

import utime

MEASURE_HIGH = b'\x24\x00'   # single shot, high repeatability, no clock stretching
SOFT_RESET = b'\x30\xa2'


def crc8(data):
    """CRC-8, polynomial 0x31, initial value 0xFF (datasheet section 4.12)."""
    crc = 0xFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


class SHT3x:
    def __init__(self, i2c):
        self._i2c = i2c
        self._buf = bytearray(6)
        self._i2c.write(bytearray(SOFT_RESET))
        utime.sleep_ms(2)

    def measure(self):
        """(temperature in °C, relative humidity in %); OSError when the data are corrupted."""
        self._i2c.write(bytearray(MEASURE_HIGH))
        utime.sleep_ms(16)
        self._i2c.read(self._buf)
        b = self._buf
        if crc8(b[0:2]) != b[2] or crc8(b[3:5]) != b[5]:
            raise OSError('SHT3x: CRC mismatch')
        raw_t = b[0] << 8 | b[1]
        raw_h = b[3] << 8 | b[4]
        return -45 + 175 * raw_t / 65535, 100 * raw_h / 65535

    def temperature(self):
        return self.measure()[0]

    def humidity(self):
        return self.measure()[1]
