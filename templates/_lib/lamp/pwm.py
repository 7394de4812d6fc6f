# lamp.py: this board's RGB LED: three PWM nodes "rgbR", "rgbG", "rgbB" (any colour).
# 本开发板的 RGB LED：三个 PWM 节点 "rgbR"、"rgbG"、"rgbB"（任意颜色）。

from driver import PWM

from rgbled import PwmRgb


def open_lamp():
    pins = []
    for name in ('rgbR', 'rgbG', 'rgbB'):
        pwm = PWM()
        pwm.open(name)
        pins.append(pwm)
    return PwmRgb(*pins)
