"""The virtual board panel shows and drives the devices the templates wire up: the OLED a program
draws on, a servo's angle, the HC-SR04's distance, the sound level, an RFID card."""

from __future__ import annotations

from ide import i18n
from ide.core.templates import create_project
from ide.gui.virtualpanel import VirtualBoardPanel
from ide.gui.virtualpanel_pins import PWM, Bar
from tests.gui.test_virtualpanel import TIMEOUT, board, boot, panel  # noqa: F401 (fixtures)
from tests.test_i18n import untranslated, visible_texts


def run_template(qtbot, board, panel, tmp_path, template_id: str) -> None:
    project = create_project(tmp_path / template_id, template_id, "virtual").project
    boot(qtbot, board, panel, {f.rel: f.path for f in project.files()})
    qtbot.waitUntil(lambda: board.has(f"{template_id}: main loop"), timeout=TIMEOUT)


def test_the_screen_a_program_draws_on_is_shown(qtbot, board, panel, tmp_path):  # noqa: F811
    run_template(qtbot, board, panel, tmp_path, "sedentary-reminder")
    qtbot.waitUntil(lambda: "i2c0:60" in panel.displays.screens, timeout=TIMEOUT)
    screen = panel.displays.screens["i2c0:60"]
    qtbot.waitUntil(lambda: screen.lit_pixels() > 100, timeout=TIMEOUT)   # the date, the time, the rule
    assert panel.displays.isVisible() and screen.model == "SSD1306"


def test_the_distance_ahead_reaches_the_hcsr04_and_the_buzzer_sounds(qtbot, board, panel, tmp_path):  # noqa: F811
    run_template(qtbot, board, panel, tmp_path, "obstacle-avoidance")
    qtbot.waitUntil(lambda: board.has("distance: 100."), timeout=TIMEOUT)
    panel.environment.spins["distance"].setValue(3)
    qtbot.waitUntil(lambda: board.has("too close!"), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panel.pins.lamp("buzzer") is not None and panel.pins.lamp("buzzer").lit, timeout=TIMEOUT)


def test_a_servo_shows_its_angle_when_the_cloud_opens_the_door(qtbot, board, panel, tmp_path):  # noqa: F811
    run_template(qtbot, board, panel, tmp_path, "auto-door")
    qtbot.waitUntil(lambda: isinstance(panel.pins.widget(PWM, 5), Bar), timeout=TIMEOUT)
    assert panel.pins.widget(PWM, 5).format().endswith("servo at 45°")
    panel.network.props_edit.setText('{"door_status": 1}')
    panel.network.send_button.click()
    qtbot.waitUntil(lambda: panel.pins.widget(PWM, 5).format().endswith("servo at 135°"), timeout=TIMEOUT)


def test_the_sound_level_sets_off_the_sound_controlled_light(qtbot, board, panel, tmp_path):  # noqa: F811
    run_template(qtbot, board, panel, tmp_path, "sound-led")
    panel.environment.spins["sound"].setValue(90)
    qtbot.waitUntil(lambda: board.has("light: FFFFFF"), timeout=TIMEOUT)


def test_a_card_held_to_the_reader_reaches_the_program(qtbot, board, panel, tmp_path):  # noqa: F811
    run_template(qtbot, board, panel, tmp_path, "rfid-door")
    qtbot.waitUntil(lambda: panel.rfid.isVisible(), timeout=TIMEOUT)
    panel.rfid.card_edit.setText("12345")
    panel.rfid.button.click()
    assert "10 hexadecimal digits" in panel.rfid.result.text()
    panel.rfid.card_edit.setText("0a1b2c3d4e")
    panel.rfid.button.click()
    assert panel.rfid.result.text() == "Card 0A1B2C3D4E was read."
    qtbot.waitUntil(lambda: board.has("card: 0A1B2C3D4E"), timeout=TIMEOUT)


def test_in_chinese_the_device_boxes_show_no_english(qtbot, board, tmp_path):  # noqa: F811
    i18n.set_language("zh_CN")
    widget = VirtualBoardPanel()
    qtbot.addWidget(widget)
    widget.show()
    run_template(qtbot, board, widget, tmp_path, "rfid-door")
    qtbot.waitUntil(lambda: widget.rfid.isVisible(), timeout=TIMEOUT)
    widget.displays.show_event({"model": "SH1106", "key": "spi1", "on": True, "data": "00" * 1024})
    english = [(where, text) for where, text in visible_texts(widget) if untranslated(text)]
    widget.detach()
    assert not english, english
