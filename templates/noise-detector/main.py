# Noise detector: a sound sensor's reading goes to the cloud every 2 seconds (property
# SoundDecibelValue, the sensor's output in mV); the cloud switches the red, green and blue LEDs
# and the buzzer (properties light_up_red_led, light_up_green_led, light_up_blue_led,
# switch_on_buzzer), as in the HaaS tutorial.
# 噪音检测：每 2 秒把声音传感器读数上报云端（属性 SoundDecibelValue，传感器输出电压 mV）；云端控制红、绿、
# 蓝 LED 和蜂鸣器（属性 light_up_red_led、light_up_green_led、light_up_blue_led、switch_on_buzzer），
# 与 HaaS 教程一致。

import utime
from driver import ADC, GPIO

import cloud
from switches import Switches

voice = ADC()
voice.open('voice')
red, green, blue, buzzer = GPIO(), GPIO(), GPIO(), GPIO()
red.open('led_r')
green.open('led_g')
blue.open('led_b')
buzzer.open('buzzer')
outputs = Switches({'light_up_red_led': red, 'light_up_green_led': green, 'light_up_blue_led': blue,
                    'switch_on_buzzer': buzzer})

link = cloud.start(outputs.on_props)
print('noise-detector: main loop')
while True:
    mv = voice.read()
    print('sound: %d mV' % mv)
    link.post({'SoundDecibelValue': mv})
    utime.sleep(2)
