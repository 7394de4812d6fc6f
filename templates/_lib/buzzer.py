# buzzer.py: a buzzer on a PWM node (passive buzzer) or a GPIO node (active buzzer).
# 蜂鸣器驱动：PWM 节点（无源蜂鸣器）或 GPIO 节点（有源蜂鸣器）。
#
#   pwm = PWM(); pwm.open('buzzer'); b = PwmBuzzer(pwm)
#   gpio = GPIO(); gpio.open('buzzer'); b = GpioBuzzer(gpio)
#   b.on(); b.off()


class PwmBuzzer:
    def __init__(self, pwm, freq=2000):
        self._pwm = pwm
        self._freq = freq
        self.sounding = False
        self.off()

    def on(self, freq=None, duty=50):
        self._pwm.setOption({'freq': freq or self._freq, 'duty': duty})
        self.sounding = True

    def off(self):
        self._pwm.setOption({'freq': self._freq, 'duty': 0})
        self.sounding = False


class GpioBuzzer:
    def __init__(self, gpio):
        self._gpio = gpio
        self.sounding = False
        self.off()

    def on(self):
        self._gpio.write(1)
        self.sounding = True

    def off(self):
        self._gpio.write(0)
        self.sounding = False
