# Smart fan: the temperature picks the fan's gear (off, 1, 2, 3); the cloud sees the temperature
# (property cur_temp) and sets the temperatures where gears 1-3 start (gear1, gear2, gear3), as in
# the HaaS tutorial.
# 智能小风扇：根据温度选择风扇档位（关、1、2、3）；云端查看温度（属性 cur_temp），并设置 1-3 档的
# 起始温度（gear1、gear2、gear3），与 HaaS 教程一致。

import utime
from driver import PWM

import climate
import cloud

DUTY = (0, 40, 70, 100)      # PWM duty in % for gears 0-3
PWM_HZ = 2000

fan = PWM()
fan.open('fan')
sensor = climate.open_sensor()
steps = {'gear1': 22, 'gear2': 27, 'gear3': 32}   # °C: above gear1, gear 1; above gear2, gear 2; ...


def gear_for(temperature):
    return sum(1 for key in ('gear1', 'gear2', 'gear3') if temperature > steps[key])


def on_props(props):
    for key in steps:
        if key in props:
            steps[key] = int(props[key])
            print('fan: %s from %d C' % (key, steps[key]))
    return steps


fan.setOption({'freq': PWM_HZ, 'duty': 0})
link = cloud.start(on_props)
link.post(steps)
print('smart-fan: main loop')
gear = 0
while True:
    try:
        temperature = sensor.measure()[0]
    except OSError as error:
        print('sensor error:', error)
    else:
        link.post({'cur_temp': round(temperature, 1)})
        if gear_for(temperature) != gear:
            gear = gear_for(temperature)
            fan.setOption({'freq': PWM_HZ, 'duty': DUTY[gear]})
            print('temperature: %.1f C, fan gear %d' % (temperature, gear))
    utime.sleep(1)
