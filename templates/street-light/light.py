# light.py: the light sensor of this board: a photoresistor module on the ADC node "photoresistor".
# The module's output rises as the light falls (photoresistor on the ground side): adjust DARK_MV.
# 本开发板的光照传感器：ADC 节点 "photoresistor" 上的光敏电阻模块。光线越暗输出越高：按需调整 DARK_MV。

from driver import ADC

DARK_MV = 2000


class LightSensor:
    def __init__(self):
        self._adc = ADC()
        self._adc.open('photoresistor')

    def read(self):
        """(reading, reading as text, True when it is dark)."""
        mv = self._adc.read()
        return mv, '%d mV' % mv, mv >= DARK_MV
