# Sound-controlled light: a clap or a shout (the sound sensor above THRESHOLD_MV) lights the RGB
# LED for LIGHT_S seconds, in the next colour of white, red, blue and green; each change goes to
# the cloud (property ledStatus, the colour as 0xRRGGBB, 0 when off), as in the HaaS tutorial.
# 声控灯：拍手或喊叫（声音传感器超过 THRESHOLD_MV）时 RGB LED 亮 LIGHT_S 秒，颜色依次为白、红、蓝、绿；
# 每次变化上报云端（属性 ledStatus，颜色 0xRRGGBB，熄灭时为 0），与 HaaS 教程一致。

import utime
from driver import ADC

import cloud
import lamp

THRESHOLD_MV = 1520
LIGHT_S = 6
COLORS = (0xFFFFFF, 0xFF0000, 0x0000FF, 0x00FF00)

mic = ADC()
mic.open('hw181_adc')
led = lamp.open_lamp()


def show(color):
    led.color(color)
    print('light: %06X' % color)
    link.post({'ledStatus': color})


link = cloud.start()
print('sound-led: main loop')
turn = 0
while True:
    if mic.read() > THRESHOLD_MV:
        show(COLORS[turn])
        turn = (turn + 1) % len(COLORS)
        utime.sleep(LIGHT_S)
        show(0)
    utime.sleep_ms(10)
