# Fire detector: an infrared flame sensor's reading goes to the cloud every 2 seconds (property
# fireVoltage, mV); the cloud switches the alarm LED (property alarmState), as in the HaaS
# tutorial. The sensor's output drops when it sees a flame.
# 火焰检测：每 2 秒把红外火焰传感器读数上报云端（属性 fireVoltage，mV）；报警灯由云端控制（属性
# alarmState），与 HaaS 教程一致。传感器看到火焰时输出电压下降。

from driver import ADC, GPIO

import alarmlight

# Added by this template: also light the alarm LED on the board below this reading, in mV
# (None: only the cloud switches it, as in the tutorial).
# 本模板新增：读数低于该值（mV）时开发板自行点亮报警灯（None：只由云端控制，与教程一致）。
LOCAL_ALARM_BELOW_MV = None

fire = ADC()
fire.open('fire')
led = GPIO()
led.open('led')
local = None if LOCAL_ALARM_BELOW_MV is None else (lambda mv: mv < LOCAL_ALARM_BELOW_MV)
alarmlight.run('fire-detector', fire, 'fireVoltage', 'alarmState', led, local)
