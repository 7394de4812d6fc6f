# Flower growing: temperature and humidity go to the cloud every 2 seconds (properties
# CurrentTemperature and CurrentHumidity); the cloud switches the air conditioner (blue LED,
# property airconditioner) and the humidifier (green LED, property humidifier), as in the HaaS tutorial.
# 花卉养植：每 2 秒把温湿度上报云端（属性 CurrentTemperature、CurrentHumidity）；云端控制空调
# （蓝色 LED，属性 airconditioner）和加湿器（绿色 LED，属性 humidifier），与 HaaS 教程一致。

import utime
from driver import GPIO

import climate
import cloud
from switches import Switches

sensor = climate.open_sensor()
airconditioner = GPIO()
airconditioner.open('led_b')
humidifier = GPIO()
humidifier.open('led_g')
outputs = Switches({'airconditioner': airconditioner, 'humidifier': humidifier})

link = cloud.start(outputs.on_props)
print('floriculture: main loop')
while True:
    try:
        temperature, humidity = sensor.measure()
    except OSError as error:
        print('sensor error:', error)
    else:
        print('temperature: %.1f C, humidity: %.1f %%' % (temperature, humidity))
        link.post({'CurrentTemperature': round(temperature, 1), 'CurrentHumidity': round(humidity, 1)})
    utime.sleep(2)
