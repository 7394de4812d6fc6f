"""Host side of the firmware's pin-level device modules and the ESP32 chip modules.

`neopixel`, `onewire` / `_onewire` / `ds18x20`, `dht`, `esp` and `esp32` have MicroPython faces in
`engine/vmlib/`; their host calls reach the board's models (`haas/pin_devices.py`, the flash chip).
Every argument from the VM is checked here before a model sees it.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from ide.virtualboard.engine.bridge import Bridge, BridgeError
from ide.virtualboard.firmware_catalogue import offer
from ide.virtualboard.haas.onewire_bus import crc8
from ide.virtualboard.haas.pin_devices import pin_devices_of

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

MAX_PIN = 48
MAX_HEX = 64 * 1024


def checked_int(value: Any, low: int, high: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int")
    if not low <= value <= high:
        raise ValueError(f"{what} out of range")
    return value


def checked_bytes(text: Any) -> bytes:
    if not isinstance(text, str) or len(text) > MAX_HEX:
        raise ValueError("data too long")
    return bytes.fromhex(text)


def _pin(value: Any) -> int:
    return checked_int(value, 0, MAX_PIN, "pin")


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    offer(bridge, board, "board_neopixel", "neopixel")
    if offer(bridge, board, "board_onewire", "onewire"):
        bridge.module("board_onewire_bus", "_onewire")
    offer(bridge, board, "board_ds18x20", "ds18x20")
    offer(bridge, board, "board_dht", "dht")
    offer(bridge, board, "board_esp", "esp")
    offer(bridge, board, "board_esp32", "esp32")
    devices = pin_devices_of(board.hardware)
    bridge.add("neopixel", {"write": lambda pin, data, bpp, timing: _neopixel_write(devices, pin, data, bpp, timing)})
    bridge.add("onewire", {
        "reset": lambda pin: devices.onewire.reset(_pin(pin)),
        "read": lambda pin, count: _onewire_read(devices, pin, count),
        "write": lambda pin, value, count: _onewire_write(devices, pin, value, count),
        "crc8": lambda data: crc8(checked_bytes(data)),
    })
    bridge.add("dht", {"read": lambda pin, kind: _dht_read(devices, _pin(pin), kind)})
    _install_chip(bridge, board, devices)


def _neopixel_write(devices, pin: Any, data: Any, bpp: Any, timing: Any) -> None:
    devices.neopixels.write(_pin(pin), checked_bytes(data), checked_int(bpp, 3, 4, "bpp"),
                            checked_int(timing, 0, 1, "timing"))


def _onewire_read(devices, pin: Any, count: Any) -> int:
    bits = devices.onewire.read_bits(_pin(pin), checked_int(count, 1, 8, "bits"))
    return sum(bit << i for i, bit in enumerate(bits))


def _onewire_write(devices, pin: Any, value: Any, count: Any) -> None:
    value = checked_int(value, 0, 255, "value")
    devices.onewire.write_bits(_pin(pin), [(value >> i) & 1 for i in range(checked_int(count, 1, 8, "bits"))])


def _dht_read(devices, pin: int, kind: Any) -> str:
    frame = devices.dht.read(pin, kind if isinstance(kind, str) else None)
    if frame is None:
        raise OSError(errno.ETIMEDOUT, "no DHT sensor answers")
    return frame.hex()


def _install_chip(bridge: Bridge, board: "VirtualBoard", devices) -> None:
    flash = board.flash
    chip = devices.chip
    bridge.add("esp", {
        "flash_size": lambda: flash.size,
        "flash_read": lambda offset, length: _flash(lambda: flash.read(
            checked_int(offset, 0, flash.size, "offset"), checked_int(length, 0, MAX_HEX // 2, "length")).hex()),
        "flash_write": lambda offset, data: _flash(lambda: flash.program(
            checked_int(offset, 0, flash.size, "offset"), checked_bytes(data))),
        "flash_erase": lambda sector: _flash(lambda: flash.erase(
            checked_int(sector, 0, flash.size // 4096 - 1, "sector") * 4096, 4096)),
    })
    bridge.add("esp32", {
        "raw_temperature": chip.raw_temperature,
        "has_hall": lambda: board.personality.chip == "ESP32",
        "hall_sensor": lambda: chip.hall,
        "nvs_get": lambda namespace, key: chip.nvs_get(_name(namespace), _name(key)),
        "nvs_set": lambda namespace, key, value: chip.nvs_set(_name(namespace), _name(key), _nvs_value(value)),
        "nvs_erase": lambda namespace, key: chip.nvs_erase(_name(namespace), _name(key)),
    })


def _flash(operation):
    from ide.virtualboard.rom.flash import FlashError

    try:
        return operation()
    except FlashError:
        raise OSError(errno.EIO, "flash access out of range") from None


def _name(text: Any) -> str:
    if not isinstance(text, str) or not 0 < len(text) <= 15:
        raise BridgeError("ValueError", "NVS names are 1 to 15 characters")
    return text


def _nvs_value(value: Any) -> list:
    if not (isinstance(value, list) and len(value) == 2 and value[0] in ("i32", "blob")):
        raise ValueError("bad NVS value")
    if value[0] == "blob" and len(checked_bytes(value[1])) > 4000:
        raise BridgeError("OSError", "ENOSPC")
    return list(value)
