# presence.py: is someone there? An HC-SR501 PIR sensor on the GPIO node "ir" (1 while it sees motion).
# 是否有人：GPIO 节点 "ir" 上的 HC-SR501 人体红外传感器（检测到移动时为 1）。

from driver import GPIO


class Presence:
    def __init__(self):
        self._pir = GPIO()
        self._pir.open('ir')

    def detected(self):
        return self._pir.read() == 1
