# Formaldehyde detector: an analog HCHO sensor, its voltage turned into ppm and reported to the
# cloud every 2 seconds (property HCHO, ppm with two decimals, as in the HaaS tutorial).
# 甲醛检测系统：模拟输出的甲醛传感器，电压换算为 ppm，每 2 秒上报云端（属性 HCHO，保留两位小数，与 HaaS 教程一致）。

import utime
from driver import ADC

import cloud

# The sensor module maps 0-5 ppm onto 0.4-2.0 V: check your module's datasheet.
# 传感器模块把 0-5 ppm 对应到 0.4-2.0 V：请对照模块的数据手册。
ZERO_MV = 400
FULL_MV = 2000
FULL_PPM = 5.0

hcho = ADC()
hcho.open('hcho')


def to_ppm(mv):
    return max(0.0, (mv - ZERO_MV) * FULL_PPM / (FULL_MV - ZERO_MV))


link = cloud.start()
print('hcho-detector: main loop')
while True:
    mv = hcho.read()
    ppm = round(to_ppm(mv), 2)
    print('HCHO: %.2f ppm (%d mV)' % (ppm, mv))
    link.post({'HCHO': ppm})
    utime.sleep(2)
