# climate.py: the temperature and humidity sensor of this board: an AHT21B on the I2C node "aht21b".
# 本开发板的温湿度传感器：I2C 节点 "aht21b" 上的 AHT21B。

from driver import I2C

from aht21b import AHT21B


def open_sensor():
    i2c = I2C()
    i2c.open('aht21b')
    return AHT21B(i2c)
