"""The code editor: lexers, indentation, comments, find/replace, folding, files, themes, diagnostics."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ide.core.boardjson import Diagnostic
from ide.core.errors import ProjectError
from ide.gui import diagnostics as diagnostics_view
from ide.gui import editor_worker
from ide.gui.diagnostics import check_buffer
from ide.gui.editor import CodeEditor
from ide.gui.editor_search import SearchOptions, find
from ide.gui.editor_text import comment_toggled, detect_eol, language_for, next_indent
from ide.gui.editor_theme import DARK, LIGHT, bgr
from ide.gui.findbar import FindBar

CHINESE = "# 温湿度传感器\nprint('你好，HaaS')\n"
ERROR_MARKER = 1 << diagnostics_view.MARKERS["error"]
WARNING_MARKER = 1 << diagnostics_view.MARKERS["warning"]


@pytest.fixture
def editor(qtbot):
    widget = CodeEditor()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_keys(qtbot, editor, *keys) -> None:
    for key in keys:
        qtbot.keyClick(editor, key)


def ctrl(editor, key) -> None:
    """Deliver Ctrl+`key` as one key event (QTest would also press a lone Ctrl, which nobody accepts)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor, QKeyEvent(kind, key, Qt.KeyboardModifier.ControlModifier))


def caret_line(editor) -> int:
    return editor.lineFromPosition(editor.currentPos()) + 1


# -- lexers --------------------------------------------------------------------------------
@pytest.mark.parametrize("name, lexer", [("main.py", b"python"), ("sht3x.pyi", b"python"),
                                         ("board.json", b"json"), ("package.json", b"json"),
                                         ("README.md", b"null")])
def test_lexer_follows_the_file_name(editor, tmp_path, name, lexer):
    path = tmp_path / name
    path.write_text("x = 1\n", encoding="utf-8")
    editor.load(path)
    assert bytes(editor.lexerLanguage()) == lexer
    assert editor.path == path


def test_language_for():
    assert language_for("a/main.py") == "python"
    assert language_for("BOARD.JSON") == "json"
    assert language_for("notes.txt") == "text"


def test_json_highlighting(editor):
    editor.set_language("json")
    editor.set_text('{"io": {"led": {"port": 2, "ok": true}}}')
    editor.colourise(0, -1)
    assert editor.styleAt(1) == 4   # SCE_JSON_PROPERTYNAME
    assert editor.styleAt(24) == 1  # SCE_JSON_NUMBER


# -- indentation and comments ------------------------------------------------------------------
def test_enter_keeps_the_indent_and_adds_one_after_a_colon(editor, qtbot):
    editor.set_text("def blink(times):")
    editor.gotoPos(editor.length())
    type_keys(qtbot, editor, Qt.Key.Key_Return)
    assert editor.text() == "def blink(times):\n    "
    type_keys(qtbot, editor, Qt.Key.Key_X, Qt.Key.Key_Return)
    assert editor.text() == "def blink(times):\n    x\n    "
    assert editor.currentPos() == editor.length()


def test_enter_after_return_goes_one_level_out(editor, qtbot):
    editor.set_text("def f():\n    if x:  # a comment: with a colon\n        return 1")
    editor.gotoPos(editor.length())
    type_keys(qtbot, editor, Qt.Key.Key_Return)
    assert editor.text().endswith("return 1\n    ")


@pytest.mark.parametrize("previous, indent, expected", [
    ("if x:", 0, 4), ("    x = 1", 4, 4), ("x = ':'", 0, 0), ("for i in range(3):  # loop", 0, 4),
    ("        pass", 8, 4), ("    return", 4, 0), ("", 0, 0)])
def test_next_indent(previous, indent, expected):
    assert next_indent(previous, indent) == expected


def test_next_indent_in_json():
    assert next_indent('  "io": {', 2, "json") == 6
    assert next_indent('  "port": 2,', 2, "json") == 2


def test_comment_toggle_round_trip(editor):
    original = "def f():\n    a = 1\n\n    b = 2\nprint(f())\n"
    editor.set_text(original)
    editor.setSel(editor.positionFromLine(1), editor.positionFromLine(4))  # lines 2-4, ends at line 5's start
    editor.toggle_comment()
    assert editor.text() == "def f():\n    # a = 1\n\n    # b = 2\nprint(f())\n"
    editor.toggle_comment()
    assert editor.text() == original


def test_ctrl_slash_comments_the_caret_line(editor):
    editor.set_text("x = 1\ny = 2\n")
    editor.gotoPos(editor.positionFromLine(1) + 2)
    ctrl(editor, Qt.Key.Key_Slash)
    assert editor.text() == "x = 1\n# y = 2\n"
    editor.undo()
    assert editor.text() == "x = 1\ny = 2\n"


def test_comment_toggled():
    assert comment_toggled(["  a", "", "    b"]) == ["  # a", "", "  #   b"]
    assert comment_toggled(["  # a", "", "  #   b"]) == ["  a", "", "    b"]
    assert comment_toggled(["# a", "b"]) == ["# # a", "# b"]
    assert comment_toggled(["#a"]) == ["a"]


def test_json_has_no_comments(editor):
    editor.set_language("json")
    editor.set_text('{"io": {}}')
    editor.toggle_comment()
    assert editor.text() == '{"io": {}}'


# -- find and replace ----------------------------------------------------------------------------
@pytest.fixture
def findbar(qtbot, editor):
    bar = FindBar(editor=editor)
    qtbot.addWidget(bar)
    editor.set_text("led_r = GPIO()\nled_g = GPIO()\nLED_B = gpio()\nprint(led_r)\n")
    editor.gotoPos(0)
    return bar


def selected(editor) -> str:
    return bytes(editor.textRange(editor.selectionStart(), editor.selectionEnd())).decode()


def test_find_next_and_previous_wrap_around(findbar, editor):
    findbar.find_edit.setText("led_r")
    assert findbar.find_next() and editor.lineFromPosition(editor.selectionStart()) == 0
    assert findbar.find_next() and editor.lineFromPosition(editor.selectionStart()) == 3
    assert findbar.find_next() and editor.lineFromPosition(editor.selectionStart()) == 0  # wrapped
    assert findbar.find_previous() and editor.lineFromPosition(editor.selectionStart()) == 3


def test_find_match_case_and_whole_word(findbar, editor):
    findbar.find_edit.setText("GPIO")
    findbar.case_box.setChecked(True)
    for _ in range(3):
        assert findbar.find_next() and selected(editor) == "GPIO"
    findbar.find_edit.setText("led")
    findbar.case_box.setChecked(False)
    findbar.word_box.setChecked(True)
    assert not findbar.find_next()
    assert findbar.status_label.text() == "No matches"


def test_regex_replace_all_with_groups(findbar, editor):
    findbar.regex_box.setChecked(True)
    findbar.case_box.setChecked(True)
    findbar.find_edit.setText(r"led_(\w)\b")
    findbar.replace_edit.setText(r"pin_\1")
    assert findbar.replace_all() == 3
    assert editor.text() == "pin_r = GPIO()\npin_g = GPIO()\nLED_B = gpio()\nprint(pin_r)\n"
    assert "3" in findbar.status_label.text()
    editor.undo()  # one undo step for all of them
    assert editor.text().startswith("led_r = GPIO()\nled_g")


def test_replace_one_then_next(findbar, editor):
    findbar.case_box.setChecked(True)
    findbar.find_edit.setText("GPIO")
    findbar.replace_edit.setText("driver.GPIO")
    assert findbar.find_next()
    assert findbar.replace()
    assert editor.text().startswith("led_r = driver.GPIO()\nled_g = GPIO()")
    assert selected(editor) == "GPIO" and editor.lineFromPosition(editor.selectionStart()) == 1


def test_regex_across_non_ascii_text(editor):
    editor.set_text("温度 = 25\n湿度 = 60\n")
    assert find(editor, r"湿.\s=\s(\d+)", SearchOptions(regex=True))
    assert selected(editor) == "湿度 = 60"


def test_invalid_regex_is_reported(findbar):
    findbar.regex_box.setChecked(True)
    findbar.find_edit.setText("led_(")
    assert not findbar.find_next()
    assert findbar.status_label.text() == "Invalid regular expression"
    assert findbar.replace_all() == 0


def test_findbar_keys(findbar, editor, qtbot):
    findbar.open(replace=True)
    assert findbar.replace_edit.isVisibleTo(findbar)
    qtbot.keyClicks(findbar.find_edit, "print")
    assert selected(editor) == "print"  # found while typing
    qtbot.keyClick(findbar.find_edit, Qt.Key.Key_Escape)
    assert not findbar.isVisible()


def test_findbar_speaks_chinese(qtbot):
    from ide import i18n
    from tests.test_i18n import untranslated, visible_texts

    i18n.set_language("zh_CN")
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.open(replace=True)
    english = [(where, text) for where, text in visible_texts(bar) if untranslated(text)]
    assert not english
    assert bar.find_edit.placeholderText() == "在此文件中查找"


def test_findbar_starts_with_the_selection(findbar, editor):
    editor.setSel(0, 5)
    findbar.open()
    assert findbar.find_edit.text() == "led_r"
    assert not findbar.replace_edit.isVisibleTo(findbar)


# -- navigation and folding ----------------------------------------------------------------------
def test_goto_line(editor):
    editor.set_text("".join(f"x{n} = {n}\n" for n in range(1, 501)))
    editor.goto_line(321)
    assert caret_line(editor) == 321
    first = editor.firstVisibleLine()
    assert first <= 320 < first + editor.linesOnScreen()
    editor.goto_line(10, 4)
    assert editor.currentPos() == editor.positionFromLine(9) + 3
    editor.goto_line(10_000)
    assert caret_line(editor) == editor.lineCount()


def test_fold_and_unfold(editor):
    editor.set_text("def f():\n    a = 1\n    return a\n\ndef g():\n    pass\n")
    editor.toggle_fold(1)
    assert editor.is_folded(1)
    assert not editor.lineVisible(1) and not editor.lineVisible(2)
    editor.toggle_fold(2)  # inside the folded block: toggles its header
    assert not editor.is_folded(1) and editor.lineVisible(1)
    editor.fold_all()
    assert editor.is_folded(1) and editor.is_folded(5) and not editor.lineVisible(5)
    editor.unfold_all()
    assert all(editor.lineVisible(line) for line in range(editor.lineCount()))
    assert editor.marginWidthN(2) > 0 and editor.marginSensitiveN(2)


def test_goto_line_unfolds(editor):
    editor.set_text("def f():\n    a = 1\n    return a\n")
    editor.fold_all()
    editor.goto_line(3)
    assert editor.lineVisible(2)


def test_brace_matching(editor):
    editor.set_text("print((1, [2]))")
    assert editor.matching_brace(6) == (5, 14)   # just after "print(": that "(" and its ")"
    assert editor.matching_brace(11) == (10, 12)
    assert editor.matching_brace(2) is None
    editor.set_text("f((1)")
    assert editor.matching_brace(1) == (1, -1)


# -- files and the modified flag ---------------------------------------------------------------
def test_load_save_round_trip_with_chinese_text(editor, tmp_path):
    path = tmp_path / "main.py"
    path.write_bytes(CHINESE.encode("utf-8"))
    editor.load(path)
    assert editor.text() == CHINESE
    assert not editor.is_modified()
    editor.gotoPos(editor.length())
    editor.replaceSel("led = '灯'\n")
    assert editor.is_modified()
    assert editor.save() == path
    assert path.read_bytes() == (CHINESE + "led = '灯'\n").encode("utf-8")
    assert not editor.is_modified()
    assert not list(tmp_path.glob(".*saving"))


def test_crlf_line_endings_are_kept(editor, tmp_path, qtbot):
    path = tmp_path / "main.py"
    path.write_bytes("if True:\r\n    print('好')\r\n".encode("utf-8"))
    editor.load(path)
    editor.gotoPos(editor.lineEndPosition(1))
    type_keys(qtbot, editor, Qt.Key.Key_Return, Qt.Key.Key_X)
    editor.save()
    assert path.read_bytes() == "if True:\r\n    print('好')\r\n    x\r\n".encode("utf-8")


def test_bom_is_kept(editor, tmp_path):
    path = tmp_path / "board.json"
    path.write_bytes(b'\xef\xbb\xbf{"io": {}}\n')
    editor.load(path)
    assert editor.text() == '{"io": {}}\n'
    editor.save()
    assert path.read_bytes() == b'\xef\xbb\xbf{"io": {}}\n'


def test_save_as_changes_path_and_language(editor, tmp_path, qtbot):
    editor.set_text('{"io": {"led": {"type": "GPIO", "port": 2, "dri": "output"}}}\n')
    with qtbot.waitSignal(editor.diagnostics_runner.checked, timeout=10000) as blocker:
        target = editor.save(tmp_path / "board.json")
    assert editor.path == target and editor.language == "json"
    assert [d.code for d in blocker.args[0]]  # checked as a board.json now
    assert target.read_text(encoding="utf-8").startswith('{"io": {"led"')
    with pytest.raises(ValueError):
        CodeEditor(assist=False).save()


def test_a_file_that_is_not_utf8_is_refused(editor, tmp_path):
    path = tmp_path / "gbk.py"
    path.write_bytes("print('中文')".encode("gbk"))
    with pytest.raises(ProjectError) as error:
        editor.load(path)
    assert "gbk.py" in error.value.message and error.value.hint
    assert editor.path is None


def test_detect_eol():
    assert detect_eol("a\r\nb") == 0 and detect_eol("a\rb") == 1 and detect_eol("a\nb") == 2 and detect_eol("a") == 2


def test_modification_changed_signal(editor, qtbot):
    editor.set_text("x = 1\n")
    with qtbot.waitSignal(editor.modification_changed, timeout=1000) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_A)
    assert blocker.args == [True] and editor.is_modified()
    with qtbot.waitSignal(editor.modification_changed, timeout=1000) as blocker:
        editor.undo()
    assert blocker.args == [False] and not editor.is_modified()
    with qtbot.assertNotEmitted(editor.modification_changed):
        editor.set_text("y = 2\n")


def test_modified_then_saved(editor, qtbot, tmp_path):
    editor.load(_write(tmp_path / "main.py", "x = 1\n"))
    with qtbot.waitSignal(editor.modification_changed, timeout=1000):
        editor.replaceSel("# ")
    with qtbot.waitSignal(editor.modification_changed, timeout=1000) as blocker:
        editor.save()
    assert blocker.args == [False]


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# -- zoom and themes -------------------------------------------------------------------------------
def test_zoom(editor):
    margin = editor.marginWidthN(0)
    editor.zoom_in()
    editor.zoom_in()
    assert editor.zoom_level() == 2 and editor.marginWidthN(0) > margin
    editor.zoom_out()
    assert editor.zoom_level() == 1
    ctrl(editor, Qt.Key.Key_0)
    assert editor.zoom_level() == 0
    ctrl(editor, Qt.Key.Key_Minus)
    assert editor.zoom_level() == -1


def test_font(editor):
    editor.set_font("DejaVu Sans Mono", 15)
    assert bytes(editor.styleFont(32)).decode() == "DejaVu Sans Mono"
    assert editor.styleSize(32) == 15 and editor.styleSize(5) == 15


def test_light_and_dark_themes(editor):
    assert editor.styleBack(32) == bgr(LIGHT.background)
    editor.set_theme("dark")
    assert editor.theme is DARK
    assert editor.styleBack(32) == bgr(DARK.background)
    assert editor.styleFore(5) == bgr(DARK.python[5])   # keywords
    editor.set_language("json")                              # the theme survives a lexer change
    assert editor.styleFore(4) == bgr(DARK.json[4])
    editor.set_theme("light")
    assert editor.styleBack(32) == bgr(LIGHT.background)


# -- diagnostics ---------------------------------------------------------------------------------
def test_set_diagnostics_shows_markers_and_annotations(editor):
    editor.set_text("import driver\nx = 1\ny = 2\n")
    editor.set_diagnostics([Diagnostic("main.py", 2, 1, "error", "e", "broken here"),
                            Diagnostic("main.py", 2, 5, "warning", "w", "and a warning"),
                            Diagnostic("main.py", 3, 1, "hint", "h", "a hint"),
                            Diagnostic("main.py", 99, 1, "warning", "w", "past the end")])
    assert editor.markerGet(1) & ERROR_MARKER and not editor.markerGet(1) & WARNING_MARKER
    assert bytes(editor.annotationText(1)).decode() == "broken here\nand a warning"
    assert editor.annotationStyle(1) == 0
    assert editor.markerGet(2) == 1 << diagnostics_view.MARKERS["hint"]
    assert bytes(editor.annotationText(3)).decode() == "past the end"
    assert editor.indicatorValueAt(diagnostics_view.INDICATORS["error"], editor.positionFromLine(1)) == 1
    editor.set_diagnostics([])
    assert editor.markerGet(1) == 0 and not bytes(editor.annotationText(1))
    assert editor.diagnostics() == []


def test_board_json_typo_shows_up_as_you_type(editor, qtbot, tmp_path):
    path = _write(tmp_path / "board.json", '{"io": {"mq2": {"type": "ADC", "port": 0, "sampling": 12000000}}}\n')
    editor.load(path)
    with qtbot.waitSignal(editor.diagnostics_runner.checked, timeout=10000) as blocker:
        pass
    assert blocker.args == [[]]
    start = editor.text().encode().index(b'"sampling"') + 1
    editor.setTargetRange(start, start + len("sampling"))
    editor.replaceTarget(len("sample"), "sample")  # as if typed over
    with qtbot.waitSignal(editor.diagnostics_runner.checked, timeout=10000) as blocker:
        pass
    found = blocker.args[0]
    assert any("sample" in d.message and "sampling" in d.message for d in found)
    line = found[0].line - 1
    assert editor.markerGet(line) & (ERROR_MARKER | WARNING_MARKER)
    assert "sampling" in bytes(editor.annotationText(line)).decode()


def test_python_syntax_error_shows_up_as_you_type(editor, qtbot):
    editor.set_text("import utime\n\nwhile True\n    utime.sleep_ms(1000)\n")
    with qtbot.waitSignal(editor.diagnostics_runner.checked, timeout=10000) as blocker:
        editor.diagnostics_runner.schedule()
    (error,) = blocker.args[0]
    assert (error.line, error.severity) == (3, "error")
    assert editor.markerGet(2) & ERROR_MARKER
    assert "expected ':'" in bytes(editor.annotationText(2)).decode()
    editor.gotoPos(editor.lineEndPosition(2))
    qtbot.keyClicks(editor, ":")
    with qtbot.waitSignal(editor.diagnostics_runner.checked, timeout=10000) as blocker:
        pass
    assert blocker.args == [[]] and editor.markerGet(2) == 0


def test_a_stale_check_is_dropped(editor, qtbot):
    editor.set_text("x = (\n")
    editor.diagnostics_runner.run_now()
    editor.set_text("x = 1\n")  # changed before the answer arrived
    with qtbot.waitSignal(editor.diagnostics_runner.checked, timeout=10000) as blocker:
        pass
    assert blocker.args == [[]] and editor.markerGet(0) == 0


def test_the_runner_can_be_switched_off(editor, qtbot):
    editor.diagnostics_runner.enabled = False
    editor.set_diagnostics([Diagnostic("board.json", 1, 1, "error", "e", "from the form")])
    editor.set_text("x = (\n")
    editor.diagnostics_runner.run_now()
    assert not editor.diagnostics_runner.timer.isActive()
    assert editor_worker.wait_for_idle()
    assert [d.message for d in editor.diagnostics()] == ["from the form"]


@pytest.mark.parametrize("text, language, file, expected", [
    ('{"io": {}}', "json", "board.json", []),
    ('{"io": {"led": {"type": "GPIO", "port": 2, "dri": "output"}}}', "json", "board.json", ["warning"]),
    ('{"a": }', "json", "package.json", ["error"]),
    ("x = '\\d'\n", "python", "main.py", ["warning"]),
    ("def f(:\n", "python", "main.py", ["error"]),
    ("anything", "text", "notes.txt", []),
])
def test_check_buffer(text, language, file, expected):
    assert [d.severity for d in check_buffer(text, language, file)] == expected


def test_live_python_checks_run_the_static_pass_with_the_board_and_the_files_beside(tmp_path):
    from ide.core.boards import get_board

    (tmp_path / "helpers.py").write_text("def blink():\n    pass\n", encoding="utf-8")
    text = "from helpers import *\nimport utime\nnetwork.WLAN(blink)\n"
    found = check_buffer(text, "python", "main.py", get_board("esp32-devkitc"), tmp_path)
    assert [(d.line, d.severity, d.code) for d in found] == [(3, "error", "undefined-name"),
                                                             (2, "warning", "unused-import")]
    assert 'add "import network"' in found[0].message
    unknown_star = check_buffer(text, "python", "main.py")   # helpers.py cannot be read: "may come from"
    assert [(d.code, d.severity) for d in unknown_star] == [("star-import", "hint")] * 2 + [("unused-import", "warning")]
