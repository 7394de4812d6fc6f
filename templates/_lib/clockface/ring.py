# clockface.py: the clock on a ring of 24 WS2812 LEDs on the GPIO node "ws2812" (MicroPython's neopixel).
# Hour hand red, minute hand blue (magenta when they meet), three lit seconds in the chosen colour.
# 时钟显示：GPIO 节点 "ws2812" 上的 24 颗 WS2812 灯环（MicroPython 的 neopixel 模块）。
# 时针红色、分针蓝色（重合时为品红），秒用三颗所选颜色的灯表示。

from driver import GPIO

import boardpins

try:
    from machine import Pin
    from neopixel import NeoPixel
except ImportError:       # a firmware without neopixel: the clock is printed instead
    NeoPixel = None

LEDS = 24
HOUR, MINUTE, BOTH = (200, 0, 0), (0, 0, 200), (200, 0, 200)


def ring_pixels(hour, minute, second, color):
    """The 24 colours showing hour:minute:second (a minute hand step is 2.5 minutes)."""
    pixels = [(0, 0, 0)] * LEDS
    first = int(second / 2.5)
    for i in range(3):
        pixels[(first + i) % LEDS] = color
    half = 1 if minute >= 30 else 0
    hand_h = ((hour % 12) * 2 + half) % LEDS
    hand_m = (int(minute / 2.5) + half) % LEDS
    pixels[hand_h] = HOUR
    pixels[hand_m] = BOTH if hand_m == hand_h else MINUTE
    return pixels


class ClockFace:
    def __init__(self):
        self._gpio = GPIO()
        self._gpio.open('ws2812')
        pin = boardpins.port('ws2812')
        self._np = NeoPixel(Pin(pin, Pin.OUT), LEDS) if NeoPixel and pin is not None else None
        if self._np is None:
            print('clock: no neopixel module in this firmware, the ring stays dark')

    def show(self, hour, minute, second, color):
        self._write(ring_pixels(hour, minute, second, color))

    def clear(self):
        self._write([(0, 0, 0)] * LEDS)

    def _write(self, pixels):
        if self._np is not None:
            for i, rgb in enumerate(pixels):
                self._np[i] = rgb
            self._np.write()
