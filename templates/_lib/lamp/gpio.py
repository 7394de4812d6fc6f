# lamp.py: this board's RGB LED: the HaaS EDU K1's on-board LED on the GPIO nodes "led_r", "led_g",
# "led_b" (each colour on or off, so white, red, yellow, green, cyan, blue and magenta).
# 本开发板的 RGB LED：HaaS EDU K1 板载 LED，GPIO 节点 "led_r"、"led_g"、"led_b"（每种颜色只有亮灭）。

from driver import GPIO

from rgbled import GpioRgb


def open_lamp():
    red, green, blue = GPIO(), GPIO(), GPIO()
    red.open('led_r')
    green.open('led_g')
    blue.open('led_b')
    return GpioRgb(red, green, blue)
