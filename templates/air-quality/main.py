# Air quality monitor: a GP2Y1010 dust sensor's reading goes to the cloud every minute (property
# pm25_value, the sensor's output in mV; pollen_value stays 0), as in the HaaS tutorial.
# 空气质量监测：每分钟把 GP2Y1010 粉尘传感器读数上报云端（属性 pm25_value，传感器输出电压 mV；
# pollen_value 固定为 0），与 HaaS 教程一致。

import utime
from driver import ADC, GPIO

import cloud
from gp2y10 import GP2Y10

REPORT_S = 60

out = ADC()
out.open('gp2y10out')
led = GPIO()
led.open('gp2y10led')
sensor = GP2Y10(out, led)

link = cloud.start()
print('air-quality: main loop')
while True:
    dust = sensor.read_mv()
    print('dust sensor: %d mV' % dust)
    link.post({'pm25_value': dust, 'pollen_value': 0})
    utime.sleep(REPORT_S)
