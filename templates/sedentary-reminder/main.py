# Sedentary reminder: the PIR sensor tells whether someone sits at the desk; the screen shows the
# date, time and minutes seated. After SIT_LIMIT_S seconds the cloud gets call_rst = 1 (time for a
# break); after AWAY_S seconds without movement the person has left and it gets call_rst = 0, as in
# the HaaS tutorial.
# 久坐提醒：人体红外传感器判断是否有人坐在桌前；屏幕显示日期、时间和已坐的分钟数。坐满 SIT_LIMIT_S 秒向云端
# 上报 call_rst = 1（该休息了）；超过 AWAY_S 秒无人活动视为离开，上报 call_rst = 0，与 HaaS 教程一致。

import utime
from driver import GPIO

import cloud
import display
import statusscreen

SIT_LIMIT_S = 45 * 60
AWAY_S = 90

screen = display.open_display()
ir = GPIO()
ir.open('ir')
seen = {'at': None}


def movement(level):
    if level:
        seen['at'] = utime.ticks_ms()


ir.on(movement)
movement(ir.read())
link = cloud.start()
print('sedentary-reminder: main loop')
seated_since = None
while True:
    now = utime.ticks_ms()
    if ir.read():                      # the sensor stays high while the movement goes on
        seen['at'] = now
    present = seen['at'] is not None and utime.ticks_diff(now, seen['at']) < AWAY_S * 1000
    if present and seated_since is None:
        seated_since = now
        print('seated: someone sat down')
    elif not present and seated_since is not None:
        seated_since = None
        print('seated: the person has left')
        link.post({'call_rst': 0})
    seconds = 0 if seated_since is None else utime.ticks_diff(now, seated_since) // 1000
    if seconds >= SIT_LIMIT_S:
        print('seated: time for a break!')
        link.post({'call_rst': 1})
        seated_since = now
    status = 'MOVE' if ir.read() else ('NO MOVE' if present else 'PERSON LEAVE')
    statusscreen.show(screen, ((status, 30, 40), ('%d MIN' % (seconds // 60), 30, 52)))
    utime.sleep(1)
