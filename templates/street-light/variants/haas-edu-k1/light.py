# light.py: the light sensor of this board: the HaaS EDU K1's on-board AP3216C (I2C node "ap3216c").
# 本开发板的光照传感器：HaaS EDU K1 板载的 AP3216C（I2C 节点 "ap3216c"）。

from driver import I2C

from ap3216c import AP3216C

DARK_LUX = 20


class LightSensor:
    def __init__(self):
        i2c = I2C()
        i2c.open('ap3216c')
        self._sensor = AP3216C(i2c)

    def read(self):
        """(reading, reading as text, True when it is dark)."""
        lux = self._sensor.lux()
        return round(lux, 1), '%.1f lux' % lux, lux < DARK_LUX
