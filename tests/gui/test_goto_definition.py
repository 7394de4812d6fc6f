"""Go to definition (F12 and Ctrl+click) into the buffer, the project's modules and the HaaS stubs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from ide.gui.completion import STUBS_DIR
from ide.gui.editor import CodeEditor
from ide.gui.goto_definition import find_definition

TIMEOUT = 30000  # jedi's first answer loads its caches
MAIN = ("from driver import GPIO\nimport sensors\n\nled = GPIO()\nled.open('led')\n"
        "value = sensors.read_level(2)\nprint(value)\nprint(undefined_name)\n")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "main.py").write_text(MAIN, encoding="utf-8")
    (tmp_path / "sensors.py").write_text("# helpers\n\n\ndef read_level(pin):\n    return pin\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def window(active_window, project):
    active_window.set_project_dir(project)
    return active_window

def caret_on(editor: CodeEditor, text: str, offset: int = 0) -> int:
    pos = editor.text().encode("utf-8").index(text.encode("utf-8")) + offset
    editor.gotoPos(pos)
    return pos


def wait_for_answer(qtbot, window):
    definitions = window.edit_menu._definitions()
    definitions.last = None
    return lambda: definitions.last is not None


def test_f12_on_a_class_from_a_haas_module_opens_its_stub_read_only(qtbot, window):
    editor = window.tabs.currentWidget()
    caret_on(editor, "GPIO()", 1)
    answered = wait_for_answer(qtbot, window)
    qtbot.keyClick(editor, Qt.Key.Key_F12)
    qtbot.waitUntil(answered, timeout=TIMEOUT)
    stub = window.tabs.currentWidget()
    assert stub.file_path == STUBS_DIR / "driver.pyi"
    assert stub.readOnly()
    line = stub.line_text(stub.lineFromPosition(stub.currentPos()))
    assert line.startswith("class GPIO")
    assert "read-only" in window.tabs.tabToolTip(window.tabs.currentIndex())


def test_a_method_of_an_instance_goes_to_the_method(qtbot, window):
    editor = window.tabs.currentWidget()
    caret_on(editor, "open(")
    answered = wait_for_answer(qtbot, window)
    window.edit_menu.goto_definition_action.trigger()
    qtbot.waitUntil(answered, timeout=TIMEOUT)
    stub = window.tabs.currentWidget()
    assert stub.file_path == STUBS_DIR / "driver.pyi"
    assert "def open" in stub.line_text(stub.lineFromPosition(stub.currentPos()))


def test_ctrl_click_goes_into_a_project_module(qtbot, window, project):
    editor = window.tabs.currentWidget()
    pos = caret_on(editor, "read_level", 3)
    editor.gotoPos(0)
    point = QPoint(editor.pointXFromPosition(pos), editor.pointYFromPosition(pos) + 3)
    answered = wait_for_answer(qtbot, window)
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)
    qtbot.waitUntil(answered, timeout=TIMEOUT)
    module = window.tabs.currentWidget()
    assert module.file_path == project / "sensors.py"
    assert module.lineFromPosition(module.currentPos()) == 3  # def read_level, 0-based line 3
    assert not module.readOnly()


def test_a_name_in_the_same_buffer_moves_the_caret_there(qtbot, window):
    editor = window.tabs.currentWidget()
    caret_on(editor, "print(value)", 6)
    answered = wait_for_answer(qtbot, window)
    window.edit_menu.go_to_definition(editor)
    qtbot.waitUntil(answered, timeout=TIMEOUT)
    assert window.tabs.currentWidget() is editor
    assert editor.lineFromPosition(editor.currentPos()) == 5  # value = ...


def test_builtins_and_unknown_names_are_reported(qtbot, window):
    editor = window.tabs.currentWidget()
    caret_on(editor, "print(value)")
    answered = wait_for_answer(qtbot, window)
    window.edit_menu.go_to_definition(editor)
    qtbot.waitUntil(answered, timeout=TIMEOUT)
    assert window.tabs.currentWidget() is editor
    assert window.statusBar().currentMessage() == "print is defined outside the project and the HaaS stubs."
    caret_on(editor, "undefined_name")
    answered = wait_for_answer(qtbot, window)
    window.edit_menu.go_to_definition(editor)
    qtbot.waitUntil(answered, timeout=TIMEOUT)
    assert window.statusBar().currentMessage() == "No definition found for undefined_name."


def test_no_name_at_the_caret(window):
    editor = window.tabs.currentWidget()
    editor.gotoPos(editor.positionFromLine(2))  # the blank line
    assert not window.edit_menu.go_to_definition(editor)
    assert "Put the cursor on a name" in window.statusBar().currentMessage()


def test_a_stale_answer_is_dropped(qtbot, window):
    editor = window.tabs.currentWidget()
    caret_on(editor, "GPIO()", 1)
    answered = wait_for_answer(qtbot, window)
    window.edit_menu.go_to_definition(editor)
    QWidget.setFocus(editor)
    editor.insertText(0, "# edited meanwhile\n")
    qtbot.waitUntil(answered, timeout=TIMEOUT)
    assert window.tabs.currentWidget() is editor  # no jump for text that has changed


def test_find_definition_without_a_file(project):
    found = find_definition("x = 1\nprint(x)\n", None, None, 2, 6, "x")
    assert found.definition is not None and found.definition.path is None and found.definition.line == 1
