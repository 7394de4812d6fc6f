# Smart traffic light: red, yellow (3 s) and green in turn. When a sensor at the stop line counts
# CARS_JAM cars or more in each of ROUNDS periods of COUNT_S seconds while the light is red or
# yellow, the next green lasts 10 s longer (up to GREEN_MAX_S) and red 10 s shorter (down to
# RED_MIN_S); a quieter period brings the default times back. The cloud sets the times (properties
# red_period and green_period) or restores the defaults (resume_default = 1), as in the HaaS
# tutorial, which counts the cars with a camera and cloud AI.
# 智能红绿灯：红、黄（3 秒）、绿灯依次点亮。红灯或黄灯期间，停车线处的传感器在连续 ROUNDS 个 COUNT_S 秒的
# 周期内每次都数到 CARS_JAM 辆及以上车时，下一次绿灯延长 10 秒（最多 GREEN_MAX_S），红灯缩短 10 秒（最少
# RED_MIN_S）；车少时恢复默认时长。云端可设置时长（属性 red_period、green_period）或恢复默认
# （resume_default = 1），与 HaaS 教程一致（教程用摄像头和云端 AI 数车）。

import utime
from driver import GPIO

import cloud
import lamp

DEFAULT_S = (60, 3, 30)                 # red, yellow, green
COLORS = (0xFF0000, 0xFFFF00, 0x00FF00)
NAMES = ('red', 'yellow', 'green')
RED_MIN_S, GREEN_MAX_S = 30, 60
CARS_JAM, COUNT_S, ROUNDS = 3, 3, 4

lights = lamp.open_lamp()
car = GPIO()
car.open('car')
periods = list(DEFAULT_S)
plan = {'from_cloud': False, 'phase': 0, 'started': utime.ticks_ms(), 'cars': 0, 'jam_rounds': 0}


def car_passed(level):
    if level == 0:                      # the sensor's output goes low while a car is in front
        plan['cars'] += 1


def on_props(props):
    if props.get('resume_default') == 1:
        periods[:] = DEFAULT_S
        plan['from_cloud'] = False
    for key, index in (('red_period', 0), ('green_period', 2)):
        if key in props:
            periods[index] = int(props[key])
            plan['from_cloud'] = True
    print('lights: red %d s, yellow %d s, green %d s' % tuple(periods))
    return {'red_period': periods[0], 'green_period': periods[2]}


def start_phase(phase):
    plan['phase'], plan['started'] = phase, utime.ticks_ms()
    lights.color(COLORS[phase])
    print('light: %s for %d s' % (NAMES[phase], periods[phase]))


def count_round():
    """Called every COUNT_S seconds: adjust the times when the road is jammed."""
    jammed, plan['cars'] = plan['cars'] >= CARS_JAM, 0
    plan['jam_rounds'] = plan['jam_rounds'] + 1 if jammed and plan['phase'] != 2 else 0
    if plan['from_cloud']:
        return
    if plan['jam_rounds'] >= ROUNDS:
        plan['jam_rounds'] = 0
        periods[2] = min(GREEN_MAX_S, periods[2] + 10)
        periods[0] = max(RED_MIN_S, periods[0] - 10)
        print('traffic: jam, green %d s, red %d s' % (periods[2], periods[0]))
    elif not jammed and tuple(periods) != DEFAULT_S:
        periods[:] = DEFAULT_S
        print('traffic: flowing again, default times')


car.on(car_passed)
link = cloud.start(on_props)
print('traffic-light: main loop')
start_phase(0)
counted = utime.ticks_ms()
while True:
    now = utime.ticks_ms()
    if utime.ticks_diff(now, plan['started']) >= periods[plan['phase']] * 1000:
        start_phase((plan['phase'] + 1) % 3)
    if utime.ticks_diff(now, counted) >= COUNT_S * 1000:
        counted = now
        count_round()
    utime.sleep_ms(100)
