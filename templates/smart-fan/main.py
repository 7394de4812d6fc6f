# Smart fan: the temperature picks the fan's gear (off, 1, 2, 3) unless the cloud sets one by hand.
# Cloud properties: temperature, gear (0-3, setting it switches to manual) and auto (1: automatic).
# 智能小风扇：根据温度自动选择风扇档位（关、1、2、3），云端也可以手动设置档位。
# 云端属性：temperature、gear（0-3，设置后切换为手动）和 auto（1 为自动）。

import utime
from driver import PWM

import climate
import credentials
import wifi
from cloud import Cloud

DUTY = (0, 40, 70, 100)      # PWM duty in % for gears 0-3
STEPS_C = (26, 28, 30)       # from these temperatures on: gear 1, 2, 3
PWM_HZ = 2000

fan = PWM()
fan.open('fan')
sensor = climate.open_sensor()
state = {'auto': 1, 'gear': 0}


def gear_for(temperature):
    gear = 0
    for step in STEPS_C:
        if temperature >= step:
            gear += 1
    return gear


def on_props(props):
    if 'auto' in props:
        state['auto'] = 1 if props['auto'] else 0
    if 'gear' in props:
        state['gear'] = max(0, min(3, int(props['gear'])))
        state['auto'] = 0


settings = credentials.load()
link = Cloud(settings, on_props)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('smart-fan: main loop')
while True:
    try:
        temperature = sensor.measure()[0]
    except OSError as error:
        print('sensor error:', error)
        temperature = None
    if temperature is not None and state['auto']:
        state['gear'] = gear_for(temperature)
    fan.setOption({'freq': PWM_HZ, 'duty': DUTY[state['gear']]})
    if temperature is not None:
        print('temperature: %.1f C, fan gear: %d (%s)' % (temperature, state['gear'],
                                                          'auto' if state['auto'] else 'manual'))
        link.post({'temperature': round(temperature, 1), 'gear': state['gear'], 'auto': state['auto']})
    utime.sleep(3)
