# Colorful clock: when the cloud turns it on (property onoff = 1) the clock shows the time every
# second, and clears when it is turned off (onoff = 0), as in the HaaS tutorial. The ESP32 boards
# drive a ring of 24 WS2812 LEDs, the HaaS EDU K1 its OLED screen.
# 炫彩时钟：云端打开时（属性 onoff = 1）每秒显示时间，关闭时（onoff = 0）熄灭，与 HaaS 教程一致。
# ESP32 系列开发板驱动 24 颗 WS2812 灯环，HaaS EDU K1 使用板载 OLED 屏幕。

import utime

import clockface
import cloud

try:
    import sntp          # the firmware's network time (not every firmware has it)
except ImportError:
    sntp = None

# Added by this template: show the clock from the start, without waiting for the cloud
# (False: dark until the cloud sets onoff = 1, as in the tutorial).
# 本模板新增：启动后立即显示时钟，不等待云端（False：云端设置 onoff = 1 之前不亮，与教程一致）。
START_ON = False
SECONDS_COLOR = (0, 100, 0)

face = clockface.ClockFace()
state = {'onoff': 1 if START_ON else 0}


def on_props(props):
    if 'onoff' in props:
        state['onoff'] = 1 if props['onoff'] else 0
        print('clock:', 'on' if state['onoff'] else 'off')
        if not state['onoff']:
            face.clear()
    return state


link = cloud.start(on_props)
if sntp is not None and link.connected:
    sntp.setTime()
print('colorful-clock: main loop')
while True:
    if state['onoff']:
        t = utime.localtime()
        face.show(t[3], t[4], t[5], SECONDS_COLOR)
    utime.sleep(1)
