# Home intrusion alarm: while armed (cloud property alarmSwitch, armed at start) a person seen by
# the sensor sounds the buzzer and is reported to the cloud (property intrusion).
# 家庭入侵报警系统：布防时（云端属性 alarmSwitch，启动时布防）检测到有人则蜂鸣器鸣响，并上报云端（属性 intrusion）。

import utime
from driver import PWM

import credentials
import wifi
from buzzer import PwmBuzzer
from cloud import Cloud
from presence import Presence

pwm = PWM()
pwm.open('buzzer')
alarm = PwmBuzzer(pwm)
person = Presence()
state = {'armed': 1}


def on_props(props):
    if 'alarmSwitch' in props:
        state['armed'] = 1 if props['alarmSwitch'] else 0


settings = credentials.load()
link = Cloud(settings, on_props)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('intrusion-alarm: main loop')
last = None
while True:
    intruder = 1 if state['armed'] and person.detected() else 0
    if intruder:
        alarm.on()
    else:
        alarm.off()
    if (state['armed'], intruder) != last:
        last = (state['armed'], intruder)
        print('armed: %s, intruder: %s' % ('yes' if state['armed'] else 'no', 'YES' if intruder else 'no'))
        link.post({'alarmSwitch': state['armed'], 'intrusion': intruder})
    utime.sleep_ms(200)
