# Night light: when the PIR sensor sees someone the light turns on, and goes off when they have
# gone; each change is reported to the cloud (property LEDSwitch, as in the HaaS tutorial).
# 起夜灯：人体红外传感器检测到有人时开灯，人离开后关灯；每次变化上报云端（属性 LEDSwitch，与 HaaS 教程一致）。

import utime
from driver import GPIO

import cloud

# Added by this template: keep the light on for this many seconds after the last movement
# (0: the light follows the sensor, as in the tutorial).
# 本模板新增：最后一次检测到人后保持亮灯的秒数（0：灯跟随传感器，与教程一致）。
LIGHT_HOLD_S = 0

ir = GPIO()
ir.open('ir')
led = GPIO()
led.open('led')
led.write(0)

link = cloud.start()
print('night-light: main loop')
last = 0
seen_at = None
while True:
    now = utime.ticks_ms()
    if ir.read() == 1:
        seen_at = now
    light = 1 if seen_at is not None and utime.ticks_diff(now, seen_at) <= LIGHT_HOLD_S * 1000 else 0
    if light != last:
        last = light
        led.write(light)
        print('person:', 'yes' if light else 'gone', '- light', 'on' if light else 'off')
        link.post({'LEDSwitch': light})
    utime.sleep(1)
