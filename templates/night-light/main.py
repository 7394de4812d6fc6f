# Night light: when someone gets up at night the light turns on for LIGHT_ON_S seconds;
# every detection is reported to the cloud (properties humanDetected and lightSwitch).
# 起夜灯：有人起夜时点亮夜灯 LIGHT_ON_S 秒；每次检测都上报云端（属性 humanDetected、lightSwitch）。

import utime
from driver import GPIO

import credentials
import wifi
from cloud import Cloud
from presence import Presence

LIGHT_ON_S = 30

led = GPIO()
led.open('led')
person = Presence()

settings = credentials.load()
link = Cloud(settings)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('night-light: main loop')
light_until = None
last = None
while True:
    now = utime.ticks_ms()
    seen = person.detected()
    if seen:
        light_until = utime.ticks_add(now, LIGHT_ON_S * 1000)
    light = light_until is not None and utime.ticks_diff(light_until, now) > 0
    if (seen, light) != last:
        last = (seen, light)
        led.write(1 if light else 0)
        print('person:', 'yes' if seen else 'no', '| light:', 'on' if light else 'off')
        link.post({'humanDetected': 1 if seen else 0, 'lightSwitch': 1 if light else 0})
    utime.sleep_ms(200)
