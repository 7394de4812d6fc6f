# RFID door: a card held to the reader beeps once and its number goes to the cloud (property
# rfid_card); the cloud decides and opens the door (property open_door = 1): the servo opens it
# for OPEN_S seconds and the buzzer plays the "welcome" beeps, as in the HaaS tutorial.
# RFID 门禁：刷卡时蜂鸣器响一声并把卡号上报云端（属性 rfid_card）；由云端判断后开门（属性 open_door = 1）：
# 舵机开门 OPEN_S 秒，蜂鸣器发出“欢迎”提示音，与 HaaS 教程一致。

import utime
from driver import GPIO, PWM, UART

import cloud
from rdm6300 import RDM6300
from servo import Servo

OPEN_ANGLE = 135       # whole duty percentages at 50 Hz give these angles exactly
CLOSED_ANGLE = 45
OPEN_S = 1

# Added by this template: cards that open the door without asking the cloud, such as
# ('0A1B2C3D4E',) (empty: only the cloud opens it, as in the tutorial).
# 本模板新增：无需云端即可开门的卡号，例如 ('0A1B2C3D4E',)（为空：只由云端开门，与教程一致）。
LOCAL_CARDS = ()

uart = UART()
uart.open('rfid')
reader = RDM6300(uart)
pwm = PWM()
pwm.open('servo')
door = Servo(pwm)
beeper = GPIO()
beeper.open('buzzer')
wanted = {'open': False}


def beep(*pattern_ms):
    """Buzzer on and off for the given milliseconds, in turn."""
    for i, ms in enumerate(pattern_ms):
        beeper.write(1 if i % 2 == 0 else 0)
        utime.sleep_ms(ms)
    beeper.write(0)


def on_props(props):
    if props.get('open_door'):
        wanted['open'] = True


door.turn(CLOSED_ANGLE)
beeper.write(0)
link = cloud.start(on_props)
print('rfid-door: main loop')
while True:
    card = reader.card()
    if card:
        print('card:', card)
        beep(500)
        link.post({'rfid_card': card})
        wanted['open'] = wanted['open'] or card in LOCAL_CARDS
    if wanted['open']:
        wanted['open'] = False
        print('door: open')
        door.turn(OPEN_ANGLE)
        utime.sleep(OPEN_S)
        door.turn(CLOSED_ANGLE)
        print('door: closed')
        beep(1000, 100, 100)
    utime.sleep_ms(100)
