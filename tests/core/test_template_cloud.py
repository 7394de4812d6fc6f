"""Cloud templates behave as the HaaS solution tutorials' devices: on the virtual board, a property
set from outside (the control channel, as Alibaba Cloud IoT would) changes what the board does, and
what the board reports carries the tutorial's identifiers. Observed from outside only: control-channel
events (pins, PWM, servo angles, cloud traffic) and the board's serial output."""

from __future__ import annotations

import socket
import time

import pytest

from ide.core.templates import create_project, load_templates
from tests.templatebench import TemplateBench, params_keys

TEMPLATES = load_templates()
TIMEOUT = 15


def pin(name, value):
    return lambda e: e.get("event") == "pin" and e.get("name") == name and e.get("value") == value


def pwm(name, **fields):
    return lambda e: e.get("event") == "pwm" and e.get("name") == name and all(e.get(k) == v for k, v in fields.items())


def servo(angle):
    return lambda e: e.get("event") == "servo" and e.get("angle") == angle


def posted(**params):
    """A postProps whose params hold `params` (a value of ... only needs the key)."""
    def match(e):
        given = e.get("params") if e.get("event") == "cloud" and e.get("action") == "postProps" else None
        return isinstance(given, dict) and all(k in given and (v is ... or given[k] == v) for k, v in params.items())
    return match


# template -> steps, each (what to do, what then happens); "do" items: ("props", {...}) sent as the cloud,
# ("input", node, level), ("env", {...}), ("rfid", card); "sees" is an event predicate or a serial-output text.
PROBES = {
    "remote-led": [([("props", {"ledSwitch": 1})], pin("led", 1))],
    "night-light": [([("input", "ir", 1)], posted(LEDSwitch=1))],
    "gas-detector": [([("props", {"alarmLight": 1})], pin("led", 1)), ([], posted(gasVoltage=..., alarmLight=1))],
    "hcho-detector": [([], posted(HCHO=...))],
    "floriculture": [([("props", {"humidifier": 1})], pin("led_g", 1)),
                     ([], posted(CurrentTemperature=25.0, CurrentHumidity=50.0))],
    "fire-detector": [([("props", {"alarmState": 1})], pin("led", 1)), ([], posted(fireVoltage=..., alarmState=1))],
    "street-light": [([], posted(Brightness=...)), ([("props", {"onoff": 1})], pin("led", 1))],
    "smart-fan": [([], posted(cur_temp=25.0)), ([("props", {"gear1": 30})], pwm("fan", duty=0))],
    "intrusion-alarm": [([("input", "ir", 1), ("props", {"alarm_start": 0, "alarm_end": 23})], pwm("buzzer", duty=5)),
                        ([("props", {"alarm_control": 0})], pwm("buzzer", duty=0))],
    "obstacle-avoidance": [([("env", {"distance": 3})], pin("buzzer", 1)), ([], posted(distance=...))],
    "sedentary-reminder": [([("input", "ir", 1)], "seated: someone sat down"),
                           ([("input", "ir", 0)], posted(call_rst=0))],
    "auto-watering": [([], posted(onoff=1)), ([("props", {"onoff": 0})], pin("relay", 0))],
    "air-quality": [([], posted(pm25_value=..., pollen_value=0))],
    "alcohol-detector": [([], posted(alcohol_adc_voltage=...))],
    "auto-door": [([("props", {"door_status": 1})], servo(135.0)), ([("props", {"door_status": 0})], servo(45.0))],
    "noise-detector": [([("props", {"light_up_red_led": 1})], pin("led_r", 1)), ([], posted(SoundDecibelValue=...))],
    "sound-led": [([("env", {"sound": 90})], posted(ledStatus=0xFFFFFF))],
    "colorful-clock": [([("props", {"onoff": 1})], "clock: on"), ([], posted(onoff=1))],
    "smart-aquarium": [([("props", {"StartFilter": 1})], pin("relay_2", 1)), ([], posted(TDS=..., StartFilter=1))],
    "traffic-light": [([("props", {"red_period": 1})], "light: yellow for 3 s"), ([], posted(red_period=1))],
    "rfid-door": [([("rfid", "0A1B2C3D4E")], posted(rfid_card="0A1B2C3D4E")),
                  ([("props", {"open_door": 1})], servo(135.0))],
    "stock-alarm": [([("props", {"stock_code": "600000", "stock_status": 1})], "stock: alarm for 600000"),
                    ([], pwm("buzzer", freq=440, duty=50))],
}
# Settings a test may shorten so that the board's reaction comes within seconds.
QUICKER = {"sedentary-reminder": ("AWAY_S = 90", "AWAY_S = 1")}
VARIANTS = ("esp32", "haas-edu-k1")
CASES = [(t, v) for t in sorted(PROBES) for v in VARIANTS]


def test_every_cloud_template_is_probed():
    assert set(PROBES) == {t.id for t in TEMPLATES.values() if t.cloud}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    boards = TemplateBench(tmp_path_factory.mktemp("cloud-bench"))
    yield boards
    boards.close()


def wait_for(board, sees, timeout: float = TIMEOUT) -> None:
    """Until an event matches `sees` (a predicate) or the board prints `sees` (a text)."""
    if isinstance(sees, str):
        board.io.expect(sees, timeout)
        return
    deadline = time.monotonic() + timeout
    client = board.client
    while not any(sees(e) for e in client.events):
        client.sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            client.events.append(client.read())
        except socket.timeout:
            raise AssertionError(f"nothing matched; events: {client.events[-20:]}") from None


def act(board, action) -> None:
    kind, *args = action
    commands = {"props": lambda p: {"cmd": "inject_props", "params": p},
                "input": lambda node, level: {"cmd": "set_input", "pin": node, "value": level},
                "env": lambda values: {"cmd": "set_environment", **values},
                "rfid": lambda card: {"cmd": "rfid", "card": card}}
    reply = board.client.request(**commands[kind](*args))
    assert reply["ok"] and reply.get("delivered", 1) == 1, reply


@pytest.mark.parametrize("template_id, variant_id", CASES)
def test_a_property_set_from_outside_changes_what_the_board_does(bench, tmp_path, template_id, variant_id):
    template = TEMPLATES[template_id]
    board_id = next(v for v in template.variants if v.id == variant_id).boards[0]
    project = create_project(tmp_path / "p", template_id, board_id).project
    if template_id in QUICKER:
        main_py = project.path / "main.py"
        main_py.write_text(main_py.read_text(encoding="utf-8").replace(*QUICKER[template_id]), encoding="utf-8")
    board = bench.run(project, board_id)
    for line in template.expect:
        board.io.expect(line, timeout=TIMEOUT)
    for actions, sees in PROBES[template_id]:
        if actions:   # what came before the action cannot be its effect
            board.client.events.clear()
        for action in actions:
            act(board, action)
        wait_for(board, sees)
    assert b"Traceback" not in board.io.pending()
    identifiers = {p.id for p in template.properties}
    assert params_keys(board.posted()) <= identifiers
