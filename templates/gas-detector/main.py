# Gas detector: an MQ-2 sensor on an analog input; above ALARM_MV the alarm LED lights.
# The reading and the alarm go to the cloud (properties gasVoltage and gasAlarm).
# 燃气检测系统：模拟输入上的 MQ-2 传感器；超过 ALARM_MV 时点亮报警 LED。
# 读数和报警状态上报云端（属性 gasVoltage、gasAlarm）。

import utime
from driver import ADC, GPIO

import credentials
import wifi
from cloud import Cloud

ALARM_MV = 1000   # calibrate in clean air: the reading rises with the gas concentration

mq2 = ADC()
mq2.open('mq2')
led = GPIO()
led.open('led')

settings = credentials.load()
link = Cloud(settings)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('gas-detector: main loop')
while True:
    mv = mq2.read()
    alarm = 1 if mv >= ALARM_MV else 0
    led.write(alarm)
    print('gas: %d mV, alarm: %s' % (mv, 'ON' if alarm else 'off'))
    link.post({'gasVoltage': mv, 'gasAlarm': alarm})
    utime.sleep(2)
