# presence.py: is someone there? The HaaS EDU K1's on-board AP3216C proximity sensor (I2C node "ap3216c").
# 是否有人：HaaS EDU K1 板载的 AP3216C 接近传感器（I2C 节点 "ap3216c"）。

from driver import I2C

from ap3216c import AP3216C

NEAR = 200   # proximity reading (0-1023) from which someone counts as there


class Presence:
    def __init__(self):
        i2c = I2C()
        i2c.open('ap3216c')
        self._sensor = AP3216C(i2c)

    def detected(self):
        return self._sensor.proximity() >= NEAR
