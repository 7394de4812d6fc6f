# Stock alarm: when the cloud says a stock hit its limit (property stock_status changes to 1,
# with its code in stock_code), the screen shows the code and the buzzer sounds for ALARM_S
# seconds, as in the HaaS tutorial (which uses an LCD1602; this template draws on an OLED).
# 股票提醒：云端通知股票涨停时（属性 stock_status 变为 1，代码在 stock_code 中），屏幕显示股票代码，
# 蜂鸣器鸣响 ALARM_S 秒，与 HaaS 教程一致（教程使用 LCD1602，本模板使用 OLED 屏幕）。

import utime
from driver import PWM

import cloud
import display
from buzzer import PwmBuzzer

ALARM_S = 5
BEEP_HZ = 440

pwm = PWM()
pwm.open('buzzer')
siren = PwmBuzzer(pwm, BEEP_HZ)
screen = display.open_display()
stock = {'stock_status': 0, 'stock_code': ''}


def on_props(props):
    for key in stock:
        if key in props:
            stock[key] = props[key]
    print('stock:', stock)


def show(*lines):
    screen.fill(0)
    for i, line in enumerate(lines):
        screen.text(line, 0, 8 + 16 * i)
    screen.show()


show('WAITING FOR', 'THE CLOUD')
link = cloud.start(on_props)
print('stock-alarm: main loop')
status = 0
while True:
    if stock['stock_status'] != status:
        status = stock['stock_status']
        if status == 1:
            print('stock: alarm for', stock['stock_code'])
            show('UR STOCK ALARM:', str(stock['stock_code']))
            siren.on()
            utime.sleep(ALARM_S)
            siren.off()
    utime.sleep_ms(100)
