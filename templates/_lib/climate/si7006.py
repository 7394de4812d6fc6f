# climate.py: the temperature and humidity sensor of this board: the HaaS EDU K1's on-board
# SI7006 on the I2C node "si7006".
# 本开发板的温湿度传感器：HaaS EDU K1 板载的 SI7006（I2C 节点 "si7006"）。

from driver import I2C

from si7006 import SI7006


def open_sensor():
    i2c = I2C()
    i2c.open('si7006')
    return SI7006(i2c)
