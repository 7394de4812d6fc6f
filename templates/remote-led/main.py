# Remote LED: the cloud property ledSwitch (0 or 1) switches the LED, the board reports its state.
# 远程控制 LED：云端属性 ledSwitch（0 或 1）控制 LED，开发板上报 LED 状态。

import utime
from driver import GPIO

import credentials
import wifi
from cloud import Cloud

led = GPIO()
led.open('led')
state = {'ledSwitch': 0, 'changed': True}


def on_props(props):
    if 'ledSwitch' in props:
        state['ledSwitch'] = 1 if props['ledSwitch'] else 0
        state['changed'] = True


settings = credentials.load()
link = Cloud(settings, on_props)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('remote-led: main loop')
while True:
    if state['changed']:
        state['changed'] = False
        led.write(state['ledSwitch'])
        print('led:', 'on' if state['ledSwitch'] else 'off')
        link.post({'ledSwitch': state['ledSwitch']})
    utime.sleep_ms(100)
