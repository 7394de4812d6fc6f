"""The virtual board panel draws NeoPixel strips and lets the user set what the sensors measure."""

from __future__ import annotations

import pytest

from ide import i18n
from ide.gui.virtualpanel import VirtualBoardPanel
from tests.gui.test_virtualpanel import board, panel  # noqa: F401 - the panel tests' fixtures
from tests.test_i18n import untranslated, visible_texts

TIMEOUT = 15000
STRIP = "import neopixel\nnp = neopixel.NeoPixel(13, 3)\nnp[0] = (255, 0, 0)\nnp[2] = (0, 0, 200)\nnp.write()\n"


@pytest.fixture
def started(qtbot, board, panel):
    """The panel's board, attached and at the raw REPL: (VirtualBoard, BoardIO)."""
    panel.attach(board.vb)
    board.vb.start()
    qtbot.waitUntil(lambda: board.has(">>> "), timeout=TIMEOUT)
    board.io.raw()
    return board.vb, board.io


def test_a_strip_the_program_writes_is_drawn_in_its_colours(qtbot, started, panel):
    _vb, io = started
    assert not panel.pin_devices.isVisible()
    assert io.exec_raw(STRIP) == (b"", b"")
    qtbot.waitUntil(lambda: 13 in panel.pin_devices.strips, timeout=TIMEOUT)
    strip = panel.pin_devices.strips[13]
    assert strip.pixels == [[255, 0, 0], [0, 0, 0], [0, 0, 200]] and panel.pin_devices.isVisible()
    image = strip.grab().toImage()
    centre = image.pixelColor(1 + 7, 1 + 7)
    assert (centre.red(), centre.green(), centre.blue()) == (255, 0, 0)


def test_setting_a_ds18b20_temperature_in_the_panel_reaches_the_program(qtbot, started, panel):
    _vb, io = started
    assert io.exec_raw("import onewire\nprint(len(onewire.OneWire(4).scan()))") == (b"1\r\n", b"")
    qtbot.waitUntil(lambda: len(panel.pin_devices.sensors) == 1, timeout=TIMEOUT)
    (key, spin), = panel.pin_devices.sensors.items()
    assert key[:2] == ("onewire", 4)
    spin.setValue(31.5)
    out, err = io.exec_raw("import onewire, ds18x20, time\nds = ds18x20.DS18X20(onewire.OneWire(4))\n"
                           "ds.convert_temp()\ntime.sleep_ms(750)\nprint(ds.read_temp(ds.scan()[0]))")
    assert (out, err) == (b"31.5\r\n", b"")


def test_modbus_slaves_and_dht_sensors_are_listed(qtbot, started, panel):
    vb, _io = started
    vb.hardware.handle({"cmd": "modbus_slave", "port": 2, "address": 1, "holding": {"0": 12}})
    vb.hardware.handle({"cmd": "dht_set", "pin": 5, "model": "dht11", "temperature": 22, "humidity": 40})
    qtbot.waitUntil(lambda: (2, 1) in panel.pin_devices.modbus and ("dht", 5, None) in panel.pin_devices.sensors,
                    timeout=TIMEOUT)
    assert "0=12" in panel.pin_devices.modbus[(2, 1)].text()
    panel.pin_devices.sensors[("dht", 5, None)].setValue(24)
    dht = vb.hardware.handle({"cmd": "devices"})["devices"]["dht"]["5"]
    assert dht == {"model": "dht11", "temperature": 24.0, "humidity": 40.0}


def test_in_chinese_the_devices_show_no_english(qtbot, started):
    vb, io = started
    i18n.set_language("zh_CN")
    widget = VirtualBoardPanel()
    qtbot.addWidget(widget)
    widget.attach(vb)
    io.exec_raw(STRIP + "import onewire\nonewire.OneWire(4).reset()")
    vb.hardware.handle({"cmd": "modbus_slave", "port": 2, "address": 1, "holding": {"0": 12}})
    qtbot.waitUntil(lambda: 13 in widget.pin_devices.strips and (2, 1) in widget.pin_devices.modbus, timeout=TIMEOUT)
    english = [(where, text) for where, text in visible_texts(widget.pin_devices) if untranslated(text)]
    widget.detach()
    assert not english, english
