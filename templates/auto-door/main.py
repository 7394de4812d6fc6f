# Automatic door: an infrared obstacle sensor sees someone in front of the door and a servo opens
# it; every person is counted and the total goes to the cloud (property total_person_count). The
# cloud can hold the door open or shut (property door_status: 1 open, -1 shut, 0 automatic), as in
# the HaaS tutorial.
# 自动门：红外避障传感器检测到门前有人时舵机开门；每通过一人计数一次并把总数上报云端（属性
# total_person_count）。云端可以让门常开或常闭（属性 door_status：1 常开，-1 常闭，0 自动），与 HaaS 教程一致。

import utime
from driver import GPIO, PWM

import cloud
from servo import Servo

OPEN_ANGLE = 135     # whole duty percentages at 50 Hz give these angles exactly
CLOSED_ANGLE = 45
PASS_S = 5           # a person takes this long to walk through

ir = GPIO()
ir.open('ir')
pwm = PWM()
pwm.open('servo')
door = Servo(pwm)
state = {'door_status': 0}


def on_props(props):
    if 'door_status' in props:
        state['door_status'] = int(props['door_status'])
        print('door: mode', {1: 'always open', -1: 'always shut'}.get(state['door_status'], 'automatic'))
    return state


def set_door(opened):
    angle = OPEN_ANGLE if opened else CLOSED_ANGLE
    if door.angle != angle:
        door.turn(angle)
        print('door:', 'open' if opened else 'closed')


door.turn(CLOSED_ANGLE)
link = cloud.start(on_props)
print('auto-door: main loop')
count = 0
while True:
    someone = ir.read() == 0       # the sensor's output goes low when something is in front
    mode = state['door_status']
    if someone and mode != -1:
        count += 1
        print('door: person %d' % count)
        link.post({'total_person_count': count})
    set_door(mode == 1 or (mode == 0 and someone))
    utime.sleep(PASS_S if someone else 0.5)
