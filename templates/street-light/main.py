# Smart street light: the light level goes to the cloud when it crosses light.THRESHOLD (property
# Brightness), and the cloud switches the lamp (property onoff), as in the HaaS tutorial, where an
# IoT Studio rule turns the lamps on at dusk.
# 智慧路灯：光照越过 light.THRESHOLD 时上报云端（属性 Brightness），路灯由云端控制（属性 onoff），
# 与 HaaS 教程一致：由 IoT Studio 规则在天黑时开灯。

import utime
from driver import GPIO

import cloud
import light
from switches import Switches

# Added by this template: switch the lamp on by itself below light.THRESHOLD and off above it
# (False: only the cloud switches it, as in the tutorial).
# 本模板新增：光照低于 light.THRESHOLD 时自行开灯、高于时关灯（False：只由云端控制，与教程一致）。
AUTO_LIGHT = False

sensor = light.LightSensor()
lamp = GPIO()
lamp.open('led')
outputs = Switches({'onoff': lamp})

link = cloud.start(outputs.on_props)
print('street-light: main loop')
bright = None
while True:
    value = sensor.brightness()
    now_bright = value >= light.THRESHOLD
    if now_bright != bright:
        bright = now_bright
        print('brightness: %d %s (%s)' % (value, light.UNIT, 'bright' if bright else 'dark'))
        link.post({'Brightness': value})
        if AUTO_LIGHT:
            outputs.set('onoff', not bright)
    utime.sleep(1.5)
