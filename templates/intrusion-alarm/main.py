# Home intrusion alarm: while the alarm is on (property alarm_control) and the hour is in the
# alarm period (from alarm_start to alarm_end, 23:00-6:00 at first), a person seen by the PIR
# sensor sounds the buzzer until the cloud turns the alarm off, as in the HaaS tutorial.
# 家庭入侵报警系统：报警开启（属性 alarm_control）且处于报警时段（alarm_start 至 alarm_end，
# 初始为 23:00-6:00）时，人体红外传感器检测到有人就鸣响蜂鸣器，直到云端关闭报警，与 HaaS 教程一致。

import utime
from driver import GPIO, PWM

import cloud
from buzzer import PwmBuzzer

try:
    import sntp          # the firmware's network time (not every firmware has it)
except ImportError:
    sntp = None

pwm = PWM()
pwm.open('buzzer')
siren = PwmBuzzer(pwm)
ir = GPIO()
ir.open('ir')
state = {'alarm_control': 1, 'alarm_start': 23, 'alarm_end': 6}


def on_props(props):
    for key in state:
        if key in props:
            state[key] = int(props[key])
            print('alarm: %s = %d' % (key, state[key]))
    return state


def in_alarm_period():
    hour = utime.localtime()[3]
    return hour >= state['alarm_start'] or hour <= state['alarm_end']


link = cloud.start(on_props)
if sntp is not None and link.connected:
    sntp.setTime()
link.post(state)
print('intrusion-alarm: main loop')
while True:
    if state['alarm_control'] == 1 and not siren.sounding and in_alarm_period() and ir.read() == 1:
        print('alarm: someone is there!')
        siren.on(duty=5)
    elif state['alarm_control'] == 0 and siren.sounding:
        print('alarm: silenced')
        siren.off()
    utime.sleep_ms(100)
