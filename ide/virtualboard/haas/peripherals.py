"""Devices wired to the virtual board's pins: found in board.json by their node names, or attached by hand.

A solution wires an HC-SR04 to nodes called "trig" and "echo", a sound sensor to "voice" or
"sound", an RFID reader to a UART called "rfid", the HaaS EDU K1's SH1106 OLED to "oled_spi"
with "oled_dc". For each boot the hub reads the board.json the program runs with and wires a model
to every group of nodes it recognises (`AUTO_MODELS`, each with a `find(io)` that returns its
pins); the control channel's `attach` adds a device on given pins that stays across boots.
Servos need no wiring: any PWM output at a servo's frame rate shows its horn angle.

The hub is called from `Hardware` at the few points where a device takes part: a pin written by
the board, a pin or ADC channel read, the environment changed from outside, a PWM output changed,
bytes written on an SPI bus. Models never call back into the board's VM; they change `Hardware`
state (inputs, UART receive buffers) and emit events.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ide.virtualboard.haas.hcsr04 import Hcsr04
from ide.virtualboard.haas.rfid import RfidReader
from ide.virtualboard.haas.servo import ServoTracker
from ide.virtualboard.haas.sh1106 import Sh1106
from ide.virtualboard.haas.sound import SoundSensor

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

AUTO_MODELS = (Hcsr04, SoundSensor, RfidReader, Sh1106)
MODELS = {cls.model: cls for cls in AUTO_MODELS}


def nodes_of(io: dict, kind: str, pattern: str, directions: Iterable[str] | None = None) -> list[tuple[str, dict]]:
    """(name, node) of the `kind` nodes whose name matches `pattern` (case-insensitive), with a
    numeric port and, for GPIO nodes, one of `directions`."""
    found = []
    for name, node in io.items():
        if not isinstance(node, dict) or node.get("type") != kind or not re.search(pattern, name, re.IGNORECASE):
            continue
        port = node.get("port")
        if not isinstance(port, int) or isinstance(port, bool):
            continue
        if directions is not None and node.get("dir", "output") not in directions:
            continue
        found.append((name, node))
    return found


class Peripherals:
    """The devices of one board: automatic ones for the current boot, attached ones for good."""

    def __init__(self, hardware: "Hardware") -> None:
        self.hardware = hardware
        self._lock = threading.RLock()
        self._seen: object = None            # the VM (one per boot) the automatic devices were made for
        self._auto: list[Any] = []
        self.attached: list[Any] = []
        self.servos = ServoTracker(hardware)

    # -- which devices -------------------------------------------------------------------------
    def devices(self) -> list[Any]:
        """Every device wired now (refreshed when the board has booted with a new board.json)."""
        fresh: list[Any] = []
        with self._lock:
            vm = self.hardware.board.vm
            if vm is not None and vm is not self._seen:
                self._seen = vm
                io = (vm.board_config or {}).get("io")
                self._auto = fresh = self._find(io if isinstance(io, dict) else {})
            devices = self._auto + self.attached
        for device in fresh:   # outside our lock: this takes the hardware's
            device.apply_environment()
        return devices

    def _find(self, io: dict) -> list[Any]:
        found = []
        for cls in AUTO_MODELS:
            found += [cls(self.hardware, **pins) for pins in cls.find(io)]
        return found

    def attach(self, model: str, pins: dict) -> Any:
        """Wire a device of `model` to the given pins (names or numbers), until the board closes."""
        cls = MODELS.get(str(model).lower())
        if cls is None:
            raise ValueError(f"unknown device {model!r}; known: {', '.join(sorted(MODELS))}")
        device = cls(self.hardware, **cls.pins_from(self.hardware, pins))
        with self._lock:
            self.attached.append(device)
        device.apply_environment()
        return device

    def named(self, model: str, name: str | None = None) -> Any:
        """The device of `model` (the one wired to node `name` when given), or ValueError."""
        candidates = [d for d in self.devices() if d.model == model and (name is None or name in d.names())]
        if not candidates:
            where = f" on node {name!r}" if name else ""
            raise ValueError(f"no {model} device{where} is wired to the board (see board.json, or attach one)")
        return candidates[0]

    # -- hooks from Hardware -------------------------------------------------------------------
    def pin_source(self, pin: int) -> Callable[[], int] | None:
        for device in self.devices():
            source = device.pin_source(pin)
            if source is not None:
                return source
        return None

    def pin_written(self, pin: int, value: int) -> None:
        for device in self.devices():
            device.pin_written(pin, value)

    def adc_read(self, port: int) -> None:
        self.devices()

    def environment_changed(self) -> None:
        for device in self.devices():
            device.apply_environment()

    def pwm_changed(self, pin: int, freq: int, duty: float, name: str | None) -> None:
        self.servos.changed(pin, freq, duty, name)

    def spi_write(self, port: int, data: bytes) -> None:
        for device in self.devices():
            device.spi_write(port, data)

    def state(self) -> list[dict]:
        return [device.state() for device in self.devices()]
