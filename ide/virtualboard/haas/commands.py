"""Control-channel commands: JSON objects in, JSON objects out, applied to a board's `Hardware`.

A command is `{"cmd": NAME, "id": ANY, ...arguments}`; the reply is `{"id": ID, "ok": true,
...result}` or `{"id": ID, "ok": false, "error": TEXT}`. Pins, ADC channels and UART ports may be
given as numbers or as board.json node names. Commands:

    ping                                        -> {}
    snapshot                                    -> {"state": {...}}  (Hardware.snapshot())
    set_input      {"pin": 4 | "ir", "value": 1}             -> {"pin": 4}
    set_adc        {"port": 0 | "mq2", "value": 2048}  or {"mv": 1650}  -> {"port": 0, "raw": 2048}
    set_environment {"temperature": 30.5, "humidity": 60, "lux": 120, "proximity": 0, "ir": 0,
                     "accel": [x, y, z] (g), "gyro": [x, y, z] (deg/s),
                     "distance": 25 (cm, HC-SR04), "sound": 65 (dB, sound sensors)} -> {"environment": {...}}
    inject_props   {"params": {"ledSwitch": 1}}              -> {"delivered": 1}
    inject_service {"service_id": "id", "params": {...}}     -> {"delivered": 1}
    inject_message {"topic": "/pk/dn/user/get", "payload": "text"} -> {"delivered": 1}
    cloud          {"reachable": false}                      -> {"cloud": {...}}
    cloud_drop                                               -> {"delivered": 1}
    wifi           {"accept_unknown": false, "join_delay": 0.1} -> {"wifi": {...}}
    wifi_add_ap    {"ssid": "Home", "password": "secret" | null, "rssi": -50, "channel": 1} -> {"wifi": {...}}
    wifi_remove_ap {"ssid": "Home"}                          -> {"removed": true}
    wifi_drop                                                -> {"wifi": {...}}
    uart_input     {"port": 2 | "gps", "data": "text"} or {"hex": "0a0b"}  -> {"port": 2}
    i2c_attach     {"bus": 0, "addr": 68, "model": "sht3x"}  -> {"devices": [68, ...]}
    i2c_detach     {"bus": 0, "addr": 68}                    -> {"removed": true}
    display        {"bus": 0, "addr": 60} or {"key": "spi1"} or {"name": "oled_spi"}
                                                             -> {"on": true, "width": 128, "height": 64,
                                                                 "model": "SSD1306", "rows": ["#  #...", ...]}
    peripherals                                              -> {"peripherals": [{"model": "hcsr04", ...}],
                                                                 "servos": {"27": {"angle": 90.0, ...}}}
    attach         {"model": "hcsr04", "trig": 25, "echo": "echo"} | {"model": "sound", "adc": 6, "pin": 4}
                   | {"model": "rfid", "uart": 2} | {"model": "sh1106", "spi": 1, "dc": 28}
                                                             -> {"device": {...}}
    rfid           {"card": "0A1B2C3D4E", "name": "rfid" (optional)} -> {"port": 1, "frame": "02..03"}

Devices are wired to board.json nodes by name (see `peripherals.py`) or by `attach`; servos are
recognised on any PWM output at a servo's frame rate.
"""

from __future__ import annotations

from typing import Any, Callable

from ide.virtualboard.haas.device_commands import DEVICE_COMMANDS
from ide.virtualboard.haas.hardware import ADC_MAX, Hardware
from ide.virtualboard.haas.oledram import OledRam

ADC_FULL_SCALE_MV = 3300


def dispatch(hardware: Hardware, command: Any) -> dict:
    """Run `command`; errors become `{"ok": false, "error": ...}`."""
    if not isinstance(command, dict):
        return {"ok": False, "error": "a command must be a JSON object"}
    reply: dict[str, Any] = {"id": command["id"]} if "id" in command else {}
    handler = COMMANDS.get(command.get("cmd"))
    if handler is None:
        return {**reply, "ok": False, "error": f"unknown command {command.get('cmd')!r}; "
                                               f"known: {', '.join(sorted(COMMANDS))}"}
    try:
        return {**reply, "ok": True, **handler(hardware, command)}
    except KeyError as exc:
        return {**reply, "ok": False, "error": f"missing argument {exc.args[0]!r}"}
    except (ValueError, TypeError) as exc:
        return {**reply, "ok": False, "error": str(exc)}


def _ping(hw: Hardware, cmd: dict) -> dict:
    return {}


def _snapshot(hw: Hardware, cmd: dict) -> dict:
    return {"state": hw.snapshot()}


def _set_input(hw: Hardware, cmd: dict) -> dict:
    return {"pin": hw.set_input(cmd["pin"], int(cmd["value"]))}


def _set_adc(hw: Hardware, cmd: dict) -> dict:
    raw = int(cmd["value"]) if "value" in cmd else round(float(cmd["mv"]) * ADC_MAX / ADC_FULL_SCALE_MV)
    port = hw.set_adc(cmd["port"], raw)
    return {"port": port, "raw": hw.read_adc(port)}


def _set_environment(hw: Hardware, cmd: dict) -> dict:
    values = {k: v for k, v in cmd.items() if k not in ("cmd", "id")}
    return {"environment": hw.set_environment(**values)}


def _inject_props(hw: Hardware, cmd: dict) -> dict:
    return {"delivered": hw.inject_props(cmd["params"])}


def _inject_service(hw: Hardware, cmd: dict) -> dict:
    return {"delivered": hw.cloud.inject_service(str(cmd["service_id"]), dict(cmd.get("params") or {}))}


def _inject_message(hw: Hardware, cmd: dict) -> dict:
    return {"delivered": hw.cloud.inject_message(str(cmd["topic"]), str(cmd["payload"]))}


def _cloud(hw: Hardware, cmd: dict) -> dict:
    if "reachable" in cmd:
        hw.cloud.reachable = bool(cmd["reachable"])
    return {"cloud": hw.cloud.snapshot()}


def _cloud_drop(hw: Hardware, cmd: dict) -> dict:
    return {"delivered": hw.cloud.drop()}


def _wifi(hw: Hardware, cmd: dict) -> dict:
    if "accept_unknown" in cmd:
        hw.wifi.accept_unknown = bool(cmd["accept_unknown"])
    if "join_delay" in cmd:
        hw.wifi.join_delay = max(0.0, float(cmd["join_delay"]))
    return {"wifi": hw.wifi.snapshot()}


def _wifi_add_ap(hw: Hardware, cmd: dict) -> dict:
    password = cmd.get("password")
    hw.wifi.add(str(cmd["ssid"]), None if password is None else str(password),
                cmd.get("rssi", -50), cmd.get("channel", 1))
    return {"wifi": hw.wifi.snapshot()}


def _wifi_remove_ap(hw: Hardware, cmd: dict) -> dict:
    return {"removed": hw.wifi.remove(str(cmd["ssid"]))}


def _wifi_drop(hw: Hardware, cmd: dict) -> dict:
    hw.wifi.disconnect()
    return {"wifi": hw.wifi.snapshot()}


def _uart_input(hw: Hardware, cmd: dict) -> dict:
    data = bytes.fromhex(cmd["hex"]) if "hex" in cmd else str(cmd["data"]).encode("utf-8")
    return {"port": hw.uart_input(cmd["port"], data)}


def _i2c_attach(hw: Hardware, cmd: dict) -> dict:
    bus, addr = int(cmd["bus"]), int(cmd["addr"])
    hw.attach_i2c(bus, addr, str(cmd["model"]))
    return {"devices": hw.i2c_scan(bus)}


def _i2c_detach(hw: Hardware, cmd: dict) -> dict:
    return {"removed": hw.detach_i2c(int(cmd["bus"]), int(cmd["addr"]))}


def _display(hw: Hardware, cmd: dict) -> dict:
    device = _find_display(hw, cmd)
    return {"on": device.on, "width": device.WIDTH, "height": device.HEIGHT, "model": device.model,
            "key": device.key(), "rows": device.rows()}


def _find_display(hw: Hardware, cmd: dict) -> OledRam:
    if "key" in cmd or "name" in cmd:
        wanted = str(cmd.get("key") or "")
        for device in hw.displays():
            if device.key() == wanted or cmd.get("name") in getattr(device, "names", lambda: ())():
                return device
        raise ValueError(f"no display {cmd.get('key') or cmd.get('name')!r}; "
                         f"known: {', '.join(d.key() for d in hw.displays()) or 'none'}")
    device = hw.i2c_device(int(cmd.get("bus", 0)), int(cmd.get("addr", 0x3C)))
    if not isinstance(device, OledRam):
        raise ValueError("no SSD1306 display at that bus and address")
    return device


def _peripherals(hw: Hardware, cmd: dict) -> dict:
    return {"peripherals": hw.peripherals.state(), "servos": hw.peripherals.servos.state()}


def _attach(hw: Hardware, cmd: dict) -> dict:
    pins = {k: v for k, v in cmd.items() if k not in ("cmd", "id", "model")}
    return {"device": hw.peripherals.attach(str(cmd["model"]), pins).state()}


def _rfid(hw: Hardware, cmd: dict) -> dict:
    reader = hw.peripherals.named("rfid", cmd.get("name"))
    frame = reader.present(str(cmd["card"]))
    return {"port": reader.uart, "frame": frame.hex()}


COMMANDS: dict[str, Callable[[Hardware, dict], dict]] = {
    "ping": _ping, "snapshot": _snapshot, "set_input": _set_input, "set_adc": _set_adc,
    "set_environment": _set_environment, "inject_props": _inject_props,
    "inject_service": _inject_service, "inject_message": _inject_message, "cloud": _cloud,
    "cloud_drop": _cloud_drop, "wifi": _wifi, "wifi_add_ap": _wifi_add_ap,
    "wifi_remove_ap": _wifi_remove_ap, "wifi_drop": _wifi_drop, "uart_input": _uart_input,
    "i2c_attach": _i2c_attach, "i2c_detach": _i2c_detach, "display": _display, "peripherals": _peripherals,
    "attach": _attach, "rfid": _rfid,
}
COMMANDS.update(DEVICE_COMMANDS)
