# HaaS `aliyunIoT` (MicroPython, runs in the VM): `Device` on the board's simulated Alibaba Cloud IoT
# platform (haas/cloud_services.py). Dictionaries are read here, as the firmware's binding reads
# them (a missing key is a KeyError); callbacks get the cloud's dicts.
from _vm import register, forget
from haas_util import HostObject, hexof, once

ON_CONNECT = 1
ON_CLOSE = 2
ON_DISCONNECT = 3
ON_SERVICE = 5
ON_SUBCRIBE = 6
ON_PROPS = 7
ON_ERROR = 8
ON_RAWDATA = 10


class Device(HostObject):
    _PREFIX = "aliyunIoT"
    _KIND = "Device"
    ON_CONNECT = ON_CONNECT
    ON_CLOSE = ON_CLOSE
    ON_DISCONNECT = ON_DISCONNECT
    ON_SERVICE = ON_SERVICE
    ON_SUBCRIBE = ON_SUBCRIBE
    ON_PROPS = ON_PROPS
    ON_ERROR = ON_ERROR
    ON_RAWDATA = ON_RAWDATA

    def __init__(self):
        HostObject.__init__(self)
        self._handlers = {}

    def on(self, event, callback):
        old = self._handlers.pop(event, None)
        if old:
            forget(old)
        self._handlers[event] = register(callback)
        return self._call("on", event, self._handlers[event])

    def connect(self, data):
        if not isinstance(data, dict):
            return -1
        return self._call("connect", data["productKey"], data["deviceName"], data["deviceSecret"],
                          data["keepaliveSec"])

    def postProps(self, data):
        return self._call("postProps", data["params"]) if isinstance(data, dict) else -1

    def postEvent(self, data):
        return self._call("postEvent", data["id"], data["params"]) if isinstance(data, dict) else -1

    def postRaw(self, data):
        return self._call("postRaw", hexof(data["param"])) if isinstance(data, dict) else -1

    def publish(self, data):
        if not isinstance(data, dict):
            return -1
        return self._call("publish", data["topic"], data["payload"], data["qos"])

    def subscribe(self, data):
        return self._call("subscribe", data["topic"], data["qos"]) if isinstance(data, dict) else -1

    def unsubscribe(self, data):
        return self._call("unsubscribe", data["topic"]) if isinstance(data, dict) else -1

    def register(self, data, callback):
        if not isinstance(data, dict):
            return -1
        return self._call("register", data["productKey"], data["deviceName"], data["productSecret"],
                          once(callback))

    def getNtpTime(self, callback):
        return self._call("getNtpTime", once(callback))

    def getDeviceHandle(self):
        return self._h

    def end(self):
        return self._call("end")
