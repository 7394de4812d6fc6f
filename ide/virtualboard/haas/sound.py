"""Sound and noise sensor modules (microphone boards such as the HW-181 / KY-037): an analog output
that follows the loudness and a digital output that goes high above the module's threshold.

The loudness is the environment's "sound" in dB, set from the panel or the control channel. The
analog output is modelled as 37.5 mV per dB above 20 dB (a quiet room, 40 dB, reads 750 mV; a
shout, 80 dB, 2250 mV), the digital one switches at 70 dB (the module's potentiometer). A node
whose name says sound, voice, noise, mic or decibel is wired to a sensor: an ADC node to its
analog output, a GPIO input node to its digital output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ide.virtualboard.haas.wired import WiredDevice

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

NAMES = r"sound|voice|noise|mic|decibel|hw181"
MV_PER_DB = 37.5
QUIET_DB = 20.0
FULL_SCALE_MV = 3300
DIGITAL_THRESHOLD_DB = 70.0


def analog_mv(level_db: float) -> int:
    return int(max(0.0, min(FULL_SCALE_MV, (level_db - QUIET_DB) * MV_PER_DB)))


class SoundSensor(WiredDevice):
    model = "sound"
    PINS = ("adc", "pin")

    def __init__(self, hardware: "Hardware", adc: int | None = None, pin: int | None = None,
                 names: Iterable[str] = ()) -> None:
        super().__init__(hardware, names)
        self.adc, self.pin = adc, pin

    @classmethod
    def find(cls, io: dict) -> Iterable[dict]:
        from ide.virtualboard.haas.peripherals import nodes_of

        for name, node in nodes_of(io, "ADC", NAMES):
            yield {"adc": node["port"], "names": (name,)}
        for name, node in nodes_of(io, "GPIO", NAMES, ("input", "irq")):
            yield {"pin": node["port"], "names": (name,)}

    @classmethod
    def required(cls) -> tuple[str, ...]:
        return ()

    @property
    def level_db(self) -> float:
        return float(self.hardware.environment.get("sound", QUIET_DB))

    def apply_environment(self) -> None:
        level = self.level_db
        if self.adc is not None:
            self.hardware.set_adc(self.adc, round(analog_mv(level) * 4095 / FULL_SCALE_MV))
        if self.pin is not None:
            self.hardware.set_input(self.pin, 1 if level >= DIGITAL_THRESHOLD_DB else 0)

    def state(self) -> dict:
        return {**super().state(), "level_db": self.level_db, "mv": analog_mv(self.level_db)}
