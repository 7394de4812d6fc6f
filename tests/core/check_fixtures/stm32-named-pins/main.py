# A sound meter on an STM32 board: pins are named ("A1"), not numbered.
import utime
from driver import ADC, GPIO

mic = ADC()
mic.open('mic')
red = GPIO()
red.open('led_r')
green = GPIO()
green.open('led_g')
beeper = GPIO()
beeper.open('beeper')

while True:
    loud = mic.readVoltage() > 1500
    red.write(1 if loud else 0)
    green.write(0 if loud else 1)
    beeper.write(1 if loud else 0)
    utime.sleep_ms(100)
