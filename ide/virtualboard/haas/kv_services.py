"""Host side of HaaS's `kv` module: persistent key-value storage.

On a real ESP32 the KV store is its own flash partition (`kv` at 0x3F0000), untouched by file
uploads. Here it is the JSON file `/data/.kv.json` on the board's file system: outside
`/data/pyamp/`, so a deploy never touches it, and it survives resets like the partition does.
Keys and values are strings (other types raise TypeError, as `mp_obj_str_get_str` does);
`getStorageSync` answers None for a missing key. `kv.set`/`kv.get`/`kv.remove` are the same
calls under the short names newer HaaS examples use. The MicroPython face is `engine/vmlib/kv.py`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import FAILED, OK, text_arg
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge
    from ide.virtualboard.fs import BoardFS

KV_PATH = "/data/.kv.json"
KV_VALUE_MAX = 256


class KvStore:
    """The board's KV items, read from and written back to KV_PATH on every call."""

    def __init__(self, fs: "BoardFS") -> None:
        self.fs = fs

    def load(self) -> dict[str, str]:
        if not self.fs.exists(KV_PATH):
            return {}
        try:
            items = json.loads(self.fs.host(KV_PATH).read_text(encoding="utf-8"))
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
        key, value = text_arg(key), text_arg(value)
        if len(value.encode("utf-8")) >= KV_VALUE_MAX:
            return FAILED
        items = self.load()
        items[key] = value
        return self.save(items)

    def get(self, key: Any) -> str | None:
        return self.load().get(text_arg(key))

    def remove(self, key: Any) -> int:
        key = text_arg(key)
        items = self.load()
        if items.pop(key, None) is None:
            return OK
        return self.save(items)


def install(bridge: "Bridge", board: "VirtualBoard") -> None:
    """`import kv` for one boot."""
    store = KvStore(board.fs)
    offer(bridge, board, "kv", "kv")
    bridge.add("kv", {"set": store.set, "get": store.get, "remove": store.remove})
