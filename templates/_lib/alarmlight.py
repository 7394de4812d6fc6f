# alarmlight.py: an analog sensor reported to the cloud with an alarm LED the cloud switches, as
# in the gas and fire detectors of the HaaS solution tutorials (an IoT Studio rule compares the
# reading with a limit and sets the alarm property; the board only obeys).
# 模拟传感器读数上报云端，报警灯由云端控制（HaaS 燃气检测、火焰检测教程的做法：
# IoT Studio 规则比较读数并设置报警属性，开发板只负责执行）。

import utime

import cloud
from switches import Switches


def run(label, sensor, value_id, alarm_id, led, local_alarm=None, period_s=2):
    """Report `value_id` (the sensor's read(), mV) and `alarm_id` every `period_s` seconds; the
    cloud switches `led` through `alarm_id`. `local_alarm(mv)`, when given, also decides on the board."""
    alarm = Switches({alarm_id: led})
    link = cloud.start(alarm.on_props)
    print('%s: main loop' % label)
    while True:
        mv = sensor.read()
        if local_alarm is not None:
            alarm.set(alarm_id, local_alarm(mv))
        print('%s: %d mV, alarm light %s' % (label, mv, 'ON' if alarm.state[alarm_id] else 'off'))
        link.post({value_id: mv, alarm_id: alarm.state[alarm_id]})
        utime.sleep(period_s)
