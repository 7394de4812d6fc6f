# light.py: the light sensor of this board: a photoresistor module on the ADC node "photoresistor".
# Its output rises with the light; THRESHOLD is where the solution's tutorial reports a change.
# 本开发板的光照传感器：ADC 节点 "photoresistor" 上的光敏电阻模块，光线越亮输出越高；
# THRESHOLD 是教程中上报亮度变化的分界值。

from driver import ADC

THRESHOLD = 1000   # mV
UNIT = 'mV'


class LightSensor:
    def __init__(self):
        self._adc = ADC()
        self._adc.open('photoresistor')

    def brightness(self):
        return self._adc.readVoltage()
