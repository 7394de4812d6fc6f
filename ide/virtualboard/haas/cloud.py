"""HaaS `aliyunIoT` module: `Device` talking to a simulated Alibaba Cloud IoT platform.

Shapes follow the firmware's linksdk binding: `connect(dict)` reads productKey, deviceName,
deviceSecret and keepaliveSec (a missing key raises KeyError, as `mp_obj_dict_get` does) and
returns 0 at once; ON_CONNECT arrives later with `{'code': 0}` when the cloud is reachable.
ON_PROPS gets `{'code', 'msg_id', 'params_len', 'params'}` with `params` a JSON string; ON_SERVICE
adds `service_id`; ON_SUBCRIBE gets `{'topic', 'payload'}`. `postProps` needs a str `params` and
answers -1 before the connection is up. Everything the device sends is recorded in
`Hardware.cloud` and reported to observers as "cloud" events.
"""

from __future__ import annotations

import json
import time
import types
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import FAILED, OK, call_later
from ide.virtualboard.haas.wireless import topic_matches
from ide.virtualboard.modules import module_from

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

ON_CONNECT, ON_CLOSE, ON_DISCONNECT, ON_EVENT, ON_SERVICE = 1, 2, 3, 4, 5
ON_SUBCRIBE, ON_PROPS, ON_ERROR, ON_REPLY, ON_RAWDATA = 6, 7, 8, 9, 10
CONSTANTS = dict(ON_CONNECT=ON_CONNECT, ON_CLOSE=ON_CLOSE, ON_DISCONNECT=ON_DISCONNECT,
                 ON_SERVICE=ON_SERVICE, ON_SUBCRIBE=ON_SUBCRIBE, ON_PROPS=ON_PROPS, ON_ERROR=ON_ERROR,
                 ON_RAWDATA=ON_RAWDATA)


def _need_dict(data: Any) -> bool:
    return isinstance(data, dict)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"can't convert '{type(value).__name__}' object to str implicitly")
    return value


class Device:
    """One device identity (the "triple") on the cloud."""

    _vm: "Vm"

    def __init__(self) -> None:
        self._callbacks: dict[int, Any] = {}
        self._identity: dict | None = None
        self.connected = False
        self._topics: list[str] = []
        self._unregister = None
        self._link = None  # the pending connection attempt (a host timer)

    @property
    def _cloud(self):
        return self._vm.board.hardware.cloud

    def on(self, event: int, callback: Any) -> int:
        self._callbacks[int(event)] = callback
        return OK

    def connect(self, data: Any) -> int:
        if not _need_dict(data):
            return FAILED
        identity = {key: _text(data[key]) for key in ("productKey", "deviceName", "deviceSecret")}
        int(data["keepaliveSec"])
        self._identity = identity
        if self._unregister is None:
            self._unregister = self._cloud.register(self)
            self._vm.add_cleanup(self._shutdown)
        self._link = call_later(self._cloud.connect_delay, self._link_up)
        return OK

    def _link_up(self) -> None:
        cloud = self._cloud
        if not cloud.reachable or self._unregister is None or self.connected:
            return
        self.connected = True
        cloud.record("connect", productKey=self._identity["productKey"], deviceName=self._identity["deviceName"])
        self._deliver(ON_CONNECT, {"code": 0})

    def _deliver(self, event: int, payload: Any) -> None:
        callback = self._callbacks.get(event)
        if callback is not None:
            self._vm.schedule(callback, payload)

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
    def postProps(self, data: Any) -> int:
        if not _need_dict(data):
            return FAILED
        text = _text(data["params"])
        if not self.connected:
            return FAILED
        try:
            params: Any = json.loads(text)
        except ValueError:
            self._cloud.record("postProps", params=text, valid=False)
            return FAILED
        self._cloud.record("postProps", params=params)
        return OK

    def postEvent(self, data: Any) -> int:
        if not _need_dict(data):
            return FAILED
        event_id = _text(data["id"])
        params = data["params"]
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
        if not _need_dict(data) or not self.connected:
            return FAILED
        self._cloud.record("postRaw", hex=bytes(data["param"]).hex())
        return OK

    def publish(self, data: Any) -> int:
        if not _need_dict(data):
            return FAILED
        topic, payload, qos = _text(data["topic"]), _text(data["payload"]), int(data["qos"])
        if not self.connected:
            return FAILED
        self._cloud.record("publish", topic=topic, payload=payload, qos=qos)
        return OK

    def subscribe(self, data: Any) -> int:
        if not _need_dict(data):
            return FAILED
        topic, qos = _text(data["topic"]), int(data["qos"])
        if not self.connected:
            return FAILED
        if topic not in self._topics:
            self._topics.append(topic)
        self._cloud.record("subscribe", topic=topic, qos=qos)
        return OK

    def unsubscribe(self, data: Any) -> int:
        if not _need_dict(data):
            return FAILED
        topic = _text(data["topic"])
        if topic in self._topics:
            self._topics.remove(topic)
        self._cloud.record("unsubscribe", topic=topic)
        return OK

    def register(self, data: Any, callback: Any) -> int:
        """Dynamic registration: the cloud answers with a device secret."""
        if not _need_dict(data):
            return FAILED
        name = _text(data["deviceName"])
        _text(data["productKey"])
        _text(data["productSecret"])
        self._cloud.record("register", productKey=data["productKey"], deviceName=name)
        self._vm.schedule(callback, {"deviceSecret": f"virtual-{name}-secret"})
        return OK

    def getNtpTime(self, callback: Any) -> int:
        """The cloud's time (UTC), delivered to `callback` as a dict."""
        now = time.time()
        parts = time.gmtime(now)
        self._vm.schedule(callback, {
            "year": parts.tm_year, "month": parts.tm_mon, "day": parts.tm_mday, "hour": parts.tm_hour,
            "minute": parts.tm_min, "second": parts.tm_sec, "msecond": int(now * 1000) % 1000,
            "timestamp": int(now * 1000)})
        return OK

    def getDeviceHandle(self) -> int:
        return id(self) & 0x3FFFFFFF

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


def make_aliyuniot(vm: "Vm") -> types.ModuleType:
    device = type("Device", (Device,), {"_vm": vm, "__module__": "aliyunIoT", **CONSTANTS})
    return module_from("aliyunIoT", {"Device": device, **CONSTANTS})
