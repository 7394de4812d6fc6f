# Obstacle avoidance radar: the HC-SR04 measures the distance ahead ten times a second; closer than
# NEAR_CM the buzzer sounds. The distance is printed once a second.
# 雷达避障系统：HC-SR04 每秒测距十次；距离小于 NEAR_CM 时蜂鸣器鸣响。每秒打印一次距离。

import utime
from driver import GPIO

from buzzer import GpioBuzzer
from hcsr04 import HCSR04

NEAR_CM = 20

trig = GPIO()
trig.open('trig')
echo = GPIO()
echo.open('echo')
beeper = GPIO()
beeper.open('buzzer')
sensor = HCSR04(trig, echo)
alarm = GpioBuzzer(beeper)

print('obstacle-avoidance: main loop')
last_print = None
while True:
    distance = sensor.distance_cm()
    near = distance is not None and distance < NEAR_CM
    if near:
        alarm.on()
    else:
        alarm.off()
    now = utime.ticks_ms()
    if last_print is None or utime.ticks_diff(now, last_print) >= 1000:
        last_print = now
        text = 'no echo (nothing within 5 m, or check the wiring)' if distance is None else '%.1f cm' % distance
        print('distance:', text, '- too close!' if near else '')
    utime.sleep_ms(100)
