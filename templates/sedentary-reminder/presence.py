# presence.py: is someone at the desk? An HC-SR501 PIR sensor on the GPIO node "ir" (dir "irq"):
# its interrupts mark motion, which counts for HOLD_S seconds.
# 是否有人在桌前：GPIO 节点 "ir"（dir 为 "irq"）上的 HC-SR501 人体红外传感器；中断记录移动，持续 HOLD_S 秒有效。

import utime
from driver import GPIO

HOLD_S = 60


class Presence:
    def __init__(self):
        self._pir = GPIO()
        self._pir.open('ir')
        self._motion = None
        self._pir.on(self._moved)

    def _moved(self, *args):
        self._motion = utime.ticks_ms()

    def detected(self):
        if self._pir.read() == 1:
            return True
        return self._motion is not None and utime.ticks_diff(utime.ticks_ms(), self._motion) < HOLD_S * 1000
