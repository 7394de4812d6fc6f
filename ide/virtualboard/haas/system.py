"""HaaS `kv` (persistent key-value storage) and `system` modules.

On a real ESP32 the KV store is its own flash partition (`kv` at 0x3F0000), untouched by file
uploads. Here it is the JSON file `/data/.kv.json` on the board's file system: outside
`/data/pyamp/`, so a deploy never touches it, and it survives resets like the partition does.
Keys and values are strings (other types raise TypeError, as `mp_obj_str_get_str` does);
`getStorageSync` answers None for a missing key.
"""

from __future__ import annotations

import json
import types
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import FAILED, HARD_RESET, OK
from ide.virtualboard.haas.hardware import MachineReset
from ide.virtualboard.modules import module_from

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

KV_PATH = "/data/.kv.json"
KV_VALUE_MAX = 256


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"can't convert '{type(value).__name__}' object to str implicitly")
    return value


class KvStore:
    """The board's KV items, read from and written back to KV_PATH on every call."""

    def __init__(self, vm: "Vm") -> None:
        self.fs = vm.board.fs

    def load(self) -> dict[str, str]:
        if not self.fs.exists(KV_PATH):
            return {}
        try:
            with self.fs.open(KV_PATH, "r") as handle:
                items = json.loads(handle.read())
        except (OSError, ValueError):
            return {}
        return items if isinstance(items, dict) else {}

    def save(self, items: dict[str, str]) -> int:
        temporary = KV_PATH + ".tmp"
        try:
            if not self.fs.exists("/data"):
                self.fs.mkdir("/data")
            with self.fs.open(temporary, "w") as handle:
                handle.write(json.dumps(items, ensure_ascii=False))
            self.fs.rename(temporary, KV_PATH)
        except OSError:
            return FAILED
        return OK

    def set(self, key: Any, value: Any) -> int:
        key, value = _text(key), _text(value)
        if len(value.encode("utf-8")) >= KV_VALUE_MAX:
            return FAILED
        items = self.load()
        items[key] = value
        return self.save(items)

    def get(self, key: Any) -> str | None:
        return self.load().get(_text(key))

    def remove(self, key: Any) -> None:
        key = _text(key)
        items = self.load()
        if items.pop(key, None) is not None:
            self.save(items)


def make_kv(vm: "Vm") -> types.ModuleType:
    store = KvStore(vm)
    return module_from("kv", dict(setStorageSync=store.set, getStorageSync=store.get,
                                  removeStorageSync=store.remove))


def make_system(vm: "Vm") -> types.ModuleType:
    personality = vm.board.personality

    def reboot() -> None:
        vm.board.hardware.request_reset(HARD_RESET, "system.reboot")
        vm.soft_reset_requested = True
        raise MachineReset()

    return module_from("system", dict(version_info=lambda: personality.haas_version, reboot=reboot))
