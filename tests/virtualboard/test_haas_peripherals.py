"""Devices wired to the virtual board (HC-SR04, sound sensor, RFID reader, servo, SH1106 OLED): board
code drives and reads them through its `driver` objects, the outside drives and watches them through
the control channel; everything is observed from outside (UART bytes, control-channel replies and events)."""

from __future__ import annotations

import pytest

from ide.virtualboard.haas.hcsr04 import echo_seconds
from ide.virtualboard.haas.rfid import card_frame
from ide.virtualboard.haas.servo import servo_angle
from ide.virtualboard.haas.sound import analog_mv
from tests.virtualboard.test_control import connect  # noqa: F401 (fixture)
from tests.virtualboard.test_haas_driver import configure, run

WIRED = {
    "trig": {"type": "GPIO", "port": 25, "dir": "output"},
    "echo": {"type": "GPIO", "port": 26, "dir": "input"},
    "voice": {"type": "ADC", "port": 6, "atten": 3, "width": 3},
    "sound_do": {"type": "GPIO", "port": 4, "dir": "input"},
    "rfid": {"type": "UART", "port": 1, "baudRate": 9600},
    "servo": {"type": "PWM", "port": 27},
    "oled_spi": {"type": "SPI", "port": 1, "mode": "master", "freq": 26000000},
    "oled_dc": {"type": "GPIO", "port": 28, "dir": "output"},
}

MEASURE = """
import utime
from driver import GPIO
trig = GPIO(); trig.open('trig')
echo = GPIO(); echo.open('echo')
def width():
    trig.write(1); utime.sleep_us(10); trig.write(0)
    start = utime.ticks_us()
    while echo.read() == 0:
        if utime.ticks_diff(utime.ticks_us(), start) > 40000: return -1
    rise = utime.ticks_us()
    while echo.read() == 1:
        if utime.ticks_diff(utime.ticks_us(), rise) > 40000: return -2
    return utime.ticks_diff(utime.ticks_us(), rise)
print(width())
"""


@pytest.fixture
def wired(board, connect):  # noqa: F811 (the fixture above)
    configure(board, WIRED)
    board.raw()
    client = connect()
    assert client.request(cmd="ping")["ok"]   # the server has taken the connection: events reach it
    return board, client


def test_models_answer_their_datasheets():
    assert echo_seconds(100) == pytest.approx(0.005831, abs=1e-6) and echo_seconds(900) == 0.038
    assert card_frame("0a1b2c3d4e") == b"\x020A1B2C3D4E" + b"%02X" % (0x0A ^ 0x1B ^ 0x2C ^ 0x3D ^ 0x4E) + b"\x03"
    with pytest.raises(ValueError):
        card_frame("12345")
    assert servo_angle(50, 7.5) == (90.0, 1500.0) and servo_angle(50, 2.5) == (0.0, 500.0)
    assert servo_angle(2000, 50) is None and servo_angle(50, 50) is None
    assert analog_mv(40) == 750 and analog_mv(10) == 0 and analog_mv(200) == 3300


def test_the_hcsr04_echo_follows_the_distance_set_from_outside(wired):
    board, client = wired
    assert client.request(cmd="set_environment", distance=50)["ok"]
    near = int(run(board, MEASURE))
    assert client.request(cmd="set_environment", distance=200)["ok"]
    far = int(run(board, MEASURE))
    assert 2000 < near < 6000 and 9000 < far < 17000 and far > 2 * near, (near, far)   # 58 µs/cm, polling jitter
    devices = client.request(cmd="peripherals")["peripherals"]
    assert {"model": "hcsr04", "names": ["trig", "echo"], "trig": 25, "echo": 26, "distance_cm": 200.0,
            "measurements": 2} in devices


def test_the_sound_sensor_drives_its_analog_and_digital_outputs(wired):
    board, client = wired
    code = ("from driver import ADC, GPIO\nmic = ADC(); mic.open('voice')\ndo = GPIO(); do.open('sound_do')\n"
            "print(mic.readVoltage(), do.read())")
    assert run(board, code).split() == ["750", "0"]
    client.request(cmd="set_environment", sound=85)
    client.wait_event(event="adc", name="voice", raw=round(2437 * 4095 / 3300))
    assert run(board, code).split() == ["2436", "1"]


def test_a_card_presented_to_the_rfid_reader_arrives_on_its_uart(wired):
    board, client = wired
    reply = client.request(cmd="rfid", card="0a1b2c3d4e")
    assert reply["ok"] and reply["port"] == 1 and bytes.fromhex(reply["frame"]) == card_frame("0A1B2C3D4E")
    assert client.wait_event(event="rfid")["card"] == "0A1B2C3D4E"
    out = run(board, "from driver import UART\nu = UART(); u.open('rfid')\nb = bytearray(14)\nprint(u.read(b), bytes(b))")
    assert out.strip() == "14 b'\\x020A1B2C3D4E%02X\\x03'" % (0x0A ^ 0x1B ^ 0x2C ^ 0x3D ^ 0x4E)
    assert client.request(cmd="rfid", card="xyz")["error"].startswith("a card id is 10 hexadecimal digits")


def test_a_pwm_output_at_50_hz_shows_the_servo_angle(wired):
    board, client = wired
    run(board, "from driver import PWM\ns = PWM(); s.open('servo')\ns.setOption({'freq': 50, 'duty': 12.5})")
    event = client.wait_event(event="servo", pin=27)
    assert (event["name"], event["angle"], event["pulse_us"]) == ("servo", 180.0, 2500.0)
    assert client.request(cmd="peripherals")["servos"]["27"]["angle"] == 180.0


def test_devices_can_be_attached_by_hand_and_follow_board_json_on_each_boot(board, connect):  # noqa: F811
    client = connect()
    client.request(cmd="ping")
    configure(board, {"ping": {"type": "GPIO", "port": 5, "dir": "output"},
                      "pong": {"type": "GPIO", "port": 18, "dir": "input"}})
    assert client.request(cmd="peripherals")["peripherals"] == []
    reply = client.request(cmd="attach", model="hcsr04", trig="ping", echo=18)
    assert reply["device"]["trig"] == 5 and reply["device"]["echo"] == 18 and reply["device"]["names"] == ["ping"]
    board.raw()
    client.request(cmd="set_environment", distance=30)
    width = int(run(board, MEASURE.replace("'trig'", "'ping'").replace("'echo'", "'pong'")))
    assert 1300 < width < 2800
    assert client.request(cmd="attach", model="laser", pin=3)["error"].startswith("unknown device 'laser'")
    assert client.request(cmd="attach", model="rfid")["error"] == "a rfid needs uart"


def sh1106_frame(hw, text_row: int) -> None:
    """What an SH1106 driver sends: init commands with DC low, then each page's address and pixels."""
    hw.write_pin(28, 0)
    hw.spi_write(1, bytes([0xAE, 0xD5, 0x80, 0xA8, 0x3F, 0xAD, 0x8B, 0xA1, 0xC8, 0x81, 0xCF, 0xAF]))
    for page in range(8):
        hw.write_pin(28, 0)
        hw.spi_write(1, bytes([0xB0 + page, 0x02, 0x10]))
        hw.write_pin(28, 1)
        hw.spi_write(1, bytes([0xFF if page == text_row else 0x00]) * 128)


def test_the_sh1106_draws_what_the_spi_bus_carries(wired):
    board, client = wired
    hw = board.board.hardware
    sh1106_frame(hw, 2)
    event = client.wait_event(event="display", key="spi1", on=True)
    assert event["model"] == "SH1106" and len(bytes.fromhex(event["data"])) == 128 * 8
    picture = client.request(cmd="display", name="oled_spi")
    assert picture["model"] == "SH1106" and picture["height"] == 64
    assert picture["rows"][15] == " " * 128 and picture["rows"][16] == "#" * 128 and picture["rows"][23] == "#" * 128
    assert client.request(cmd="display", key="spi9")["error"].startswith("no display 'spi9'")
