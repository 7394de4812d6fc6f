"""The virtual board's outside world: pin levels, analog inputs, sensors, radio, cloud.

`Hardware` lives as long as the board (soft resets keep it) and is shared by the `driver`,
`machine`, `network`, `aliyunIoT` modules of every boot and by observers outside the board. Board
code changes it through driver objects, which emit events (`pin`, `pwm`, `dac`, `uart`,
`display`, `servo`, `cloud`, `wifi`, `http`, `wdt`, `reset`); the outside changes it through the
methods below or the control channel (`handle`), which emit `pin` (dir "in"), `adc`,
`environment`, `rfid`, and board callbacks follow through `vm.post`. Devices wired to the
pins (HC-SR04, sound sensors, an RFID reader, the SH1106 OLED, servos) are models in their own
files, reached through `peripherals` at the few points below where they take part.

Pins are ESP32 GPIO numbers; ADC inputs are keyed by ADC1 channel (board.json's ADC `port`) and
hold raw 12-bit values; PWM duty is a percentage. Outside callers may name a pin or channel by its
board.json node name instead.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ide.virtualboard.haas.common import PWRON_RESET
from ide.virtualboard.haas.i2cdevices import DEFAULT_BUS, I2cDevice, make_device
from ide.virtualboard.haas.oledram import OledRam
from ide.virtualboard.haas.peripherals import Peripherals
from ide.virtualboard.haas.wireless import Cloud, Wifi

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

ADC_MAX = 4095
DEFAULT_ENVIRONMENT = {"temperature": 25.0, "humidity": 50.0, "lux": 300.0, "proximity": 0,
                       "ir": 0, "accel": [0.0, 0.0, 1.0], "gyro": [0.0, 0.0, 0.0],
                       "distance": 100.0, "sound": 40.0}   # cm to the obstacle ahead, loudness in dB


@dataclass
class PinState:
    mode: str = "unset"            # "in" or "out" once configured
    pull: str | None = None        # "pullup", "pulldown" or None
    driven: int | None = None      # level the board drives (outputs)
    external: int | None = None    # level the outside applies (inputs)
    name: str | None = None        # board.json node name, when opened through one

    @property
    def level(self) -> int:
        if self.mode == "out" and self.driven is not None:
            return self.driven
        if self.external is not None:
            return self.external
        return 1 if self.pull == "pullup" else 0


class Hardware:
    """Outside-world state of one virtual board, safe to use from any thread."""

    def __init__(self, board: "VirtualBoard") -> None:
        self.board = board
        self._lock = threading.RLock()
        self._pins: dict[int, PinState] = {}
        self._watchers: dict[int, list[Callable[[int, int], None]]] = {}
        self.adc: dict[int, int] = {}
        self.dac: dict[int, int] = {}
        self.pwm: dict[int, dict] = {}
        self.environment: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v)
                                            for k, v in DEFAULT_ENVIRONMENT.items()}
        self.i2c: dict[int, dict[int, I2cDevice]] = {bus: {} for bus in (0, 1)}
        for bus in self.i2c:
            for addr, model in DEFAULT_BUS:
                self.attach_i2c(bus, addr, model)
        self._uart_rx: dict[int, bytearray] = {}
        self._uart_watchers: dict[int, list[Callable[[], None]]] = {}
        self.wifi = Wifi(self.emit)
        self.cloud = Cloud(self.emit)
        self.reset_cause = PWRON_RESET
        self.peripherals = Peripherals(self)

    def emit(self, kind: str, **data: Any) -> None:
        self.board.events.emit(kind, **data)

    # -- names -------------------------------------------------------------------------------
    def node(self, name: str, kinds: tuple[str, ...] = ("GPIO",)) -> dict:
        """The board.json node `name` of the current boot (for outside callers that name pins)."""
        vm = self.board.vm
        config = (vm.board_config if vm is not None else self.board.read_board_json()) or {}
        node = (config.get("io") or {}).get(name)
        if not isinstance(node, dict) or node.get("type") not in kinds:
            raise ValueError(f"no {'/'.join(kinds)} node named {name!r} in board.json")
        return node

    def node_name(self, kind: str, port: int) -> str | None:
        """The name of the board.json node of type `kind` on `port`, if any."""
        vm = self.board.vm
        config = (vm.board_config if vm is not None else None) or {}
        for name, node in (config.get("io") or {}).items():
            if isinstance(node, dict) and node.get("type") == kind and node.get("port") == port:
                return name
        return None

    def _port(self, ref: int | str, kinds: tuple[str, ...]) -> int:
        if isinstance(ref, str):
            return int(self.node(ref, kinds)["port"])
        return int(ref)

    # -- digital pins ------------------------------------------------------------------------
    def _pin(self, pin: int) -> PinState:
        return self._pins.setdefault(pin, PinState())

    def configure_pin(self, pin: int, mode: str, pull: str | None = None, name: str | None = None) -> None:
        with self._lock:
            state = self._pin(pin)
            state.mode, state.pull = mode, pull
            state.name = name or state.name or self.node_name("GPIO", pin)

    def write_pin(self, pin: int, value: int, name: str | None = None) -> None:
        """The board drives a pin; a "pin" event reports every change of an output's level.

        Writing to a pin configured as an input only sets its output latch, as on ESP32."""
        value = 1 if value else 0
        with self._lock:
            state = self._pin(pin)
            if state.mode == "unset":
                state.mode = "out"
            changed = state.driven != value and state.mode == "out"
            state.driven = value
            state.name = name or state.name or self.node_name("GPIO", pin)
            name = state.name
        if changed:
            self.emit("pin", name=name, pin=pin, value=value, dir="out")
        self.peripherals.pin_written(pin, value)

    def read_pin(self, pin: int) -> int:
        source = self.peripherals.pin_source(pin)   # a device driving this input (HC-SR04 echo)
        if source is not None:
            return source()
        with self._lock:
            return self._pin(pin).level

    def set_input(self, pin: int | str, value: int) -> int:
        """The outside drives a pin: interrupt watchers see the edge. Returns the pin number."""
        pin = self._port(pin, ("GPIO",))
        with self._lock:
            state = self._pin(pin)
            before = state.level
            state.external = 1 if value else 0
            after = state.level
            watchers = list(self._watchers.get(pin, ()))
            name = state.name or self.node_name("GPIO", pin)
        self.emit("pin", name=name, pin=pin, value=after, dir="in")
        if before != after:
            for watcher in watchers:
                watcher(before, after)
        return pin

    def watch_pin(self, pin: int, callback: Callable[[int, int], None]) -> Callable[[], None]:
        """Call `callback(old, new)` (on the outside's thread) when the input level changes."""
        with self._lock:
            self._watchers.setdefault(pin, []).append(callback)
        return lambda: self._unwatch(self._watchers, pin, callback)

    def _unwatch(self, table: dict, key: int, callback: Callable) -> None:
        with self._lock:
            if callback in table.get(key, ()):
                table[key].remove(callback)

    # -- analog, PWM -------------------------------------------------------------------------
    def set_adc(self, port: int | str, raw: int) -> int:
        """Put a raw 12-bit reading (0..4095) on ADC1 channel `port`."""
        port = self._port(port, ("ADC",))
        raw = max(0, min(ADC_MAX, int(raw)))
        with self._lock:
            self.adc[port] = raw
        self.emit("adc", name=self.node_name("ADC", port), port=port, raw=raw)
        return port

    def read_adc(self, port: int) -> int:
        self.peripherals.adc_read(port)
        with self._lock:
            return self.adc.get(port, 0)

    def set_dac(self, port: int, millivolts: int, name: str | None = None) -> None:
        with self._lock:
            self.dac[port] = int(millivolts)
        self.emit("dac", name=name or self.node_name("DAC", port), port=port, mv=int(millivolts))

    def set_pwm(self, pin: int, freq: int, duty: float, name: str | None = None) -> None:
        """The board changes a PWM output (duty in percent); emits "pwm" when something changed."""
        entry = {"freq": int(freq), "duty": duty}
        with self._lock:
            changed = self.pwm.get(pin) != entry
            self.pwm[pin] = entry
        if changed:
            name = name or self.node_name("PWM", pin)
            self.emit("pwm", name=name, pin=pin, **entry)
            self.peripherals.pwm_changed(pin, entry["freq"], duty, name)

    def stop_pwm(self, pin: int, name: str | None = None) -> None:
        with self._lock:
            had = self.pwm.pop(pin, None) is not None
        if had:
            self.emit("pwm", name=name or self.node_name("PWM", pin), pin=pin, freq=0, duty=0)
            self.peripherals.pwm_changed(pin, 0, 0, name)

    # -- sensors and I2C ---------------------------------------------------------------------
    def set_environment(self, **values: Any) -> dict:
        """Change what the simulated sensors measure (temperature °C, humidity %RH, lux, ...)."""
        unknown = set(values) - set(DEFAULT_ENVIRONMENT)
        if unknown:
            raise ValueError(f"unknown environment keys: {', '.join(sorted(unknown))}")
        with self._lock:
            for key, value in values.items():
                self.environment[key] = [float(v) for v in value][:3] if key in ("accel", "gyro") else float(value)
            current = dict(self.environment)
        self.emit("environment", **current)
        self.peripherals.environment_changed()
        return current

    def attach_i2c(self, bus: int, addr: int, model: str) -> I2cDevice:
        device = make_device(self, model)
        device.location = (bus, addr)
        with self._lock:
            self.i2c.setdefault(bus, {})[addr] = device
        return device

    def detach_i2c(self, bus: int, addr: int) -> bool:
        with self._lock:
            return self.i2c.get(bus, {}).pop(addr, None) is not None

    def i2c_device(self, bus: int, addr: int) -> I2cDevice | None:
        with self._lock:
            return self.i2c.get(bus, {}).get(addr)

    def i2c_scan(self, bus: int) -> list[int]:
        with self._lock:
            return sorted(self.i2c.get(bus, {}))

    def displays(self) -> list[OledRam]:
        """Every display the board can draw on: SSD1306s on the I2C buses, SPI OLEDs wired up."""
        with self._lock:
            on_i2c = [d for devices in self.i2c.values() for d in devices.values() if isinstance(d, OledRam)]
        return on_i2c + [d for d in self.peripherals.devices() if isinstance(d, OledRam)]

    # -- SPI -----------------------------------------------------------------------------------
    def spi_write(self, port: int, data: bytes) -> None:
        """The board wrote `data` on SPI bus `port` (the devices wired to it see the bytes)."""
        self.peripherals.spi_write(port, bytes(data))

    def spi_read(self, port: int, size: int) -> bytes:
        """What the board reads on SPI bus `port`: MISO is pulled high, no wired device answers."""
        return b"\xff" * size

    # -- peripheral UARTs --------------------------------------------------------------------
    def uart_write(self, port: int, data: bytes, name: str | None = None) -> None:
        self.emit("uart", name=name or self.node_name("UART", port), port=port,
                  data=data.decode("utf-8", "replace"), hex=data.hex())

    def uart_input(self, port: int | str, data: bytes) -> int:
        """Bytes arriving on a peripheral UART's RX pin; wakes `on()` callbacks."""
        port = self._port(port, ("UART",))
        with self._lock:
            self._uart_rx.setdefault(port, bytearray()).extend(data)
            watchers = list(self._uart_watchers.get(port, ()))
        for watcher in watchers:
            watcher()
        return port

    def uart_read(self, port: int, size: int) -> bytes:
        with self._lock:
            buffer = self._uart_rx.setdefault(port, bytearray())
            data = bytes(buffer[:size])
            del buffer[:size]
            return data

    def uart_any(self, port: int) -> int:
        with self._lock:
            return len(self._uart_rx.get(port, b""))

    def watch_uart(self, port: int, callback: Callable[[], None]) -> Callable[[], None]:
        with self._lock:
            self._uart_watchers.setdefault(port, []).append(callback)
        return lambda: self._unwatch(self._uart_watchers, port, callback)

    # -- cloud, Wi-Fi, resets ----------------------------------------------------------------
    def inject_props(self, params: dict) -> int:
        """The cloud sets properties; returns how many connected devices will see ON_PROPS."""
        if not isinstance(params, dict):
            raise ValueError("params must be an object")
        return self.cloud.inject_props(params)

    @property
    def access_points(self) -> list:
        return self.wifi.access_points

    def request_reset(self, cause: int, reason: str) -> None:
        """Record a reset the board asked for (machine.reset, watchdog) and tell observers.

        A watchdog reboots the board here (`request_hard_reset`); machine.reset() does it itself."""
        self.reset_cause = cause
        self.emit("reset", reason=reason)
        hook = getattr(self.board, "request_hard_reset", None)
        if reason == "wdt" and callable(hook):
            hook(reason)

    # -- observers ---------------------------------------------------------------------------
    def snapshot(self) -> dict:
        """All outside-visible state, JSON-ready."""
        servos, wired = self.peripherals.servos.state(), self.peripherals.state()   # before our lock
        with self._lock:
            pins = {str(p): {"value": s.level, "mode": s.mode, "pull": s.pull, "name": s.name}
                    for p, s in sorted(self._pins.items())}
            return {
                "pins": pins, "adc": {str(k): v for k, v in sorted(self.adc.items())},
                "dac": {str(k): v for k, v in sorted(self.dac.items())},
                "pwm": {str(k): dict(v) for k, v in sorted(self.pwm.items())},
                "environment": dict(self.environment),
                "i2c": {str(bus): [{"addr": a, **d.state()} for a, d in sorted(devs.items())]
                        for bus, devs in sorted(self.i2c.items())},
                "uart_rx": {str(k): len(v) for k, v in self._uart_rx.items()},
                "servos": servos, "peripherals": wired,
                "wifi": self.wifi.snapshot(), "cloud": self.cloud.snapshot(), "reset_cause": self.reset_cause,
            }

    def handle(self, command: dict) -> dict:
        """Run one control-channel command (see `ide.virtualboard.haas.commands`); never raises."""
        from ide.virtualboard.haas.commands import dispatch

        return dispatch(self, command)
