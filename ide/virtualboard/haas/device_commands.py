"""Control-channel commands for the devices in `pin_devices.py` (merged into `commands.COMMANDS`):

    devices                                                    -> {"devices": {...}} (all their state)
    neopixel       {"pin": 4}                                  -> {"pixels": [[r, g, b], ...]}
    onewire_attach {"pin": 4, "rom": "28..."(optional), "temperature": 21.5 (optional)} -> {"rom": "28..."}
    onewire_set    {"pin": 4, "temperature": 30.0 | null, "rom": "28..." (optional)}  -> {"sensors": 1}
    onewire_detach {"pin": 4, "rom": "28..." (optional: all)} -> {"removed": 1}
    dht_set        {"pin": 5, "model": "dht11" | "dht22", "temperature": 20.5, "humidity": 40} -> {"dht": {...}}
    dht_detach     {"pin": 5}                                  -> {"removed": true}
    modbus_slave   {"port": 2, "address": 1, "holding": {"0": 123}, "input": {...}, "coils": {...},
                    "discrete": {...}}                         -> {"slave": {...}}
    modbus_detach  {"port": 2, "address": 1}                   -> {"removed": true}
    chip           {"hall": 42}                                -> {"chip": {...}}

A temperature or humidity of null makes the sensor follow the board's environment again.
Events they cause: "neopixel", "onewire", "dht", "modbus", "chip".
"""

from __future__ import annotations

from typing import Any, Callable

from ide.virtualboard.haas.pin_devices import pin_devices_of


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _devices(hw, cmd: dict) -> dict:
    return {"devices": pin_devices_of(hw).snapshot()}


def _neopixel(hw, cmd: dict) -> dict:
    strip = pin_devices_of(hw).neopixels.snapshot().get(str(int(cmd["pin"])))
    if strip is None:
        raise ValueError("no NeoPixel strip has been written on that pin")
    return {"pixels": strip["pixels"]}


def _onewire_attach(hw, cmd: dict) -> dict:
    sensor = pin_devices_of(hw).onewire.attach(int(cmd["pin"]), cmd.get("rom"), _number(cmd.get("temperature")))
    return {"rom": sensor.rom.hex()}


def _onewire_set(hw, cmd: dict) -> dict:
    return {"sensors": pin_devices_of(hw).onewire.set_temperature(int(cmd["pin"]), _number(cmd["temperature"]),
                                                                    cmd.get("rom"))}


def _onewire_detach(hw, cmd: dict) -> dict:
    return {"removed": pin_devices_of(hw).onewire.detach(int(cmd["pin"]), cmd.get("rom"))}


def _dht_set(hw, cmd: dict) -> dict:
    sensor = pin_devices_of(hw).dht.attach(int(cmd["pin"]), str(cmd.get("model", "dht22")),
                                           _number(cmd.get("temperature")), _number(cmd.get("humidity")))
    return {"dht": sensor.state()}


def _dht_detach(hw, cmd: dict) -> dict:
    return {"removed": pin_devices_of(hw).dht.detach(int(cmd["pin"]))}


def _modbus_slave(hw, cmd: dict) -> dict:
    values = {key: cmd[key] for key in ("coils", "discrete", "holding", "input") if key in cmd}
    if not all(isinstance(v, dict) for v in values.values()):
        raise ValueError("register values are objects: {\"0\": 123}")
    slave = pin_devices_of(hw).modbus.set_values(int(cmd["port"]), int(cmd["address"]), values)
    return {"slave": slave.state()}


def _modbus_detach(hw, cmd: dict) -> dict:
    return {"removed": pin_devices_of(hw).modbus.detach(int(cmd["port"]), int(cmd["address"]))}


def _chip(hw, cmd: dict) -> dict:
    chip = pin_devices_of(hw).chip
    if "hall" in cmd:
        chip.set_hall(int(cmd["hall"]))
    return {"chip": chip.snapshot()}


DEVICE_COMMANDS: dict[str, Callable[[Any, dict], dict]] = {
    "devices": _devices, "neopixel": _neopixel, "onewire_attach": _onewire_attach, "onewire_set": _onewire_set,
    "onewire_detach": _onewire_detach, "dht_set": _dht_set, "dht_detach": _dht_detach,
    "modbus_slave": _modbus_slave, "modbus_detach": _modbus_detach, "chip": _chip,
}
