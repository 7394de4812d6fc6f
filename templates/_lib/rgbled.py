# rgbled.py: an RGB LED, on three PWM nodes (any colour) or on three GPIO nodes (on or off per colour).
# RGB LED 驱动：三个 PWM 节点（任意颜色）或三个 GPIO 节点（每种颜色只有亮和灭）。
#
#   led = PwmRgb(r, g, b)  or  led = GpioRgb(r, g, b)   # opened PWM or GPIO objects
#   led.color(0xFF8000)    # 0xRRGGBB; 0 is off

PWM_FREQ = 1000


class PwmRgb:
    def __init__(self, red, green, blue):
        self._pwms = (red, green, blue)
        self.color(0)

    def color(self, rgb):
        for pwm, shift in zip(self._pwms, (16, 8, 0)):
            pwm.setOption({'freq': PWM_FREQ, 'duty': ((rgb >> shift) & 0xFF) * 100 // 255})
        self.rgb = rgb


class GpioRgb:
    def __init__(self, red, green, blue):
        self._pins = (red, green, blue)
        self.color(0)

    def color(self, rgb):
        for pin, shift in zip(self._pins, (16, 8, 0)):
            pin.write(1 if (rgb >> shift) & 0x80 else 0)
        self.rgb = rgb
