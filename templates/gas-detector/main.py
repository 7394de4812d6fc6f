# Gas detector: an MQ-2 sensor's reading goes to the cloud every 2 seconds (property gasVoltage,
# mV); the cloud switches the alarm LED (property alarmLight), as in the HaaS tutorial, where an
# IoT Studio rule sets alarmLight when the reading passes a limit.
# 燃气检测系统：每 2 秒把 MQ-2 传感器读数上报云端（属性 gasVoltage，mV）；报警灯由云端控制（属性
# alarmLight），与 HaaS 教程一致：由 IoT Studio 规则在读数超限时设置 alarmLight。

from driver import ADC, GPIO

import alarmlight

# Added by this template: also light the alarm LED on the board from this reading on, in mV
# (None: only the cloud switches it, as in the tutorial). Calibrate in clean air first.
# 本模板新增：读数达到该值（mV）时开发板自行点亮报警灯（None：只由云端控制，与教程一致）。请先在洁净空气中标定。
LOCAL_ALARM_MV = None

mq2 = ADC()
mq2.open('mq2')
led = GPIO()
led.open('led')
local = None if LOCAL_ALARM_MV is None else (lambda mv: mv >= LOCAL_ALARM_MV)
alarmlight.run('gas-detector', mq2, 'gasVoltage', 'alarmLight', led, local)
