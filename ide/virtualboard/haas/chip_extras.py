"""The ESP32 chip's own sensors and storage on the virtual board: its internal temperature sensor
(read by `esp32.raw_temperature()` in °F, running about 30 °C above the room), its hall sensor
(`esp32.hall_sensor()`, 0 until the control channel sets a field) and its NVS key/value store
(`esp32.NVS`), which outlives soft and hard resets of the board as flash does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

DIE_ABOVE_ROOM = 30.0


class ChipExtras:
    def __init__(self, hardware: "Hardware") -> None:
        self._hardware = hardware
        self._lock = threading.Lock()
        self.hall = 0
        self.nvs: dict[str, dict[str, Any]] = {}

    def raw_temperature(self) -> int:
        celsius = float(self._hardware.environment["temperature"]) + DIE_ABOVE_ROOM
        return int(round(celsius * 9 / 5 + 32))

    def set_hall(self, value: int) -> None:
        self.hall = int(value)
        self._hardware.emit("chip", hall=self.hall)

    def nvs_get(self, namespace: str, key: str) -> Any:
        with self._lock:
            return self.nvs.get(namespace, {}).get(key)

    def nvs_set(self, namespace: str, key: str, value: Any) -> None:
        with self._lock:
            self.nvs.setdefault(namespace, {})[key] = value

    def nvs_erase(self, namespace: str, key: str) -> bool:
        with self._lock:
            return self.nvs.get(namespace, {}).pop(key, None) is not None

    def snapshot(self) -> dict:
        with self._lock:
            return {"hall": self.hall, "raw_temperature": self.raw_temperature(),
                    "nvs": {ns: sorted(keys) for ns, keys in self.nvs.items()}}
