"""The board.json form and its text stay in sync, keep what the user wrote, and show diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QToolButton, QWidget

from ide import i18n
from ide.core.boardjson import check_board_json
from ide.gui.boardjson_doc import UNSET, BoardDoc
from ide.gui.boardjson_fields import ChoiceEdit, NumberEdit, RawEdit
from ide.gui.boardjson_form import BoardJsonEditor, BoardJsonForm

ROOT = Path(__file__).resolve().parents[2]
FLORICULTURE = ROOT / "templates" / "floriculture" / "variants" / "esp32" / "board.json"
INPUT_ONLY = {34, 35, 36, 37, 38, 39}
WAIT = 5000

# The floriculture board.json with keys the firmware does not know, in the node and at the top.
WITH_EXTRAS = """{
    "name": "esp32",
    "author": "小明",
    "version": "1.0.0",
    "io": {
        "sht3x": {"type": "I2C", "port": 0, "addrWidth": 7, "freq": 400000, "mode": "master", "devAddr": 68},
        "led_g": {"note": "green", "type": "GPIO", "port": 26, "dir": "output", "pull": "pulldown", "x": [1, 2]},
        "led_b": {"type": "GPIO", "port": 27, "dir": "output", "pull": "pulldown"}
    },
    "debugLevel": "ERROR",
    "repl": "enable"
}
"""

TYPO = """{
  "io": {
    "led": {"type": "GPIO", "port": 25, "dir": "output"},
    "mq2": {"type": "ADC", "port": 0, "sample": 12000000},
    "fan": {"type": "PWM", "port": 26}
  }
}
"""


@pytest.fixture
def form(qtbot):
    widget = BoardJsonForm()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def editor(qtbot):
    widget = BoardJsonEditor(board_id="esp32-devkitc", delay_ms=20)
    qtbot.addWidget(widget)
    return widget


def edit(qtbot, form, action):
    """Run `action` (a user edit) and return the text the form wrote."""
    with qtbot.waitSignal(form.text_changed, timeout=WAIT) as signal:
        action()
    return signal.args[0]


def items(combo):
    return [combo.itemText(i) for i in range(combo.count())]


def key_paths(value, prefix=()):
    """Every key path of a JSON document in order, so key order can be compared."""
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            out.append(prefix + (key,))
            out += key_paths(item, prefix + (key,))
        return out
    return []


def test_template_loads_one_row_per_node(form):
    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    assert form.is_valid() and form.content.isEnabled()
    assert [(r.name, r.type) for r in form.rows()] == [("sht3x", "I2C"), ("led_g", "GPIO"), ("led_b", "GPIO")]
    sht3x = form.row("sht3x")
    assert sht3x.cell("freq").value() == 400000
    assert sht3x.cell("devAddr").value() == 68
    assert sht3x.cell("mode").value() == "master"
    assert form.row("led_g").cell("dir").value() == "output"
    assert form.top.cell("name").text() == "esp32"
    assert form.top.cell("debugLevel").value() == "ERROR"


@pytest.mark.parametrize("path", sorted(ROOT.glob("templates/*/variants/*/board.json")), ids=lambda p: p.parts[-4])
def test_every_template_writes_back_unchanged(path):
    text = path.read_text(encoding="utf-8")
    assert BoardDoc.from_text(text).dumps() == text


def test_port_edit_keeps_key_order_and_unknown_keys(qtbot, form):
    form.set_board("esp32-devkitc")
    form.set_text(WITH_EXTRAS)
    text = edit(qtbot, form, lambda: form.row("led_g").cell("port").choose(25))
    assert text == WITH_EXTRAS.replace('"port": 26', '"port": 25')
    data = json.loads(text)
    assert key_paths(data) == key_paths(json.loads(WITH_EXTRAS))
    assert data["io"]["led_g"]["port"] == 25
    assert data["io"]["led_g"]["note"] == "green" and data["io"]["led_g"]["x"] == [1, 2]
    assert data["author"] == "小明"
    assert form.text() == text


def test_numbers_stay_numbers_and_unknown_keys_are_editable(qtbot, form):
    form.set_text(WITH_EXTRAS)
    freq = form.row("sht3x").cell("freq")
    assert isinstance(freq, NumberEdit)
    text = edit(qtbot, form, lambda: freq.setValue(100000))
    assert '"freq": 100000,' in text
    note = form.row("led_g").cell("note")
    assert isinstance(note, RawEdit) and note.text() == '"green"'
    note.setText("7")
    text = edit(qtbot, form, note.editingFinished.emit)
    assert '{"note": 7, "type": "GPIO"' in text


def test_string_written_number_shows_raw_until_fixed(qtbot, form):
    form.set_text('{"io": {"led": {"type": "GPIO", "port": "2"}}}')
    port = form.row("led").cell("port")
    assert isinstance(port, RawEdit) and port.text() == '"2"'
    port.setText("2")
    text = edit(qtbot, form, port.editingFinished.emit)
    assert text == '{"io": {"led": {"type": "GPIO", "port": 2}}}'
    assert not isinstance(form.row("led").cell("port"), RawEdit)


def test_clearing_an_optional_field_removes_the_key(qtbot, form):
    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    text = edit(qtbot, form, lambda: form.row("led_b").cell("pull").choose(UNSET))
    assert '"led_b": {"type": "GPIO", "port": 27, "dir": "output"}' in text


def test_editing_the_text_updates_the_form(qtbot, editor):
    editor.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    assert editor.form.row("led_g").cell("port").value() == 26
    changed = editor.text().replace('"port": 26', '"port": 32').replace('"led_b"', '"蓝灯"')
    editor.editor.set_text(changed)
    qtbot.waitUntil(lambda: editor.form.text() == changed, timeout=WAIT)
    assert editor.form.row("led_g").cell("port").value() == 32
    assert [r.name for r in editor.form.rows()] == ["sht3x", "led_g", "蓝灯"]
    assert editor.text() == changed


def test_form_edit_reaches_the_text_once_without_echo(qtbot, editor):
    editor.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    rows = editor.form.rows()
    seen = []
    editor.text_changed.connect(seen.append)
    with qtbot.waitSignal(editor.checked, timeout=WAIT):
        editor.form.row("sht3x").cell("devAddr").setValue(69)
    assert len(seen) == 1 and '"devAddr": 69' in editor.text() == seen[0]
    assert editor.form.text() == editor.text()
    assert editor.form.rows() == rows          # the echo of the form's own text did not rebuild it
    assert not editor._sync_timer.isActive()


def test_invalid_json_disables_the_form_and_keeps_the_text(qtbot, editor):
    editor.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    broken = editor.text().replace('"port": 26,', '"port": 26,,')
    editor.editor.set_text(broken)
    qtbot.waitUntil(lambda: not editor.form.content.isEnabled(), timeout=WAIT)
    assert not editor.form.is_valid()
    assert "line 6" in editor.form.banner_text()
    assert editor.form.add_node() == -1
    editor.form.remove_node(0)
    assert editor.text() == broken and editor.form.text() == broken
    with qtbot.waitSignal(editor.checked, timeout=WAIT) as checked:
        editor.check_now()
    assert checked.args[0][0].code.startswith("json-")
    fixed = broken.replace(",,", ",")
    editor.editor.set_text(fixed)
    qtbot.waitUntil(editor.form.is_valid, timeout=WAIT)
    assert editor.form.content.isEnabled() and not editor.form.banner_text()


def test_top_level_that_is_not_an_object_disables_the_form(form):
    form.set_text("[1, 2]")
    assert not form.is_valid() and "object" in form.banner_text()


def test_pin_picker_offers_only_the_boards_pins(qtbot, form):
    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    assert isinstance(form.row("led_g").cell("port"), NumberEdit)        # no board: any number
    form.set_board("esp32-devkitc")
    port = form.row("led_g").cell("port")
    assert isinstance(port, ChoiceEdit)
    offered = {int(text) for text in items(port)}
    assert not offered & INPUT_ONLY and {2, 25, 26, 27, 32, 33} <= offered
    edit(qtbot, form, lambda: form.row("led_g").cell("dir").choose("input"))
    port = form.row("led_g").cell("port")
    assert {34, 35, 36, 39} <= {int(text) for text in items(port)}
    assert port.value() == 26
    i2c = form.row("sht3x").cell("port")
    assert items(i2c) == ["0", "1"]
    form.set_text(FLORICULTURE.read_text(encoding="utf-8").replace('"port": 26', '"port": 34'))
    port = form.row("led_g").cell("port")
    assert port.value() == 34 and items(port)[-1] == "34"    # what the file says stays visible


def test_adc_channels_name_their_gpio(form):
    form.set_board("esp32-devkitc")
    form.set_text(TYPO)
    assert items(form.row("mq2").cell("port"))[:2] == ["0 (GPIO36)", "3 (GPIO39)"]


def test_add_duplicate_and_remove_nodes(qtbot, form):
    form.set_board("esp32-devkitc")
    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    text = edit(qtbot, form, form.add_button.click)
    assert [r.name for r in form.rows()] == ["sht3x", "led_g", "led_b", "gpio"]
    assert '        "gpio": {"type": "GPIO", "port": 0, "dir": "output"}\n    },' in text
    text = edit(qtbot, form, lambda: form.duplicate_node(1))
    assert [r.name for r in form.rows()] == ["sht3x", "led_g", "led_g_2", "led_b", "gpio"]
    assert json.loads(text)["io"]["led_g_2"] == json.loads(text)["io"]["led_g"]
    remove = next(b for b in form.rows()[0].findChildren(QToolButton) if b.text() == "Remove node")
    text = edit(qtbot, form, remove.click)
    assert [r.name for r in form.rows()] == ["led_g", "led_g_2", "led_b", "gpio"]
    assert "sht3x" not in text
    for _ in range(4):
        form.remove_node(0)
    assert form.rows() == [] and json.loads(form.text())["io"] == {}
    assert form.no_nodes.isVisibleTo(form)


def test_first_node_of_an_empty_file_uses_two_spaces(qtbot, form):
    form.set_text("{}")
    text = edit(qtbot, form, lambda: form.add_node("PWM", "fan"))
    assert text == '{\n  "io": {\n    "fan": {"type": "PWM", "port": 0}\n  }\n}'


def test_changing_the_type_keeps_what_still_applies(qtbot, form):
    form.set_text(WITH_EXTRAS)
    text = edit(qtbot, form, lambda: form.row("led_g").cell("type").choose("PWM"))
    node = json.loads(text)["io"]["led_g"]
    assert node == {"note": "green", "type": "PWM", "port": 26, "x": [1, 2]}
    assert form.row("led_g").type == "PWM" and form.row("led_g").cell("dir") is None


def test_rename_node(qtbot, form):
    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    name = form.row("led_b").cell(None)
    name.setText("蓝灯")
    text = edit(qtbot, form, name.editingFinished.emit)
    assert '"蓝灯": {"type": "GPIO", "port": 27' in text


def test_typo_diagnostic_marks_its_row_and_cell(qtbot, editor):
    with qtbot.waitSignal(editor.checked, timeout=WAIT) as checked:
        editor.set_text(TYPO)
    assert any(d.code == "unknown-key" and d.line == 4 for d in checked.args[0])
    rows = {r.name: r for r in editor.form.rows()}
    assert rows["mq2"].severity == "warning"
    assert rows["mq2"].property("bjSeverity") == "warning"
    sample = rows["mq2"].cell("sample")
    assert sample.property("bjSeverity") == "warning"
    assert 'did you mean "sampling"' in sample.toolTip()
    assert rows["led"].severity is None and rows["fan"].severity is None
    if hasattr(editor.editor, "diagnostics"):                  # the text side shows them too
        assert editor.editor.diagnostics() == checked.args[0]
    assert not editor._sync_timer.isActive()                   # markers in the text are not an edit


def test_diagnostics_on_top_level_and_unplaced(form):
    text = '{"debugLevel": "LOUD", "io": {"a": {"port": 2}}}'
    form.set_text(text)
    _config, diagnostics = check_board_json(text)
    form.set_diagnostics(diagnostics)
    assert form.top.cell("debugLevel").property("bjSeverity") == "error"
    assert form.row("a").severity == "error"                  # the node has no "type"
    assert "no \"type\"" in form.row("a").cell(None).toolTip()
    form.set_diagnostics([])
    assert form.row("a").severity is None and form.top.cell("debugLevel").property("bjSeverity") is None


def test_chinese_names_and_values_survive_a_round_trip(qtbot, editor):
    original = ('{\n  "name": "花卉养护",\n  "io": {\n'
                '    "绿灯": {"type": "GPIO", "port": 26, "说明": "叶子"},\n'
                '    "温湿度": {"type": "I2C", "port": 0, "devAddr": 68}\n  }\n}\n')
    editor.set_text(original)
    assert [r.name for r in editor.form.rows()] == ["绿灯", "温湿度"]
    assert editor.form.row("绿灯").cell("说明").text() == '"叶子"'
    with qtbot.waitSignal(editor.checked, timeout=WAIT):
        editor.form.row("绿灯").cell("port").choose(27)
    assert editor.text() == original.replace('"port": 26', '"port": 27')
    name = editor.form.top.cell("name")
    name.setText("花园")
    with qtbot.waitSignal(editor.form.text_changed, timeout=WAIT):
        name.editingFinished.emit()
    assert '"name": "花园"' in editor.text() and "\\u" not in editor.text()
    assert editor.text().encode("utf-8").decode("utf-8") == editor.text()


def test_tooltips_and_buttons_follow_the_language(qtbot):
    i18n.set_language("zh_CN")
    form = BoardJsonForm()
    qtbot.addWidget(form)
    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    row = form.row("led_g")
    assert "GPIO 编号" in row.cell("port").toolTip()
    assert "方向" in row.cell("dir").toolTip()
    assert "一条 I2C 总线" in form.row("sht3x").cell("type").itemData(2, 3)
    assert form.add_button.text() == "添加节点"
    assert form.top.title() == "常规设置"


def test_load_project_uses_the_projects_board(qtbot, tmp_path):
    from ide.core.project import init_project

    (tmp_path / "p").mkdir()
    project = init_project(tmp_path / "p", "esp32-devkitc")
    project.board_json.write_text(FLORICULTURE.read_text(encoding="utf-8"), encoding="utf-8")
    fresh = BoardJsonEditor(delay_ms=20)
    qtbot.addWidget(fresh)
    with qtbot.waitSignal(fresh.checked, timeout=WAIT):
        fresh.load_project(project.path)
    assert fresh.form.board().id == "esp32-devkitc"
    assert isinstance(fresh.form.row("led_g").cell("port"), ChoiceEdit)


def test_changing_the_type_picks_a_port_the_board_has(qtbot, form):
    form.set_board("esp32-devkitc")
    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    text = edit(qtbot, form, lambda: form.row("led_b").cell("type").choose("UART"))
    assert '"led_b": {"type": "UART", "port": 1}' in text


def test_wheel_over_an_unfocused_picker_changes_nothing(qtbot, form):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    form.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    mode = form.row("sht3x").cell("mode")
    event = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    mode.wheelEvent(event)
    assert not event.isAccepted() and mode.value() == "master"


def test_typing_wins_over_a_form_edit_made_before_it_arrived(qtbot):
    slow = BoardJsonEditor(delay_ms=60_000)
    qtbot.addWidget(slow)
    slow.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    typed = slow.text().replace('"led_b"', '"led_blue"')
    slow.editor.set_text(typed)                       # the user types; the form has not seen it yet
    assert slow._sync_timer.isActive()
    slow.form.row("led_g").cell("dir").choose("input")
    assert slow.text() == typed and slow.form.text() == typed
    assert [r.name for r in slow.form.rows()] == ["sht3x", "led_g", "led_blue"]


def test_leaving_the_text_brings_the_form_up_to_date(qtbot):
    slow = BoardJsonEditor(delay_ms=60_000)
    qtbot.addWidget(slow)
    slow.set_text(FLORICULTURE.read_text(encoding="utf-8"))
    slow.show()
    qtbot.waitExposed(slow)
    slow.activateWindow()
    qtbot.waitUntil(slow.isActiveWindow, timeout=WAIT)
    QWidget.setFocus(slow.editor)                     # ScintillaEdit's own setFocus(bool) is another thing
    qtbot.waitUntil(slow.editor.hasFocus, timeout=WAIT)
    typed = slow.text().replace('"port": 27', '"port": 33')
    slow.editor.set_text(typed)
    slow.form.row("led_b").cell(None).setFocus()
    qtbot.waitUntil(lambda: slow.form.text() == typed, timeout=WAIT)
    assert slow.form.row("led_b").cell("port").value() == 33


def test_a_closed_editor_leaves_no_focus_handler_behind(qtbot):
    from PySide6.QtWidgets import QApplication, QLineEdit

    gone = BoardJsonEditor()
    gone.set_text("{}")
    gone.deleteLater()
    qtbot.waitUntil(lambda: not _alive(gone), timeout=WAIT)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus, timeout=WAIT)     # a focus change the deleted editor must not see
    QApplication.processEvents()


def _alive(widget):
    from shiboken6 import isValid

    return isValid(widget)
