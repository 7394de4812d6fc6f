# watertemp.py: the water temperature: a waterproof DS18B20 probe on the GPIO node "ds18b20"
# (MicroPython's onewire and ds18x20 modules; a 4.7 kΩ pull-up to 3.3 V on the data line).
# 水温：GPIO 节点 "ds18b20" 上的防水 DS18B20 探头（MicroPython 的 onewire、ds18x20 模块；数据线接 4.7 kΩ 上拉）。

import utime
from driver import GPIO

import boardpins

try:
    import ds18x20
    import onewire
    from machine import Pin
except ImportError:       # a firmware without onewire: no water temperature
    ds18x20 = None


class WaterThermometer:
    def __init__(self):
        self._gpio = GPIO()
        self._gpio.open('ds18b20')      # claims the node; onewire drives the pin itself
        pin = boardpins.port('ds18b20')
        self._sensor = ds18x20.DS18X20(onewire.OneWire(Pin(pin))) if ds18x20 and pin is not None else None
        self._roms = self._sensor.scan() if self._sensor else []
        if not self._roms:
            print('water temperature: no DS18B20 found (or no onewire module in this firmware)')

    def read(self):
        """°C, or None without a probe. Takes 0.75 s (one 12-bit conversion)."""
        if not self._roms:
            return None
        self._sensor.convert_temp()
        utime.sleep_ms(750)
        return self._sensor.read_temp(self._roms[0])
