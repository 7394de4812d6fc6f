# climate.py: the temperature sensor of this board: an AHT21B (or AHT20) on the I2C node "aht21b".
# 本开发板的温度传感器：I2C 节点 "aht21b" 上的 AHT21B（或 AHT20）。

from driver import I2C

from aht21b import AHT21B


def open_sensor():
    i2c = I2C()
    i2c.open('aht21b')
    return AHT21B(i2c)
