# climate.py: the temperature and humidity sensor of this board: an SHT3x on the I2C node "sht3x".
# 本开发板的温湿度传感器：I2C 节点 "sht3x" 上的 SHT3x。

from driver import I2C

from sht3x import SHT3x


def open_sensor():
    i2c = I2C()
    i2c.open('sht3x')
    return SHT3x(i2c)
