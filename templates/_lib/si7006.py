# si7006.py: Silicon Labs SI7006 temperature and humidity sensor on I2C (address 0x40 = 64),
# on board the HaaS EDU K1.
# Silicon Labs SI7006 温湿度传感器驱动（I2C 地址 0x40，即 board.json 中的 64；HaaS EDU K1 板载）。
#
#   i2c = I2C(); i2c.open('si7006')
#   sensor = SI7006(i2c)
#   temperature, humidity = sensor.measure()   # °C, %RH

import utime

MEASURE_HUMIDITY = 0xF5        # no hold master mode
MEASURE_TEMPERATURE = 0xF3
TEMPERATURE_OF_LAST_RH = 0xE0  # the temperature measured along with the last humidity


def crc8(data):
    """CRC-8, polynomial 0x31, initial value 0x00."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


class SI7006:
    def __init__(self, i2c):
        self._i2c = i2c
        self._buf = bytearray(3)

    def _read_word(self, command, wait_ms, check=True):
        self._i2c.write(bytearray([command]))
        if wait_ms:
            utime.sleep_ms(wait_ms)
        buf = self._buf if check else self._buf[:2]
        self._i2c.read(buf)
        if check and crc8(self._buf[0:2]) != self._buf[2]:
            raise OSError('SI7006: CRC mismatch')
        return (buf[0] << 8 | buf[1]) & 0xFFFC

    def measure(self):
        """(temperature in °C, relative humidity in %)."""
        raw_h = self._read_word(MEASURE_HUMIDITY, 25)
        raw_t = self._read_word(TEMPERATURE_OF_LAST_RH, 0, check=False)
        humidity = min(100.0, max(0.0, 125 * raw_h / 65536 - 6))
        return 175.72 * raw_t / 65536 - 46.85, humidity

    def temperature(self):
        return 175.72 * self._read_word(MEASURE_TEMPERATURE, 12) / 65536 - 46.85

    def humidity(self):
        return self.measure()[1]
