# Formaldehyde detector: an analog HCHO sensor, its voltage turned into ppm and reported to the
# cloud (property HCHO) every 5 seconds.
# 甲醛检测系统：模拟输出的甲醛传感器，电压换算为 ppm，每 5 秒上报云端（属性 HCHO）。

import utime
from driver import ADC

import credentials
import wifi
from cloud import Cloud

# The sensor module maps 0-5 ppm onto 0.4-2.0 V: check your module's datasheet.
ZERO_MV = 400
FULL_MV = 2000
FULL_PPM = 5.0

hcho = ADC()
hcho.open('hcho')


def to_ppm(mv):
    return max(0.0, (mv - ZERO_MV) * FULL_PPM / (FULL_MV - ZERO_MV))


settings = credentials.load()
link = Cloud(settings)
if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
    link.connect()

print('hcho-detector: main loop')
while True:
    mv = hcho.read()
    ppm = to_ppm(mv)
    print('HCHO: %.3f ppm (%d mV)' % (ppm, mv))
    link.post({'HCHO': round(ppm, 3)})
    utime.sleep(5)
