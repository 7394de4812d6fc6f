# ap3216c.py: Dyna Image AP3216C ambient light, proximity and IR sensor on I2C (address 0x1E = 30),
# on board the HaaS EDU K1.
# AP3216C 环境光、接近和红外传感器驱动（I2C 地址 0x1E，即 board.json 中的 30；HaaS EDU K1 板载）。
#
#   i2c = I2C(); i2c.open('ap3216c')
#   sensor = AP3216C(i2c)
#   sensor.lux(), sensor.proximity() (0-1023, larger is nearer), sensor.ir()

import utime

SYSTEM = 0x00
ALS_PS_IR = 0x03
RESET = 0x04
IR_LOW, ALS_LOW, PS_LOW = 0x0A, 0x0C, 0x0E
ALS_CONFIG = 0x10
LUX_PER_COUNT = (0.35, 0.0788, 0.0197, 0.0049)   # by ALS range (ALS_CONFIG bits 5:4)


class AP3216C:
    def __init__(self, i2c):
        self._i2c = i2c
        self._two = bytearray(2)
        self._write(SYSTEM, RESET)
        utime.sleep_ms(10)
        self._write(SYSTEM, ALS_PS_IR)
        utime.sleep_ms(250)    # one ALS + PS + IR conversion cycle
        self._range = 0

    def _write(self, register, value):
        self._i2c.memWrite(bytearray([value]), register, 8)

    def _read2(self, register):
        self._i2c.memRead(self._two, register, 8)
        return self._two[0], self._two[1]

    def lux(self):
        low, high = self._read2(ALS_LOW)
        return (high << 8 | low) * LUX_PER_COUNT[self._range]

    def proximity(self):
        low, high = self._read2(PS_LOW)
        return (high & 0x3F) << 4 | (low & 0x0F)

    def ir(self):
        low, high = self._read2(IR_LOW)
        return high << 2 | (low & 0x03)
