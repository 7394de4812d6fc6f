# Flower growing: temperature and humidity go to the cloud every 5 seconds; the cloud switches
# the green LED (grow light, property greenLed) and the blue LED (watering reminder, blueLed).
# 花卉养植：每 5 秒把温湿度上报云端；云端控制绿色 LED（补光，属性 greenLed）和蓝色 LED（浇水提醒，blueLed）。

import utime
from driver import GPIO

import climate
import credentials
import wifi
from cloud import Cloud

sensor = climate.open_sensor()
led_g = GPIO()
led_g.open('led_g')
led_b = GPIO()
led_b.open('led_b')
leds = {'greenLed': led_g, 'blueLed': led_b}
state = {'greenLed': 0, 'blueLed': 0}


def on_props(props):
    for key in leds:
        if key in props:
            state[key] = 1 if props[key] else 0
            leds[key].write(state[key])
            print(key, 'on' if state[key] else 'off')


for led in leds.values():
    led.write(0)

settings = credentials.load()
link = Cloud(settings, on_props)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('floriculture: main loop')
while True:
    try:
        temperature, humidity = sensor.measure()
    except OSError as error:
        print('sensor error:', error)
    else:
        print('temperature: %.1f C, humidity: %.1f %%' % (temperature, humidity))
        link.post({'temperature': round(temperature, 1), 'humidity': round(humidity, 1),
                   'greenLed': state['greenLed'], 'blueLed': state['blueLed']})
    utime.sleep(5)
