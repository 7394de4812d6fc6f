# Remote LED: the cloud property ledSwitch (0 or 1) switches the LED; the board reports it back.
# 远程控制 LED：云端属性 ledSwitch（0 或 1）控制 LED，开发板上报 LED 状态。

import utime
from driver import GPIO

import cloud
from switches import Switches

led = GPIO()
led.open('led')
outputs = Switches({'ledSwitch': led})

link = cloud.start(outputs.on_props)
print('remote-led: main loop')
link.post(outputs.state)
while True:
    utime.sleep(1)
