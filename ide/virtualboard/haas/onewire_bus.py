"""1-Wire buses on the virtual board's pins, with DS18B20 temperature sensors, at bit level.

The master (board code through `_onewire`) resets the bus and reads and writes time slots; every
device on the bus sees each slot, and a read slot returns the wired-AND of what the devices drive,
so ROM search over several sensors works as on real wires. A DS18B20 follows its datasheet:
ROM commands (Search F0, Read 33, Match 55, Skip CC, Alarm search EC), Convert T (44, taking 94 to
750 ms by resolution; read slots show 0 while it converts), Read/Write/Copy Scratchpad (BE/4E/48),
Recall E2 (B8), Read Power Supply (B4); its temperature register holds +85 °C until the first
conversion, with 9- to 12-bit resolution. Its temperature follows the board's environment unless
the control channel set one. A pin the program resets with no bus on it gets one DS18B20.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

FAMILY_DS18B20 = 0x28
CONVERSION_SECONDS = {9: 0.09375, 10: 0.1875, 11: 0.375, 12: 0.75}
POWER_ON_TEMPERATURE = 85.0


def crc8(data: bytes) -> int:
    """Dallas/Maxim CRC-8 (x^8 + x^5 + x^4 + 1, reflected), as ROM codes and scratchpads carry."""
    crc = 0
    for byte in data:
        for _ in range(8):
            mix = (crc ^ byte) & 1
            crc >>= 1
            if mix:
                crc ^= 0x8C
            byte >>= 1
    return crc


def rom_code(serial: int, family: int = FAMILY_DS18B20) -> bytes:
    body = bytes([family]) + serial.to_bytes(6, "little")
    return body + bytes([crc8(body)])


class Ds18b20:
    """One sensor: its ROM code, scratchpad and the bits it is sending or waiting for."""

    def __init__(self, rom: bytes, environment: dict, temperature: float | None = None) -> None:
        self.rom = rom
        self.environment = environment
        self.temperature = temperature  # None: the board's environment
        self.th, self.tl, self.config = 0x4B, 0x46, 0x7F
        self.eeprom = (self.th, self.tl, self.config)
        self.register = self._encode(POWER_ON_TEMPERATURE)
        self.converting_until = 0.0
        self.reset()

    # -- the bus -----------------------------------------------------------------------------
    def reset(self) -> None:
        self.mode = "rom"            # what the next written bits are: a ROM command
        self.bits_in: list[int] = []
        self.bits_out: list[int] = []
        self.after_send = "idle"     # the mode once bits_out is sent
        self.search_step = 0

    def write_slot(self, bit: int) -> None:
        if self.mode == "search":
            self._search_direction(bit)
            return
        if self.mode in ("idle", "convert", "send"):
            return
        self.bits_in.append(bit)
        if self.mode == "match" and len(self.bits_in) == 64:
            self.mode = "function" if _bits_to_bytes(self.bits_in) == self.rom else "idle"
            self.bits_in = []
        elif self.mode in ("rom", "function") and len(self.bits_in) == 8:
            command = _bits_to_bytes(self.bits_in)[0]
            self.bits_in = []
            (self._rom_command if self.mode == "rom" else self._function_command)(command)
        elif self.mode == "scratch_in" and len(self.bits_in) == 24:
            self.th, self.tl, config = _bits_to_bytes(self.bits_in)
            self.config = (config & 0x60) | 0x1F
            self.mode = "idle"

    def read_slot(self) -> int:
        if self.mode == "search":
            return self._search_bit()
        if self.mode == "convert":
            return 1 if time.monotonic() >= self.converting_until else 0
        if self.mode == "power":
            return 1
        if self.mode == "send" and self.bits_out:
            bit = self.bits_out.pop(0)
            if not self.bits_out:
                self.mode = self.after_send
            return bit
        return 1

    # -- commands ----------------------------------------------------------------------------
    def _rom_command(self, command: int) -> None:
        if command == 0xF0 or (command == 0xEC and self._alarm()):
            self.mode, self.search_step = "search", 0
        elif command == 0x33:
            self._send(self.rom, after="function")
        elif command == 0x55:
            self.mode = "match"
        elif command == 0xCC:
            self.mode = "function"
        else:
            self.mode = "idle"

    def _function_command(self, command: int) -> None:
        if command == 0x44:
            self.register = self._encode(self._celsius())
            self.converting_until = time.monotonic() + CONVERSION_SECONDS[self.resolution]
            self.mode = "convert"
        elif command == 0xBE:
            self._send(self.scratchpad())
        elif command == 0x4E:
            self.mode = "scratch_in"
        elif command == 0x48:
            self.eeprom = (self.th, self.tl, self.config)
            self.mode = "idle"
        elif command == 0xB8:
            self.th, self.tl, self.config = self.eeprom
            self.mode = "idle"
        elif command == 0xB4:
            self.mode = "power"
        else:
            self.mode = "idle"

    def _send(self, data: bytes, after: str = "idle") -> None:
        self.bits_out = [(byte >> i) & 1 for byte in data for i in range(8)]
        self.mode, self.after_send = "send", after

    def _search_bit(self) -> int:
        bit = (self.rom[self.search_step // 3 // 8] >> (self.search_step // 3 % 8)) & 1
        phase = self.search_step % 3
        self.search_step += 1
        return bit if phase == 0 else 1 - bit

    def _search_direction(self, direction: int) -> None:
        position = self.search_step // 3
        bit = (self.rom[position // 8] >> (position % 8)) & 1
        self.search_step += 1
        if direction != bit:
            self.mode = "idle"
        elif position == 63:
            self.mode = "function"

    # -- temperature -------------------------------------------------------------------------
    @property
    def resolution(self) -> int:
        return 9 + ((self.config >> 5) & 3)

    def _celsius(self) -> float:
        return float(self.environment["temperature"] if self.temperature is None else self.temperature)

    def _encode(self, celsius: float) -> int:
        celsius = max(-55.0, min(125.0, celsius))
        raw = int(round(celsius * 16)) & 0xFFFF
        drop = 12 - self.resolution
        return raw & ~((1 << drop) - 1) & 0xFFFF

    def _alarm(self) -> bool:
        value = self.register - 0x10000 if self.register & 0x8000 else self.register
        th = self.th - 256 if self.th & 0x80 else self.th
        tl = self.tl - 256 if self.tl & 0x80 else self.tl
        return value // 16 >= th or value // 16 <= tl

    def scratchpad(self) -> bytes:
        body = bytes([self.register & 0xFF, self.register >> 8, self.th, self.tl, self.config, 0xFF, 0x0C, 0x10])
        return body + bytes([crc8(body)])

    def state(self) -> dict:
        return {"rom": self.rom.hex(), "temperature": self.temperature, "resolution": self.resolution}


def _bits_to_bytes(bits: list[int]) -> bytes:
    return bytes(sum(bits[i + j] << j for j in range(8)) for i in range(0, len(bits), 8))


class OneWireBuses:
    """The 1-Wire buses by pin, each a list of DS18B20s."""

    def __init__(self, hardware: "Hardware") -> None:
        self._hardware = hardware
        self._lock = threading.RLock()
        self.buses: dict[int, list[Ds18b20]] = {}
        self._next_serial = 0x0000_0A1B_2C3D

    def _bus(self, pin: int) -> list[Ds18b20]:
        bus = self.buses.get(pin)
        if bus is None:  # first use of a pin: one sensor is wired there
            bus = self.buses[pin] = []
            self._add(bus, None, None)
        return bus

    def _add(self, bus: list[Ds18b20], rom: bytes | None, temperature: float | None) -> Ds18b20:
        if rom is None:
            rom = rom_code(self._next_serial)
            self._next_serial += 0x0101
        sensor = Ds18b20(rom, self._hardware.environment, temperature)
        bus[:] = [s for s in bus if s.rom != rom] + [sensor]
        return sensor

    # -- the master's time slots --------------------------------------------------------------
    def reset(self, pin: int) -> bool:
        with self._lock:
            new = pin not in self.buses
            bus = self._bus(pin)
            for device in bus:
                device.reset()
        if new:  # the sensor wired on first use shows up for observers
            for sensor in bus:
                self._hardware.emit("onewire", pin=pin, **sensor.state())
        return bool(bus)

    def write_bits(self, pin: int, bits: list[int]) -> None:
        with self._lock:
            bus = self._bus(pin)
            for bit in bits:
                for device in bus:
                    device.write_slot(1 if bit else 0)

    def read_bits(self, pin: int, count: int) -> list[int]:
        with self._lock:
            bus = self._bus(pin)
            bits = []
            for _ in range(count):
                level = 1
                for device in bus:
                    level &= device.read_slot()
                bits.append(level)
            return bits

    # -- the outside -------------------------------------------------------------------------
    def attach(self, pin: int, rom: str | None = None, temperature: float | None = None) -> Ds18b20:
        code = None
        if rom is not None:
            code = bytes.fromhex(rom)
            if len(code) != 8 or crc8(code[:7]) != code[7]:
                raise ValueError("rom must be 8 bytes in hex with a valid CRC-8 last")
        with self._lock:
            bus = self.buses.setdefault(pin, [])
            sensor = self._add(bus, code, temperature)
        self._hardware.emit("onewire", pin=pin, **sensor.state())
        return sensor

    def set_temperature(self, pin: int, temperature: float | None, rom: str | None = None) -> int:
        """Set the temperature of the sensors on `pin` (one, by `rom`); returns how many."""
        with self._lock:
            sensors = [s for s in self._bus(pin) if rom is None or s.rom.hex() == rom.lower()]
            for sensor in sensors:
                sensor.temperature = None if temperature is None else float(temperature)
        for sensor in sensors:
            self._hardware.emit("onewire", pin=pin, **sensor.state())
        return len(sensors)

    def detach(self, pin: int, rom: str | None = None) -> int:
        with self._lock:
            bus = self.buses.setdefault(pin, [])
            kept = [s for s in bus if rom is not None and s.rom.hex() != rom.lower()]
            removed = len(bus) - len(kept)
            bus[:] = kept
            return removed

    def snapshot(self) -> dict:
        with self._lock:
            return {str(pin): [s.state() for s in bus] for pin, bus in sorted(self.buses.items())}

