# gp2y10.py: Sharp GP2Y1010AU0F optical dust sensor: an LED pin (on while low) and an analog output.
# 夏普 GP2Y1010AU0F 粉尘传感器驱动：LED 引脚（低电平点亮）和模拟输出。
#
#   led = GPIO(); led.open('gp2y10led'); out = ADC(); out.open('gp2y10out')
#   dust = GP2Y10(out, led).read_mv()   # the output 0.28 ms into the LED pulse, in mV

import utime


class GP2Y10:
    def __init__(self, adc, led):
        self._adc = adc
        self._led = led
        self._led.write(1)

    def read_mv(self):
        self._led.write(0)
        utime.sleep_us(280)
        value = self._adc.read()
        utime.sleep_us(40)
        self._led.write(1)
        utime.sleep_us(9680)
        return value
