# Smart street light: the light turns on when it gets dark; the cloud sees the light level and
# the lamp's state (properties brightness and lightSwitch).
# 智慧路灯：天黑时打开路灯；云端可以看到光照和路灯状态（属性 brightness、lightSwitch）。

import utime
from driver import GPIO

import credentials
import wifi
from cloud import Cloud
from light import LightSensor

led = GPIO()
led.open('led')
sensor = LightSensor()

settings = credentials.load()
link = Cloud(settings)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('street-light: main loop')
while True:
    value, text, dark = sensor.read()
    led.write(1 if dark else 0)
    print('light: %s, street light: %s' % (text, 'on' if dark else 'off'))
    link.post({'brightness': value, 'lightSwitch': 1 if dark else 0})
    utime.sleep(2)
