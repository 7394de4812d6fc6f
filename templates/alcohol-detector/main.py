# Alcohol detector: an MQ-3 sensor's reading is shown on the screen and reported to the cloud
# (property alcohol_adc_voltage, mV); above ALARM_MV the buzzer sounds for ALARM_S seconds, as in
# the HaaS tutorial. Warm the sensor up for a few minutes first (24 hours for its full sensitivity).
# 酒精检测：MQ-3 传感器读数显示在屏幕上并上报云端（属性 alcohol_adc_voltage，mV）；超过 ALARM_MV 时
# 蜂鸣器鸣响 ALARM_S 秒，与 HaaS 教程一致。传感器需要先预热几分钟（完全灵敏需 24 小时）。

import utime
from driver import ADC, PWM

import cloud
import display
from buzzer import PwmBuzzer

ALARM_MV = 800
ALARM_S = 3

mq3 = ADC()
mq3.open('mq3')
pwm = PWM()
pwm.open('buzzer')
siren = PwmBuzzer(pwm)
screen = display.open_display()

link = cloud.start()
print('alcohol-detector: main loop')
while True:
    mv = mq3.read()
    print('alcohol: %d mV' % mv)
    screen.fill(0)
    screen.text('ALCOHOL:', 3, 1)
    screen.text('%d MV' % mv, 40, 24)
    screen.show()
    link.post({'alcohol_adc_voltage': mv})
    if mv > ALARM_MV:
        print('alcohol: above %d mV, alarm!' % ALARM_MV)
        siren.on()
        utime.sleep(ALARM_S)
        siren.off()
    utime.sleep(2)
