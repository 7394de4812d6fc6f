# servo.py: a hobby servo (SG90, MG996R) on a PWM node: 50 pulses a second, 0.5 ms for 0°, 2.5 ms for 180°.
# 舵机驱动（SG90、MG996R）：PWM 节点，每秒 50 个脉冲，0.5 ms 对应 0°，2.5 ms 对应 180°。
#
#   pwm = PWM(); pwm.open('servo'); arm = Servo(pwm)
#   arm.turn(90)
# The firmware takes whole duty percentages, so at 50 Hz the horn moves in steps of 18°.

FREQ = 50
ZERO_MS, FULL_MS = 0.5, 2.5


class Servo:
    def __init__(self, pwm):
        self._pwm = pwm
        self.angle = None

    def turn(self, angle):
        angle = max(0, min(180, angle))
        pulse_ms = ZERO_MS + (FULL_MS - ZERO_MS) * angle / 180
        self._pwm.setOption({'freq': FREQ, 'duty': int(pulse_ms * FREQ / 10 + 0.5)})
        self.angle = angle
