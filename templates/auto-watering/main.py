# Automatic watering: when the soil sensor says "dry" the pump runs for PUMP_S seconds, then waits
# SOAK_S seconds for the water to soak in before it checks again, so the pot is never flooded.
# 自动浇灌：土壤传感器显示“干燥”时水泵运行 PUMP_S 秒，然后等待 SOAK_S 秒让水渗入后再检测，避免浇水过量。

import utime
from driver import GPIO

PUMP_S = 3
SOAK_S = 60

relay = GPIO()
relay.open('relay')
soil = GPIO()
soil.open('humidify')
relay.write(0)

print('auto-watering: main loop')
last = None
while True:
    dry = soil.read() == 1
    if dry != last:
        last = dry
        print('soil:', 'dry' if dry else 'moist')
    if dry:
        print('pump: on for %d s' % PUMP_S)
        relay.write(1)
        utime.sleep(PUMP_S)
        relay.write(0)
        print('pump: off, waiting %d s' % SOAK_S)
        utime.sleep(SOAK_S)
    else:
        utime.sleep(1)
