# Automatic humidifier: below TARGET_HUMIDITY the humidifier runs (a relay module, switched on by
# a low level), above it stops; the screen shows the date, time, state and humidity, as in the
# HaaS tutorial.
# 自动加湿器：湿度低于 TARGET_HUMIDITY 时打开加湿器（低电平触发的继电器模块），高于时关闭；屏幕显示
# 日期、时间、状态和湿度，与 HaaS 教程一致。

import utime
from driver import GPIO

import climate
import display
import statusscreen

TARGET_HUMIDITY = 60.0

sensor = climate.open_sensor()
relay = GPIO()
relay.open('hum_ctrl')
screen = display.open_display()


relay.write(1)
print('auto-humidifier: main loop')
running = None
while True:
    try:
        humidity = sensor.measure()[1]
    except OSError as error:
        print('sensor error:', error)
    else:
        if (humidity <= TARGET_HUMIDITY) != running:
            running = humidity <= TARGET_HUMIDITY
            relay.write(0 if running else 1)
            print('humidity: %.1f %%, humidifier %s' % (humidity, 'on' if running else 'off'))
        statusscreen.show(screen, (('OPEN' if running else 'CLOSE', 25, 40), ('%02d%%H' % humidity, 75, 40)))
    utime.sleep(1)
