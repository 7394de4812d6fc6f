# Fire detector: an infrared flame sensor on an analog input. Its output drops when it sees a
# flame; below FIRE_BELOW_MV the alarm LED lights and the cloud gets fireAlarm = 1.
# 火焰检测：模拟输入上的红外火焰传感器。看到火焰时输出电压下降；低于 FIRE_BELOW_MV 时点亮报警 LED，
# 并向云端上报 fireAlarm = 1。

import utime
from driver import ADC, GPIO

import credentials
import wifi
from cloud import Cloud

FIRE_BELOW_MV = 1000   # calibrate: note the reading with and without a flame in front of the sensor

fire = ADC()
fire.open('fire')
led = GPIO()
led.open('led')

settings = credentials.load()
link = Cloud(settings)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('fire-detector: main loop')
while True:
    mv = fire.read()
    alarm = 1 if mv < FIRE_BELOW_MV else 0
    led.write(alarm)
    print('flame sensor: %d mV, fire: %s' % (mv, 'YES' if alarm else 'no'))
    link.post({'fireVoltage': mv, 'fireAlarm': alarm})
    utime.sleep(1)
