"""HC-SR04 ultrasonic distance sensor: a pulse on TRIG, an ECHO pulse as long as the sound's round trip.

When the board pulls TRIG low after holding it high (the datasheet asks for at least 10 µs), the
module sends its burst; ECHO goes high 0.25 ms later and stays high for the time sound needs to
reach the obstacle and come back (58 µs per centimetre), or 38 ms when nothing is within 4 m.
The distance is the environment's "distance" in centimetres, set from the panel or the control
channel. Board code reads ECHO by polling the pin, so timing follows the host's clock; the pulse
starts when the board first sees ECHO high, so a pause of the host (another process on the CPU)
before that moment does not shorten the pulse the program measures.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, Iterable

from ide.virtualboard.haas.wired import WiredDevice

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

SOUND_CM_PER_S = 34300.0
ECHO_DELAY_S = 0.00025
NO_ECHO_S = 0.038
MAX_CM = 400.0


def echo_seconds(distance_cm: float) -> float:
    """How long ECHO stays high for an obstacle at `distance_cm` (38 ms: nothing in range)."""
    if distance_cm <= 0 or distance_cm > MAX_CM:
        return NO_ECHO_S
    return 2 * distance_cm / SOUND_CM_PER_S


class Hcsr04(WiredDevice):
    model = "hcsr04"
    PINS = ("trig", "echo")

    def __init__(self, hardware: "Hardware", trig: int, echo: int, names: Iterable[str] = ()) -> None:
        super().__init__(hardware, names)
        self.trig, self.echo = trig, echo
        self._trig_level = 0
        self._fired: float | None = None
        self._rose: float | None = None  # when the board first read ECHO high
        self.measurements = 0

    @classmethod
    def find(cls, io: dict) -> Iterable[dict]:
        from ide.virtualboard.haas.peripherals import nodes_of

        trigs = nodes_of(io, "GPIO", r"trig", ("output",))
        echoes = nodes_of(io, "GPIO", r"echo", ("input", "irq"))
        for (trig_name, trig), (echo_name, echo) in zip(trigs, echoes):
            yield {"trig": trig["port"], "echo": echo["port"], "names": (trig_name, echo_name)}

    @property
    def distance_cm(self) -> float:
        return float(self.hardware.environment.get("distance", 0.0))

    def pin_written(self, pin: int, value: int) -> None:
        if pin != self.trig:
            return
        if self._trig_level and not value:
            self._fired = time.monotonic()
            self._rose = None
            self.measurements += 1
        self._trig_level = value

    def pin_source(self, pin: int) -> Callable[[], int] | None:
        return self._echo_level if pin == self.echo else None

    def _echo_level(self) -> int:
        if self._fired is None:
            return 0
        now = time.monotonic()
        if self._rose is None:
            if now - self._fired < ECHO_DELAY_S:
                return 0
            self._rose = now
        return 1 if now - self._rose < echo_seconds(self.distance_cm) else 0

    def state(self) -> dict:
        return {**super().state(), "distance_cm": self.distance_cm, "measurements": self.measurements}
