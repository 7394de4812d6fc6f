"""Completion and call tips: jedi with the HaaS stubs and the project's own modules, off the UI thread."""

from __future__ import annotations

import ast

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ide.gui import editor_worker
from ide.gui.completion import COMPLETE, SIGNATURE, STUBS_DIR, Request, answer
from ide.gui.editor import CodeEditor

# Showing Scintilla's list raises its popup, which the offscreen platform says it cannot do.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
JEDI_TIMEOUT = 60_000  # the first answer starts jedi's subprocess and reads the stubs
HAAS_MODULES = ("driver", "aliyunIoT", "network", "netmgr", "kv", "system", "utime", "ujson", "uos", "machine",
                "micropython", "ubinascii", "uhashlib", "uzlib", "http", "modbus")


@pytest.fixture
def editor(qtbot):
    widget = CodeEditor()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    editor_worker.wait_for_idle()


def at_end(editor, text: str) -> None:
    editor.set_text(text)
    editor.gotoPos(editor.length())


def complete(qtbot, editor, text: str) -> list[str]:
    at_end(editor, text)
    with qtbot.waitSignal(editor.completer.completions_shown, timeout=JEDI_TIMEOUT) as blocker:
        editor.completer.complete()
    return blocker.args[0]


def test_driver_lists_the_peripheral_classes(editor, qtbot):
    names = complete(qtbot, editor, "import driver\ndriver.")
    assert {"GPIO", "I2C", "SPI", "UART", "ADC", "DAC", "PWM", "TIMER", "WDT", "RTC"} <= set(names)
    assert not any(name.startswith("__") for name in names)
    assert editor.autoCActive()
    editor.autoCComplete()
    assert editor.text() == f"import driver\ndriver.{names[0]}"


def test_gpio_instance_lists_its_methods(editor, qtbot):
    names = complete(qtbot, editor, "from driver import GPIO\nled = GPIO()\nled.")
    assert {"open", "close", "read", "write", "on"} <= set(names)


def test_typed_prefix_filters_and_replaces(editor, qtbot):
    names = complete(qtbot, editor, "import utime\nutime.sle")
    assert names[:3] == ["sleep", "sleep_ms", "sleep_us"]
    editor.autoCComplete()
    assert editor.text() == "import utime\nutime.sleep"


def test_aliyuniot_device_events(editor, qtbot):
    names = complete(qtbot, editor, "from aliyunIoT import Device\nDevice.ON_")
    assert {"ON_CONNECT", "ON_PROPS", "ON_SERVICE", "ON_DISCONNECT"} <= set(names)


def test_call_tip_for_utime_sleep(editor, qtbot):
    at_end(editor, "import utime as ut\nut.sleep(")
    with qtbot.waitSignal(editor.completer.call_tip_shown, timeout=JEDI_TIMEOUT) as blocker:
        editor.completer.call_tip()
    tip = blocker.args[0]
    assert tip.startswith("sleep(seconds: float)")
    assert "Pause" in tip
    assert editor.callTipActive()


def test_typing_an_open_parenthesis_shows_the_call_tip(editor, qtbot):
    at_end(editor, "from driver import PWM\npwm = PWM()\npwm.setOption")
    with qtbot.waitSignal(editor.completer.call_tip_shown, timeout=JEDI_TIMEOUT) as blocker:
        qtbot.keyClicks(editor, "(")
    assert "setOption(option: dict)" in blocker.args[0]
    qtbot.keyClicks(editor, ")")
    assert not editor.callTipActive()


def test_typing_a_dot_completes(editor, qtbot):
    at_end(editor, "import kv\nkv")
    with qtbot.waitSignal(editor.completer.completions_shown, timeout=JEDI_TIMEOUT) as blocker:
        qtbot.keyClicks(editor, ".")
    assert {"setStorageSync", "getStorageSync", "removeStorageSync"} <= set(blocker.args[0])


def test_typing_a_name_completes_after_a_pause(editor, qtbot):
    at_end(editor, "import machine\n")
    with qtbot.waitSignal(editor.completer.completions_shown, timeout=JEDI_TIMEOUT) as blocker:
        qtbot.keyClicks(editor, "mac")
    assert "machine" in blocker.args[0]
    editor.autoCComplete()
    assert editor.text() == "import machine\nmachine"


def test_ctrl_space_completes(editor, qtbot):
    at_end(editor, "import network\nwlan = network.WLAN(network.STA_IF)\nwlan.isc")
    with qtbot.waitSignal(editor.completer.completions_shown, timeout=JEDI_TIMEOUT) as blocker:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier))
    assert blocker.args[0] == ["isconnected"]


def test_a_name_from_another_file_of_the_project(editor, qtbot, tmp_path):
    (tmp_path / "sht3x.py").write_text('class SHT3X:\n    def measure_humidity(self):\n        """%RH."""\n',
                                       encoding="utf-8")
    (tmp_path / "helpers.py").write_text("def blink_led(times=3):\n    pass\n", encoding="utf-8")
    main = tmp_path / "main.py"
    main.write_text("", encoding="utf-8")
    editor.load(main)
    assert "blink_led" in complete(qtbot, editor, "import helpers\nhelpers.bl")
    assert "measure_humidity" in complete(qtbot, editor, "from sht3x import SHT3X\nSHT3X().mea")


def test_project_dir_wins_over_the_files_folder(editor, qtbot, tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "app.py").write_text("", encoding="utf-8")
    (tmp_path / "settings.py").write_text("WIFI_SSID = 'x'\n", encoding="utf-8")
    editor.load(tmp_path / "lib" / "app.py")
    editor.project_dir = tmp_path
    assert "WIFI_SSID" in complete(qtbot, editor, "import settings\nsettings.WI")


def test_a_stale_answer_is_dropped(editor, qtbot):
    at_end(editor, "import driver\ndriver.")
    shown = []
    editor.completer.completions_shown.connect(shown.append)
    editor.completer.complete()
    editor.replaceSel("G")  # typed before the answer could arrive
    assert editor_worker.wait_for_idle(JEDI_TIMEOUT)
    QApplication.processEvents()  # deliver the (stale) answer
    assert shown == [] and not editor.autoCActive()


def test_nothing_pops_up_in_comments_and_strings(editor, qtbot):
    at_end(editor, "# see driver")
    qtbot.keyClicks(editor, ".")
    at_end(editor, "print('driver")
    qtbot.keyClicks(editor, ".")
    assert editor_worker.wait_for_idle(JEDI_TIMEOUT)
    QApplication.processEvents()
    assert not editor.autoCActive()


def test_json_buffers_are_not_completed(editor, qtbot):
    editor.set_language("json")
    at_end(editor, '{"io": {"led": {"type": "GPIO"')
    qtbot.keyClicks(editor, ".")
    assert editor_worker.wait_for_idle(JEDI_TIMEOUT)
    QApplication.processEvents()
    assert not editor.autoCActive()


def test_answer_without_qt():
    found = answer(Request(COMPLETE, "import uos\nuos.list", 2, 8, "list", None, None, 0, 0))
    assert found.names == ["listdir"]
    tip = answer(Request(SIGNATURE, "import machine\nmachine.Pin(", 2, 12, "", None, None, 0, 0))
    assert tip.call_tip.startswith("Pin(id: int")
    assert tip.call_tip[slice(*tip.highlight)] == "id: int"


def test_http_stub_wins_over_the_desktop_http_package():
    found = answer(Request(COMPLETE, "import http\nhttp.", 2, 5, "", None, None, 0, 0))
    assert {"request", "download"} <= set(found.names)


@pytest.mark.parametrize("module", HAAS_MODULES)
def test_every_haas_module_has_a_stub_with_docstrings(module):
    path = STUBS_DIR / f"{module}.pyi"
    if not path.exists():
        path = STUBS_DIR / f"{module}-stubs" / "__init__.pyi"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree)
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name != "__init__"]
    assert functions and all(ast.get_docstring(function) for function in functions)
    found = answer(Request(COMPLETE, f"import {module}\n{module}.", 2, len(module) + 1, "", None, None, 0, 0))
    assert found.names
