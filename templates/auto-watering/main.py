# Automatic watering: while the soil sensor says "dry" the pump runs, and stops when the soil is
# wet; each change goes to the cloud (property onoff), which can switch the pump too, as in the HaaS tutorial.
# 自动浇灌：土壤传感器显示“干燥”时水泵运行，土壤湿润后停止；每次变化上报云端（属性 onoff），
# 云端也可以控制水泵，与 HaaS 教程一致。

import utime
from driver import GPIO

import cloud

# Added by this template: stop the pump after this many seconds even when the soil still reads
# dry, so a broken sensor cannot flood the pot (None: run as long as it is dry, as in the tutorial).
# 本模板新增：即使土壤仍显示干燥，水泵运行该秒数后也停止，防止传感器故障时浇水过量（None：干燥时一直运行，与教程一致）。
PUMP_LIMIT_S = None

relay = GPIO()
relay.open('relay')
soil = GPIO()
soil.open('humidify')
state = {'onoff': 0, 'since': None}


def pump(on):
    state['onoff'] = 1 if on else 0
    state['since'] = utime.ticks_ms() if on else None
    relay.write(state['onoff'])
    print('pump:', 'on' if on else 'off')


def on_props(props):
    if 'onoff' in props:
        pump(props['onoff'])
    return {'onoff': state['onoff']}


pump(0)
link = cloud.start(on_props)
print('auto-watering: main loop')
dry = None
while True:
    now_dry = soil.read() == 1
    if now_dry != dry:
        dry = now_dry
        print('soil:', 'dry' if dry else 'wet')
        pump(dry)
        link.post({'onoff': state['onoff']})
    elif PUMP_LIMIT_S and state['since'] is not None \
            and utime.ticks_diff(utime.ticks_ms(), state['since']) > PUMP_LIMIT_S * 1000:
        pump(0)
        link.post({'onoff': 0})
    utime.sleep(1)
