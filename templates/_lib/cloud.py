# cloud.py: a device on Alibaba Cloud IoT (the aliyunIoT module), kept small.
# 阿里云物联网平台上的设备（aliyunIoT 模块）的简单封装。
#
#   link = start(on_props)             # credentials.json, Wi-Fi, then the cloud (or offline)
#   link.post({'temperature': 25.1})   # report properties
# on_props(props) is called with a dict when the cloud sets properties; the dict it returns (if
# any) is reported back, so the console shows the device's new state.
# Without Wi-Fi or cloud, post() does nothing and the program goes on.

import ujson
import utime
from aliyunIoT import Device

import credentials
import wifi


def start(on_props=None):
    """Read credentials.json, join the Wi-Fi network, connect to the cloud; the Cloud either way."""
    settings = credentials.load()
    link = Cloud(settings, on_props)
    if wifi.connect(settings.get('wifi_ssid'), settings.get('wifi_password')):
        link.connect()
    return link


class Cloud:
    def __init__(self, settings, on_props=None):
        self.settings = settings
        self.connected = False
        self._on_props = on_props
        self._device = Device()
        self._device.on(Device.ON_CONNECT, self._connect_done)
        self._device.on(Device.ON_DISCONNECT, self._disconnected)
        self._device.on(Device.ON_PROPS, self._props)

    def connect(self, timeout_s=10):
        keys = ('product_key', 'device_name', 'device_secret')
        if any(credentials.is_placeholder(self.settings.get(k)) for k in keys):
            print('cloud: product_key, device_name and device_secret in credentials.json are not set yet')
        self._device.connect({
            'region': self.settings.get('region') or 'cn-shanghai',
            'productKey': self.settings.get('product_key') or '',
            'deviceName': self.settings.get('device_name') or '',
            'deviceSecret': self.settings.get('device_secret') or '',
            'keepaliveSec': 60,
        })
        deadline = utime.ticks_add(utime.ticks_ms(), timeout_s * 1000)
        while not self.connected and utime.ticks_diff(deadline, utime.ticks_ms()) > 0:
            utime.sleep_ms(50)
        if not self.connected:
            print('cloud: not connected; the program goes on without the cloud')
        return self.connected

    def post(self, props):
        """Report properties (a dict); False when not connected."""
        if not self.connected:
            return False
        return self._device.postProps({'params': ujson.dumps(props)}) == 0

    def _connect_done(self, data):
        self.connected = True
        print('cloud: connected')

    def _disconnected(self, data):
        self.connected = False
        print('cloud: disconnected')

    def _props(self, request):
        try:
            props = ujson.loads(request['params'])
        except (KeyError, ValueError):
            return
        print('cloud: set', props)
        if self._on_props:
            reply = self._on_props(props)
            if reply:
                self.post(reply)
