"""HaaS `aliyunIoT`: connect the board to Alibaba Cloud IoT Platform as a device.

    from aliyunIoT import Device
    device = Device()
    device.on(Device.ON_CONNECT, on_connect)
    device.on(Device.ON_PROPS, on_props)
    device.connect({'region': 'cn-shanghai', 'productKey': ..., 'deviceName': ...,
                    'deviceSecret': ..., 'keepaliveSec': 60})
"""

from typing import Any, Callable

ON_CONNECT: int
ON_CLOSE: int
ON_DISCONNECT: int
ON_SERVICE: int
ON_SUBCRIBE: int
ON_PROPS: int
ON_ERROR: int
ON_RAWDATA: int

class Device:
    """One device (its "triple": productKey, deviceName, deviceSecret) on the cloud."""

    ON_CONNECT: int
    """Event: the connection is up; the callback gets {'code': 0}."""
    ON_CLOSE: int
    """Event: the connection was closed with end()."""
    ON_DISCONNECT: int
    """Event: the connection was lost."""
    ON_SERVICE: int
    """Event: the cloud called a service; the callback gets {'service_id', 'params', ...}."""
    ON_SUBCRIBE: int
    """Event: a message arrived on a subscribed topic; the callback gets {'topic', 'payload'}."""
    ON_PROPS: int
    """Event: the cloud set properties; request['params'] is a JSON string."""
    ON_ERROR: int
    """Event: an error happened in the connection."""
    ON_RAWDATA: int
    """Event: raw (pass-through) data arrived from the cloud."""

    def __init__(self) -> None: ...
    def on(self, event: int, callback: Callable[[dict], Any]) -> int:
        """Register `callback(data)` for `event` (Device.ON_CONNECT, Device.ON_PROPS, ...)."""
    def connect(self, data: dict) -> int:
        """Start connecting with {'region', 'productKey', 'deviceName', 'deviceSecret', 'keepaliveSec'};
        ON_CONNECT follows when the link is up. Returns 0 if the attempt started."""
    def postProps(self, data: dict) -> int:
        """Report properties: postProps({'params': ujson.dumps({'LEDSwitch': 1})}). Returns 0 on success."""
    def postEvent(self, data: dict) -> int:
        """Report an event: postEvent({'id': 'alarm', 'params': json_string}). Returns 0 on success."""
    def subscribe(self, data: dict) -> int:
        """Subscribe to a custom topic: subscribe({'topic': ..., 'qos': 1})."""
    def unsubscribe(self, data: dict) -> int:
        """Unsubscribe from a custom topic: unsubscribe({'topic': ...})."""
    def publish(self, data: dict) -> int:
        """Publish to a custom topic: publish({'topic': ..., 'payload': ..., 'qos': 1})."""
    def register(self, data: dict, callback: Callable[[dict], Any]) -> int:
        """Dynamic registration: get the device secret from productKey/productSecret/deviceName."""
    def getNtpTime(self, callback: Callable[[dict], Any]) -> int:
        """Ask the cloud for the current time; `callback` gets it."""
    def end(self) -> int:
        """Close the connection to the cloud."""
