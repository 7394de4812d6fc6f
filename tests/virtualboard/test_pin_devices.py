"""NeoPixel strips, DS18B20 sensors on 1-Wire, DHT sensors and the ESP32 chip modules, driven by
programs written as a HaaS user writes them and observed from outside (events, control channel)."""

from __future__ import annotations

import pytest

from ide.virtualboard.control import ControlServer
from tests.virtualboard.boards import error, run, started
from tests.virtualboard.test_control import Client

PIN = "class Pin:\n    def __init__(self, n):\n        self.n = n\n    def __repr__(self):\n        return 'Pin(%d)' % self.n\n"

RAINBOW = PIN + """
import neopixel
np = neopixel.NeoPixel(Pin(13), 4)
np.fill((0, 0, 32))
np[0] = (255, 0, 0)
np[-1] = (0, 255, 0)
np.write()
print(np[0], np[1], len(np))
"""

THERMOMETERS = PIN + """
import onewire, ds18x20, time
ds = ds18x20.DS18X20(onewire.OneWire(Pin(12)))
roms = ds.scan()
print(len(roms), ds.read_temp(roms[0]))
ds.convert_temp()
time.sleep_ms(750)
for rom in sorted(roms):
    print(ds.read_temp(rom))
"""


@pytest.fixture
def board(tmp_path):
    with started(tmp_path / "fs") as io:
        yield io


@pytest.fixture
def control(board):
    server = ControlServer(board.board)
    client = Client(server.address)
    yield client
    client.close()
    server.close()


def test_neopixel_colours_reach_the_control_channel_in_rgb(board, control):
    assert control.request(cmd="subscribe", events=["neopixel"])["ok"]
    assert run(board, RAINBOW) == "(255, 0, 0) (0, 0, 32) 4\n"
    event = control.wait_event(event="neopixel")
    assert event["pin"] == 13 and event["pixels"] == [[255, 0, 0], [0, 0, 32], [0, 0, 32], [0, 255, 0]]
    assert control.request(cmd="neopixel", pin=13)["pixels"][0] == [255, 0, 0]
    assert run(board, "import esp\nesp.neopixel_write(14, bytes([1, 2, 3]), 1)") == ""
    assert control.wait_event(event="neopixel", pin=14)["pixels"] == [[2, 1, 3]]


def test_ds18b20_sensors_are_found_and_read_at_the_temperature_set_outside(board, control):
    assert control.request(cmd="onewire_attach", pin=12, temperature=21.5)["ok"]
    assert control.request(cmd="onewire_attach", pin=12, temperature=-10.125)["ok"]
    out = run(board, THERMOMETERS).splitlines()
    assert out[0] == "2 85.0"  # the power-on value until a conversion
    assert sorted(float(line) for line in out[1:]) == [-10.125, 21.5]
    assert control.request(cmd="onewire_set", pin=12, temperature=30.0)["sensors"] == 2
    assert [float(line) for line in run(board, THERMOMETERS).splitlines()[1:]] == [30.0, 30.0]


def test_a_pin_with_no_bus_gets_one_ds18b20_that_follows_the_environment(board, control):
    assert control.request(cmd="set_environment", temperature=18.25)["ok"]
    lines = run(board, THERMOMETERS).splitlines()
    assert lines[0].startswith("1 ") and lines[1:] == ["18.25"]
    assert control.request(cmd="onewire_detach", pin=12)["removed"] == 1
    assert run(board, "import onewire\nprint(onewire.OneWire(12).reset(), onewire.OneWire(12).scan())") == \
        "False []\n"
    assert error(board, "import onewire\nonewire.OneWire(12).reset(True)") == "OneWireError:"


def test_ds18b20_resolution_and_conversion_time_follow_the_datasheet(board, control):
    assert control.request(cmd="onewire_attach", pin=4, temperature=23.6875)["ok"]
    out = run(board, "import onewire, ds18x20, time\now = onewire.OneWire(4)\nds = ds18x20.DS18X20(ow)\n"
                     "rom = ds.scan()[0]\nds.write_scratch(rom, b'\\x00\\x00\\x1f')\nds.convert_temp()\n"
                     "busy = ow.readbit()\ntime.sleep_ms(100)\nprint(busy, ow.readbit(), ds.read_temp(rom))")
    assert out == "0 1 23.5\n"  # 9 bits: half degrees; read slots show 0 while converting


def test_dht11_and_dht22_read_what_the_control_channel_sets(board, control):
    assert control.request(cmd="dht_set", pin=5, model="dht22", temperature=-3.4, humidity=41.7)["ok"]
    assert run(board, "import dht\nd = dht.DHT22(5)\nd.measure()\nprint(d.temperature(), d.humidity())") == \
        "-3.4 41.7\n"
    assert run(board, "import dht\nd = dht.DHT11(6)\nd.measure()\nprint(d.temperature(), d.humidity())") == \
        "25 50\n"
    assert control.request(cmd="dht_detach", pin=5)["removed"] is True
    assert error(board, "import dht\ndht.DHT22(5).measure()") == "OSError: [Errno 110] ETIMEDOUT"


def test_esp_flash_is_the_boards_nor_flash(board):
    out = run(board, "import esp\nsector = 0x3FF\nesp.flash_erase(sector)\nbuf = bytearray(4)\n"
                     "esp.flash_read(sector * 4096, buf)\nprint(buf == b'\\xff' * 4, esp.flash_size())\n"
                     "esp.flash_write(sector * 4096, b'\\x0f\\xf0ab')\nesp.flash_write(sector * 4096, b'\\xf0\\xf0ab')\n"
                     "esp.flash_read(sector * 4096, buf)\nprint(buf)")
    assert out == "True 4194304\nbytearray(b'\\x00\\xf0ab')\n"  # a second write only clears bits
    assert board.board.flash.read(0x3FF000, 4) == b"\x00\xf0ab"
    assert error(board, "import esp; esp.flash_read(4194304, bytearray(4))") == "OSError: [Errno 5] EIO"


def test_esp32_chip_sensors_and_nvs_survive_a_soft_reset(board, control):
    assert control.request(cmd="chip", hall=37)["chip"]["hall"] == 37
    assert control.request(cmd="set_environment", temperature=20)["ok"]
    assert run(board, "import esp32\nprint(esp32.raw_temperature(), esp32.hall_sensor())\n"
                      "nvs = esp32.NVS('app')\nnvs.set_i32('boots', 41)\nnvs.set_blob('key', b'\\x01\\x02')\n"
                      "nvs.commit()") == "122 37\n"
    board.send(b"\x04")
    board.expect(b">>> ")
    assert run(board, "import esp32\nnvs = esp32.NVS('app')\nb = bytearray(4)\n"
                      "print(nvs.get_i32('boots'), nvs.get_blob('key', b), b)") == \
        "41 2 bytearray(b'\\x01\\x02\\x00\\x00')\n"
    assert error(board, "import esp32\nesp32.NVS('app').get_i32('missing')") == \
        "OSError: (-4354, 'ESP_ERR_NVS_NOT_FOUND')"


def test_esp32_c3_has_no_hall_sensor(tmp_path):
    with started(tmp_path / "fs", "esp32c3-kit") as io:
        assert run(io, "import esp32\nprint(hasattr(esp32, 'hall_sensor'), esp32.raw_temperature() > 0)") == \
            "False True\n"
