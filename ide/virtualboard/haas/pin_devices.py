"""Devices wired to a virtual board's pins and UARTs beyond its I2C buses: NeoPixel strips, 1-Wire
buses with DS18B20 sensors, DHT11/DHT22 sensors, Modbus RTU slaves, and the ESP32 chip's own
extras (hall sensor, NVS). One `PinDevices` per board, beside its `Hardware`, living as long as
the board (soft resets keep it); `pin_devices_of(hardware)` finds it. Each model is in its own file;
the control channel drives them (`device_commands.py`), the MicroPython faces in `engine/vmlib/`
reach them through the host services in `ide/virtualboard/device_services.py`.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING

from ide.virtualboard.haas.chip_extras import ChipExtras
from ide.virtualboard.haas.dht_sensor import DhtSensors
from ide.virtualboard.haas.modbus_slave import ModbusBuses
from ide.virtualboard.haas.neopixel_strip import NeoPixels
from ide.virtualboard.haas.onewire_bus import OneWireBuses

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

_boards: "weakref.WeakKeyDictionary[Hardware, PinDevices]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


class PinDevices:
    def __init__(self, hardware: "Hardware") -> None:
        self.neopixels = NeoPixels(hardware.emit)
        self.onewire = OneWireBuses(hardware)
        self.dht = DhtSensors(hardware)
        self.modbus = ModbusBuses(hardware)
        self.chip = ChipExtras(hardware)

    def snapshot(self) -> dict:
        return {"neopixel": self.neopixels.snapshot(), "onewire": self.onewire.snapshot(),
                "dht": self.dht.snapshot(), "modbus": self.modbus.snapshot(), "chip": self.chip.snapshot()}


def pin_devices_of(hardware: "Hardware") -> PinDevices:
    """The board's pin devices, made on first use."""
    with _lock:
        found = _boards.get(hardware)
        if found is None:
            found = _boards[hardware] = PinDevices(hardware)
        return found
