# Obstacle avoidance radar: the HC-SR04 measures the distance ahead every second; closer than
# ALARM_CM the buzzer sounds and the distance goes to the cloud (property distance), as in the
# HaaS tutorial.
# 雷达避障系统：HC-SR04 每秒测距一次；距离小于 ALARM_CM 时蜂鸣器鸣响，并把距离上报云端（属性 distance），
# 与 HaaS 教程一致。

import utime
from driver import GPIO

import cloud
from buzzer import GpioBuzzer
from hcsr04 import HCSR04

ALARM_CM = 5

trig = GPIO()
trig.open('trig')
echo = GPIO()
echo.open('echo')
beeper = GPIO()
beeper.open('buzzer')
sensor = HCSR04(trig, echo)
alarm = GpioBuzzer(beeper)

link = cloud.start()
print('obstacle-avoidance: main loop')
while True:
    distance = sensor.distance_cm()
    if distance is None:
        print('distance: no echo (nothing within 4 m, or check the wiring)')
        alarm.off()
    elif distance < ALARM_CM:
        print('distance: %.1f cm - too close!' % distance)
        alarm.on()
        link.post({'distance': round(distance, 1)})
    else:
        print('distance: %.1f cm' % distance)
        alarm.off()
    utime.sleep(1)
