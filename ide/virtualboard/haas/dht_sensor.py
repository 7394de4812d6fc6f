"""DHT11 and DHT22 (AM2302) temperature/humidity sensors on the virtual board's pins.

A read answers the 5 bytes the sensor sends (humidity, temperature, checksum) in its own format:
DHT11 whole degrees and percent, DHT22 tenths with a sign bit. A pin the program reads with no
sensor on it gets one of the kind the program asked for (DHT22 if it did not say), so a program
works unchanged; `detach` takes it away (then reads time out, as with nothing wired). A sensor
follows the board's environment unless the control channel set its own values.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

KINDS = ("dht11", "dht22")


@dataclass
class DhtSensor:
    kind: str = "dht22"
    temperature: float | None = None  # None: the board's environment
    humidity: float | None = None

    def frame(self, environment: dict) -> bytes:
        temperature = environment["temperature"] if self.temperature is None else self.temperature
        humidity = environment["humidity"] if self.humidity is None else self.humidity
        if self.kind == "dht11":
            data = [_clamp(humidity, 0, 99), 0, _clamp(temperature, 0, 50), 0]
        else:
            rh = _clamp(humidity * 10, 0, 999)
            t = _clamp(abs(temperature) * 10, 0, 800)
            data = [rh >> 8, rh & 0xFF, (t >> 8) | (0x80 if temperature < 0 else 0), t & 0xFF]
        return bytes(data + [sum(data) & 0xFF])

    def state(self) -> dict:
        return {"model": self.kind, "temperature": self.temperature, "humidity": self.humidity}


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, int(round(value))))


class DhtSensors:
    def __init__(self, hardware: "Hardware") -> None:
        self._hardware = hardware
        self._lock = threading.Lock()
        self.sensors: dict[int, DhtSensor] = {}
        self._detached: set[int] = set()

    def read(self, pin: int, kind: str | None) -> bytes | None:
        """The sensor's frame, or None when nothing answers on `pin`."""
        with self._lock:
            sensor = self.sensors.get(pin)
            new = sensor is None and pin not in self._detached
            if new:
                sensor = self.sensors[pin] = DhtSensor(kind if kind in KINDS else "dht22")
        if sensor is None:
            return None
        if new:  # the sensor wired on first use shows up for observers
            self._hardware.emit("dht", pin=pin, **sensor.state())
        return sensor.frame(self._hardware.environment)

    def attach(self, pin: int, kind: str = "dht22", temperature: float | None = None,
               humidity: float | None = None) -> DhtSensor:
        if kind not in KINDS:
            raise ValueError(f"model must be one of {', '.join(KINDS)}")
        with self._lock:
            sensor = self.sensors[pin] = DhtSensor(kind, temperature, humidity)
            self._detached.discard(pin)
        self._hardware.emit("dht", pin=pin, **sensor.state())
        return sensor

    def detach(self, pin: int) -> bool:
        with self._lock:
            self._detached.add(pin)
            return self.sensors.pop(pin, None) is not None

    def snapshot(self) -> dict:
        with self._lock:
            return {str(pin): sensor.state() for pin, sensor in sorted(self.sensors.items())}
