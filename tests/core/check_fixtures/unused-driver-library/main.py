# Blinks an LED; the driver library added from Tools > Driver library is not used yet.
import utime
from driver import GPIO

led = GPIO()
led.open('led')
while True:
    led.write(1)
    utime.sleep(1)
    led.write(0)
    utime.sleep(1)
