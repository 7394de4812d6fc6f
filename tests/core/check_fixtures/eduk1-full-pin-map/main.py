# A flame alarm on the HaaS EDU K1, whose board.json lists every pin of the board.
import utime
from driver import ADC, GPIO

flame = ADC()
flame.open('flame')
alarm = GPIO()
alarm.open('led')      # the red LED is "led_r" in this board.json

while True:
    alarm.write(1 if flame.readVoltage() < 1000 else 0)
    utime.sleep(1)
