# light.py: the light sensor of this board: the HaaS EDU K1's on-board AP3216C (I2C node "ap3216c").
# THRESHOLD is where the solution's tutorial reports a change.
# 本开发板的光照传感器：HaaS EDU K1 板载的 AP3216C（I2C 节点 "ap3216c"）；THRESHOLD 是教程中上报亮度变化的分界值。

from driver import I2C

from ap3216c import AP3216C

THRESHOLD = 100   # lux
UNIT = 'lux'


class LightSensor:
    def __init__(self):
        i2c = I2C()
        i2c.open('ap3216c')
        self._sensor = AP3216C(i2c)

    def brightness(self):
        return int(self._sensor.lux())
