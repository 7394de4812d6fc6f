"""Host side of HaaS's `aliyunIoT` module: `Device` talking to the simulated Alibaba Cloud IoT.

Shapes follow the firmware's linksdk binding: `connect(dict)` reads productKey, deviceName,
deviceSecret and keepaliveSec (the face raises KeyError for a missing key, as `mp_obj_dict_get`
does) and returns 0 at once; ON_CONNECT arrives later with `{'code': 0}` when the cloud is
reachable (else the attempt is recorded as "connect_failed"). ON_PROPS gets `{'code', 'msg_id',
'params_len', 'params'}` with `params` a JSON string; ON_SERVICE adds `service_id`; ON_SUBCRIBE
gets `{'topic', 'payload'}`. `postProps` needs a str `params` and answers -1 before the connection
is up. Everything the device sends is recorded in `Hardware.cloud` and reported to observers as
"cloud" events. The MicroPython face is `engine/vmlib/aliyunIoT.py`.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import FAILED, OK, Callback, add_objects, call_later, data_arg, int_arg, text_arg
from ide.virtualboard.haas.wireless import topic_matches
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge

ON_CONNECT, ON_CLOSE, ON_DISCONNECT, ON_EVENT, ON_SERVICE = 1, 2, 3, 4, 5
ON_SUBCRIBE, ON_PROPS, ON_ERROR, ON_REPLY, ON_RAWDATA = 6, 7, 8, 9, 10


class Device:
    """One device identity (the "triple") on the cloud."""

    CALLS = frozenset({"on", "connect", "postProps", "postEvent", "postRaw", "publish", "subscribe", "unsubscribe",
                       "register", "getNtpTime", "end"})

    def __init__(self, board: "VirtualBoard", bridge: "Bridge") -> None:
        self._board = board
        self._bridge = bridge
        self._callbacks: dict[int, Callback] = {}
        self._identity: dict | None = None
        self.connected = False
        self._topics: list[str] = []
        self._unregister = None

    @property
    def _cloud(self):
        return self._board.hardware.cloud

    def on(self, event: Any, handle: Any) -> int:
        self._callbacks[int_arg(event)] = Callback(self._board, handle)
        return OK

    def connect(self, product_key: Any, device_name: Any, device_secret: Any, keepalive: Any) -> int:
        identity = {"productKey": text_arg(product_key), "deviceName": text_arg(device_name)}
        text_arg(device_secret)
        int_arg(keepalive)
        self._identity = identity
        if self._unregister is None:
            self._unregister = self._cloud.register(self)
            self._bridge.on_end(self._shutdown)
        call_later(self._cloud.connect_delay, self._link_up)
        return OK

    def _link_up(self) -> None:
        cloud = self._cloud
        if self._unregister is None or self.connected:
            return
        if not cloud.reachable:
            cloud.record("connect_failed", **self._identity)
            return
        self.connected = True
        cloud.record("connect", **self._identity)
        self._deliver(ON_CONNECT, {"code": 0})

    def _deliver(self, event: int, payload: Any) -> None:
        callback = self._callbacks.get(event)
        if callback is not None:
            callback.fire(payload)

    # -- cloud -> device (called by Hardware.cloud on outside threads) -----------------------
    def deliver_props(self, params: str, msg_id: int) -> None:
        self._deliver(ON_PROPS, {"code": 0, "msg_id": msg_id, "params_len": len(params.encode()), "params": params})

    def deliver_service(self, service_id: str, params: str, msg_id: int) -> None:
        self._deliver(ON_SERVICE, {"code": 0, "msg_id": msg_id, "service_id": service_id,
                                   "params_len": len(params.encode()), "params": params})

    def deliver_message(self, topic: str, payload: str) -> None:
        self._deliver(ON_SUBCRIBE, {"topic": topic, "payload": payload})

    def deliver_disconnect(self) -> None:
        self.connected = False
        self._deliver(ON_DISCONNECT, {"code": -1})

    def subscribed_to(self, topic: str) -> bool:
        return any(topic_matches(pattern, topic) for pattern in self._topics)

    def describe(self) -> dict:
        identity = self._identity or {}
        return {"productKey": identity.get("productKey"), "deviceName": identity.get("deviceName"),
                "connected": self.connected, "topics": list(self._topics)}

    # -- device -> cloud ---------------------------------------------------------------------
    def postProps(self, params: Any) -> int:
        text = text_arg(params)
        if not self.connected:
            return FAILED
        try:
            value: Any = json.loads(text)
        except ValueError:
            self._cloud.record("postProps", params=text, valid=False)
            return FAILED
        self._cloud.record("postProps", params=value)
        return OK

    def postEvent(self, event_id: Any, params: Any) -> int:
        event_id = text_arg(event_id)
        if not self.connected:
            return FAILED
        if isinstance(params, str):
            try:
                params = json.loads(params)
            except ValueError:
                pass
        self._cloud.record("postEvent", id=event_id, params=params)
        return OK

    def postRaw(self, data: Any) -> int:
        payload = data_arg(data)
        if not self.connected:
            return FAILED
        self._cloud.record("postRaw", hex=payload.hex())
        return OK

    def publish(self, topic: Any, payload: Any, qos: Any) -> int:
        topic, payload, qos = text_arg(topic), text_arg(payload), int_arg(qos)
        if not self.connected:
            return FAILED
        self._cloud.record("publish", topic=topic, payload=payload, qos=qos)
        return OK

    def subscribe(self, topic: Any, qos: Any) -> int:
        topic, qos = text_arg(topic), int_arg(qos)
        if not self.connected:
            return FAILED
        if topic not in self._topics:
            self._topics.append(topic)
        self._cloud.record("subscribe", topic=topic, qos=qos)
        return OK

    def unsubscribe(self, topic: Any) -> int:
        topic = text_arg(topic)
        if topic in self._topics:
            self._topics.remove(topic)
        self._cloud.record("unsubscribe", topic=topic)
        return OK

    def register(self, product_key: Any, device_name: Any, product_secret: Any, handle: Any) -> int:
        """Dynamic registration: the cloud answers with a device secret."""
        product_key, device_name = text_arg(product_key), text_arg(device_name)
        text_arg(product_secret)
        callback = Callback(self._board, handle)
        self._cloud.record("register", productKey=product_key, deviceName=device_name)
        callback.fire({"deviceSecret": f"virtual-{device_name}-secret"})
        return OK

    def getNtpTime(self, handle: Any) -> int:
        """The cloud's time (UTC), delivered to the callback as a dict."""
        callback = Callback(self._board, handle)
        now = time.time()
        parts = time.gmtime(now)
        callback.fire({"year": parts.tm_year, "month": parts.tm_mon, "day": parts.tm_mday, "hour": parts.tm_hour,
                       "minute": parts.tm_min, "second": parts.tm_sec, "msecond": int(now * 1000) % 1000,
                       "timestamp": int(now * 1000)})
        return OK

    def end(self) -> int:
        if self.connected:
            self._cloud.record("close")
            self._deliver(ON_CLOSE, {"code": 0})
        self._shutdown()
        return OK

    def _shutdown(self) -> None:
        self.connected = False
        if self._unregister is not None:
            self._unregister()
            self._unregister = None


def install(bridge: "Bridge", board: "VirtualBoard") -> None:
    """`import aliyunIoT` for one boot."""
    offer(bridge, board, "aliyunIoT", "aliyunIoT")
    add_objects(bridge, "aliyunIoT", {"Device": lambda: Device(board, bridge)})
