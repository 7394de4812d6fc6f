# statusscreen.py: the screen layout of the HaaS tutorials' reminders and controllers: the date and
# time on top, a rule, then the program's own lines.
# HaaS 教程中提醒类、控制类方案的屏幕布局：上方是日期和时间，一条横线，下面是程序自己的内容。

import utime


def show(screen, lines):
    """Draw the date, the time, a rule, and `lines` as (text, x, y) below it."""
    t = utime.localtime()
    screen.fill(0)
    screen.text('%d-%02d-%02d' % t[:3], 30, 5)
    screen.text('%02d:%02d:%02d' % t[3:6], 30, 22)
    screen.hline(3, 32, 122)
    for text, x, y in lines:
        screen.text(text, x, y)
    screen.show()
