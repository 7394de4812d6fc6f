# The cloud switches a pump; the callback tests for "onoff" but reads another key.
import ujson
import utime
from aliyunIoT import Device
from driver import GPIO

pump = GPIO()
pump.open('pump')


def on_props(request):
    payload = ujson.loads(request['params'])
    if 'onoff' in payload.keys():
        pump.write(payload['onff'])


device = Device()
device.on(Device.ON_PROPS, on_props)
while True:
    utime.sleep(1)
