"""Hobby servos (SG90, MG996R) on PWM outputs: the pulse width sets the horn's angle.

A servo reads one pulse per frame (50 Hz, though 40-400 Hz works) and turns its horn to 0° for a
0.5 ms pulse, 180° for 2.5 ms, linearly between. Every PWM output whose frequency and pulse width
fit is shown as a servo: `changed()` turns each PWM change into the angle, and a "servo" event
when the angle moved. Integer duty percentages at 50 Hz give 18° steps, as on a real board.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

MIN_HZ, MAX_HZ = 40, 400
MIN_US, MAX_US = 400.0, 2600.0
ZERO_US, FULL_US, FULL_DEG = 500.0, 2500.0, 180.0


def servo_angle(freq: float, duty_percent: float) -> tuple[float, float] | None:
    """(angle in degrees, pulse in µs) of a PWM output, or None when it is no servo signal."""
    if not MIN_HZ <= freq <= MAX_HZ:
        return None
    pulse = float(duty_percent) / 100 * 1_000_000 / float(freq)
    if not MIN_US <= pulse <= MAX_US:
        return None
    angle = (pulse - ZERO_US) / (FULL_US - ZERO_US) * FULL_DEG
    return round(max(0.0, min(FULL_DEG, angle)), 1), round(pulse, 1)


class ServoTracker:
    """The angle of each PWM output that drives a servo."""

    def __init__(self, hardware: "Hardware") -> None:
        self.hardware = hardware
        self._lock = threading.Lock()
        self.angles: dict[int, dict] = {}

    def changed(self, pin: int, freq: int, duty: float, name: str | None) -> None:
        found = servo_angle(freq, duty)
        with self._lock:
            before = self.angles.get(pin)
            if found is None:
                self.angles.pop(pin, None)
                return
            entry = {"name": name, "angle": found[0], "pulse_us": found[1]}
            self.angles[pin] = entry
        if before is None or before["angle"] != entry["angle"]:
            self.hardware.emit("servo", pin=pin, **entry)

    def state(self) -> dict:
        with self._lock:
            return {str(pin): dict(entry) for pin, entry in sorted(self.angles.items())}
