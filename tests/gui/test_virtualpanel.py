"""The virtual board panel shows the running board's pins and cloud, and drives its inputs and sensors."""

from __future__ import annotations

import json
import shutil

import pytest

from ide import i18n
from ide.core.templates import create_project
from ide.gui.virtual_service import embedded_board, running_board, stop_embedded_board
from ide.gui.virtualpanel import VirtualBoardPanel
from ide.gui.virtualpanel_pins import ADC, IN, PWM, AdcSlider, Bar, Lamp, LevelToggle
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.haas.driver_services import ADC_FULL_SCALE_MV
from tests.boardio import BoardIO
from tests.test_i18n import untranslated, visible_texts

TIMEOUT = 15000

SENSORS_JSON = {"name": "esp32", "io": {
    "led": {"type": "GPIO", "port": 2, "dir": "output", "pull": "pulldown"},
    "key": {"type": "GPIO", "port": 4, "dir": "input", "pull": "pulldown"},
    "light": {"type": "ADC", "port": 0, "atten": 3, "sampling": 12000000},
    "fan": {"type": "PWM", "port": 25}}}

SENSORS_MAIN = """\
import utime
from driver import ADC, GPIO, PWM
light = ADC(); light.open('light')
key = GPIO(); key.open('key')
led = GPIO(); led.open('led')
fan = PWM(); fan.open('fan')
fan.setOption({'freq': 1000, 'duty': 40})
last = None
while True:
    now = (light.read(), key.read())
    if now != last:
        led.write(now[1])
        print('state', now[0], now[1])
        last = now
    utime.sleep_ms(10)
"""


class Board:
    """An in-process virtual board with its output collected."""

    def __init__(self, fs) -> None:
        self.fs = fs
        self.vb = VirtualBoard(fs_root=fs)
        self.vb.hardware.wifi.join_delay = 0.01
        self.io = BoardIO(self.vb)

    def has(self, text: str) -> bool:
        return text.encode("utf-8") in self.io.pending()

    def install(self, files: dict) -> None:
        for rel, source in files.items():
            target = self.fs / "data" / "pyamp" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if hasattr(source, "read_bytes"):
                shutil.copyfile(source, target)
            else:
                target.write_text(source, encoding="utf-8")


@pytest.fixture
def board(tmp_path):
    b = Board(tmp_path / "fs")
    yield b
    b.vb.close()


@pytest.fixture
def panel(qtbot):
    widget = VirtualBoardPanel()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.detach()


def boot(qtbot, board: Board, panel: VirtualBoardPanel, files: dict) -> None:
    """Attach, power on, install the program at the prompt, and soft-reset so its main.py runs."""
    panel.attach(board.vb)
    board.vb.start()
    qtbot.waitUntil(lambda: board.has(">>> "), timeout=TIMEOUT)
    board.install(files)
    board.io.send(b"\x04")


def test_remote_led_lights_when_the_cloud_property_is_injected(qtbot, board, panel, tmp_path):
    project = create_project(tmp_path / "p", "remote-led", "virtual").project
    boot(qtbot, board, panel, {f.rel: f.path for f in project.files()})
    qtbot.waitUntil(lambda: board.has("remote-led: main loop") and board.has("cloud: connected"), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panel.pins.lamp("led") is not None, timeout=TIMEOUT)
    lamp = panel.pins.lamp("led")
    assert not lamp.lit
    qtbot.waitUntil(lambda: "Joined" in panel.network.wifi.text(), timeout=TIMEOUT)

    panel.network.props_edit.setText('{"ledSwitch": 1}')
    panel.network.send_button.click()
    assert panel.network.result.text() == "Sent to 1 connected device(s)."
    qtbot.waitUntil(lambda: board.has("ledSwitch: on"), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: lamp.lit, timeout=TIMEOUT)
    assert lamp.toolTip() == "Lit: the pin is high"
    qtbot.waitUntil(lambda: json.loads(panel.network.last_post.text() or "{}") == {"ledSwitch": 1}, timeout=TIMEOUT)


def test_a_malformed_property_object_is_explained(qtbot, board, panel):
    panel.attach(board.vb)
    panel.network.props_edit.setText("ledSwitch=1")
    panel.network.send_button.click()
    assert "JSON object" in panel.network.result.text()
    panel.network.props_edit.setText('{"ledSwitch": 1}')
    panel.network.send_button.click()  # nobody is connected to the cloud yet
    assert "No program is connected" in panel.network.result.text()


def test_tiny_program_lights_the_led(qtbot, board, panel):
    boot(qtbot, board, panel, {
        "board.json": json.dumps({"name": "esp32", "io": {"led": SENSORS_JSON["io"]["led"]}}),
        "main.py": "from driver import GPIO\ng = GPIO()\ng.open('led')\ng.write(1)\nprint('lit')\n"})
    qtbot.waitUntil(lambda: board.has("lit"), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panel.pins.lamp("led") is not None and panel.pins.lamp("led").lit, timeout=TIMEOUT)


def test_sliders_toggles_and_sensors_reach_the_program(qtbot, board, panel):
    boot(qtbot, board, panel, {"board.json": json.dumps(SENSORS_JSON), "main.py": SENSORS_MAIN})
    qtbot.waitUntil(lambda: board.has("state 0 0"), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: isinstance(panel.pins.widget(PWM, 25), Bar) and panel.pins.widget(PWM, 25).value() == 400,
                    timeout=TIMEOUT)
    # fetched after the program's pins settled: the panel rebuilds its rows when a boot is seen
    slider = panel.pins.widget(ADC, 0)
    toggle = panel.pins.widget(IN, 4)
    assert isinstance(slider, AdcSlider) and isinstance(toggle, LevelToggle)

    slider.slider.setValue(4095)  # as if dragged to the end
    qtbot.waitUntil(lambda: board.has(f"state {ADC_FULL_SCALE_MV[3]} 0"), timeout=TIMEOUT)
    assert slider.number.text() == "4095"
    slider.slider.setValue(2048)
    qtbot.waitUntil(lambda: board.has(f"state {2048 * ADC_FULL_SCALE_MV[3] // 4095} 0"), timeout=TIMEOUT)

    toggle.click()
    qtbot.waitUntil(lambda: board.has(f"state {2048 * ADC_FULL_SCALE_MV[3] // 4095} 1"), timeout=TIMEOUT)
    assert toggle.text() == "High"
    qtbot.waitUntil(lambda: panel.pins.lamp("led").lit, timeout=TIMEOUT)  # the program copies the key to the LED

    panel.environment.spins["temperature"].setValue(31.5)
    assert board.vb.hardware.environment["temperature"] == 31.5


def test_changes_made_elsewhere_show_up(qtbot, board, panel):
    boot(qtbot, board, panel, {"board.json": json.dumps(SENSORS_JSON), "main.py": SENSORS_MAIN})
    qtbot.waitUntil(lambda: board.has("state 0 0"), timeout=TIMEOUT)
    board.vb.hardware.set_adc("light", 1000)
    board.vb.hardware.set_environment(humidity=77)
    qtbot.waitUntil(lambda: panel.pins.widget(ADC, 0).slider.value() == 1000, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panel.environment.spins["humidity"].value() == 77, timeout=TIMEOUT)


def test_a_flood_of_pin_changes_is_taken_in_batches(qtbot, board, panel):
    panel.attach(board.vb)
    wakes = []
    panel._queue.ready.connect(lambda: wakes.append(1))
    for i in range(20000):  # more than the queue holds: the panel resynchronises from the snapshot
        board.vb.hardware.write_pin(5, i % 2)
    board.vb.hardware.write_pin(5, 1)
    qtbot.waitUntil(lambda: isinstance(panel.pins.widget("out", 5), Lamp) and panel.pins.widget("out", 5).lit,
                    timeout=TIMEOUT)
    assert len(wakes) == 1


def test_detach_empties_and_disables(qtbot, board, panel):
    panel.attach(board.vb)
    board.vb.hardware.write_pin(5, 1)
    qtbot.waitUntil(lambda: panel.pins.rowCount() == 1, timeout=TIMEOUT)
    panel.detach()
    assert panel.pins.rowCount() == 0 and not panel.network.isEnabled()
    board.vb.hardware.write_pin(6, 1)
    panel.network.send()  # nothing to send to: no crash
    assert panel.pins.rowCount() == 0


def test_embedded_board_is_started_once_and_stopped(tmp_path):
    stop_embedded_board()  # an earlier test's window may have started the process's board
    first = embedded_board(tmp_path / "fs")
    try:
        assert first.url.startswith("socket://127.0.0.1:") and embedded_board() is first
        assert running_board() is first and (tmp_path / "fs" / "boot.py").exists()
    finally:
        stop_embedded_board()
    assert running_board() is None


def test_in_chinese_the_panel_shows_no_english(qtbot, board):
    i18n.set_language("zh_CN")
    widget = VirtualBoardPanel()
    qtbot.addWidget(widget)
    widget.attach(board.vb)
    board.vb.hardware.write_pin(5, 1)
    qtbot.waitUntil(lambda: widget.pins.rowCount() == 1, timeout=TIMEOUT)
    english = [(where, text) for where, text in visible_texts(widget) if untranslated(text)]
    widget.detach()
    assert not english, english
