# hcsr04.py: HC-SR04 ultrasonic distance sensor on two GPIO nodes (trig output, echo input).
# HC-SR04 超声波测距传感器驱动（trig 为输出，echo 为输入）。
#
#   trig = GPIO(); trig.open('trig')
#   echo = GPIO(); echo.open('echo')
#   sensor = HCSR04(trig, echo)
#   sensor.distance_cm()   # None when no echo came back (nothing in range, or wiring)

import utime

US_PER_CM = 58            # the echo's round trip: 29 µs per cm each way


class HCSR04:
    def __init__(self, trig, echo, timeout_us=30000):
        self._trig = trig
        self._echo = echo
        self._timeout = timeout_us
        self._trig.write(0)

    def _wait_level(self, level, start):
        while self._echo.read() != level:
            if utime.ticks_diff(utime.ticks_us(), start) > self._timeout:
                return None
        return utime.ticks_us()

    def pulse_us(self):
        """Width of the echo pulse in µs, None on time-out."""
        self._trig.write(0)
        utime.sleep_us(2)
        self._trig.write(1)
        utime.sleep_us(10)          # a 10 µs trigger pulse starts a measurement
        self._trig.write(0)
        rise = self._wait_level(1, utime.ticks_us())
        if rise is None:
            return None
        fall = self._wait_level(0, rise)
        if fall is None:
            return None
        return utime.ticks_diff(fall, rise)

    def distance_cm(self):
        width = self.pulse_us()
        return None if width is None else width / US_PER_CM
