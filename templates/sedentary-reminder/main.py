# Sedentary reminder: while you sit at the desk the screen counts the minutes; after SIT_LIMIT_S
# it tells you to stand up. Leaving for AWAY_RESET_S starts the count again.
# 久坐提醒：坐在桌前时屏幕显示已坐的分钟数；超过 SIT_LIMIT_S 提醒你起身活动。离开 AWAY_RESET_S 后重新计时。

import utime

import display
from presence import Presence

SIT_LIMIT_S = 30 * 60
AWAY_RESET_S = 2 * 60

screen = display.open_display()
person = Presence()


def show(line1, line2=''):
    screen.fill(0)
    screen.text(line1, 0, 16)
    screen.text(line2, 0, 32)
    screen.show()


print('sedentary-reminder: main loop')
seated_since = None
last_seen = None
last_text = None
while True:
    now = utime.ticks_ms()
    if person.detected():
        last_seen = now
        if seated_since is None:
            seated_since = now
    elif last_seen is not None and utime.ticks_diff(now, last_seen) > AWAY_RESET_S * 1000:
        seated_since = last_seen = None
    if seated_since is None:
        lines = ('NOBODY AT THE DESK', '')
    else:
        seconds = utime.ticks_diff(now, seated_since) // 1000
        if seconds >= SIT_LIMIT_S:
            lines = ('TIME TO STAND UP!', 'SEATED %d MIN' % (seconds // 60))
        else:
            lines = ('SEATED %d MIN' % (seconds // 60), '')
    if lines != last_text:
        last_text = lines
        show(*lines)
        print('seated:', 'no' if seated_since is None else lines[0].lower())
    utime.sleep(1)
