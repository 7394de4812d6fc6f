# Smart aquarium: the water level (an HX710 pressure sensor), the water's TDS and its temperature
# go to the cloud (properties WaterLevel, TDS, WaterTemperature) with the state of three relays:
# water pump (AddWater), filter (StartFilter) and heater (MakeHeat), which the cloud switches.
# The pump only runs below a full tank and the heater below HEAT_BELOW_C, as in the HaaS tutorial.
# 智能鱼缸：把水位（HX710 压力传感器）、水的 TDS 和温度上报云端（属性 WaterLevel、TDS、WaterTemperature），
# 以及三个继电器的状态：加水泵（AddWater）、过滤器（StartFilter）、加热器（MakeHeat），由云端控制。
# 水满时不加水，水温达到 HEAT_BELOW_C 时不加热，与 HaaS 教程一致。

import utime
from driver import ADC, GPIO

import cloud
import watertemp
from hx710 import HX710

FULL_LEVEL = 120000     # HX710 reading of a full tank: calibrate with your tank
TDS_LIMIT = 800         # ppm
HEAT_BELOW_C = 30
REPORT_S = 0.5

# Added by this template: let the relays follow the readings by themselves (pump below a full
# tank, filter above TDS_LIMIT, heater below HEAT_BELOW_C); False: only the cloud switches them,
# as in the tutorial.
# 本模板新增：继电器自动跟随读数（水未满时加水、TDS 超过 TDS_LIMIT 时过滤、低于 HEAT_BELOW_C 时加热）；
# False：只由云端控制，与教程一致。
AUTOMATIC = False

clock = GPIO()
clock.open('hx710_clk')
data = GPIO()
data.open('hx710_data')
level_sensor = HX710(clock, data)
tds_adc = ADC()
tds_adc.open('tds')
thermometer = watertemp.WaterThermometer()
pump, water_filter, heater = GPIO(), GPIO(), GPIO()
pump.open('relay_1')
water_filter.open('relay_2')
heater.open('relay_3')
relays = {'AddWater': pump, 'StartFilter': water_filter, 'MakeHeat': heater}
state = {key: 0 for key in relays}
water = {'level': None, 'tds': 0, 'temperature': None}


def allowed(key):
    """Whether a relay may run now: no pump on a full tank, no heater in warm water."""
    if key == 'AddWater':
        return water['level'] is not None and water['level'] < FULL_LEVEL
    if key == 'MakeHeat':
        return water['temperature'] is not None and water['temperature'] < HEAT_BELOW_C
    return True


def switch(key, on):
    state[key] = 1 if on and allowed(key) else 0
    relays[key].write(state[key])


def on_props(props):
    for key in relays:
        if key in props:
            switch(key, props[key])
            print('%s: %s' % (key, 'on' if state[key] else 'off'))
    return state


def tds_ppm(mv, temperature):
    """The usual TDS probe curve, compensated to 25 °C."""
    volts = mv / 1000 / (1 + 0.02 * ((temperature or 25) - 25))
    return int((133.42 * volts ** 3 - 255.86 * volts ** 2 + 857.39 * volts) * 0.5)


for key in relays:
    switch(key, 0)
link = cloud.start(on_props)
print('smart-aquarium: main loop')
while True:
    water['level'] = level_sensor.read()
    water['temperature'] = thermometer.read()
    water['tds'] = tds_ppm(tds_adc.read(), water['temperature'])
    if AUTOMATIC:
        switch('AddWater', True)
        switch('StartFilter', water['tds'] > TDS_LIMIT)
        switch('MakeHeat', True)
    report = dict(state)
    report['TDS'] = water['tds']
    if water['level'] is not None:
        report['WaterLevel'] = round(water['level'] / FULL_LEVEL, 2)
    if water['temperature'] is not None:
        report['WaterTemperature'] = round(water['temperature'], 1)
    print('water:', report)
    link.post(report)
    utime.sleep(REPORT_S)
