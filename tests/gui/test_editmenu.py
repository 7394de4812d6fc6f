"""The Edit menu and the keys an editor user expects: find, replace, go to line, comment, indent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from ide.gui.editor import CodeEditor

SOURCE = "import utime\n\ndef blink(led):\n    led.on()\n    utime.sleep(1)\n\nblink(None)\n"


@pytest.fixture
def editor(qtbot, active_window, tmp_path):
    window = active_window
    window.set_project_dir(tmp_path)
    source = tmp_path / "main.py"
    source.write_text(SOURCE, encoding="utf-8")
    widget = window.open_file(source)
    assert isinstance(widget, CodeEditor)
    QWidget.setFocus(widget)  # ScintillaEdit.setFocus(bool) is Scintilla's
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    return widget


def choose(window, command: str) -> None:
    """Open the Edit menu (which updates what is enabled) and choose a standard command."""
    window.edit_menu.menu.aboutToShow.emit()
    window.edit_menu.standard_actions[command].trigger()


def texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_edit_menu_sits_between_file_and_view(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:3] == ["&File", "&Edit", "&View"]
    assert window.menu("edit") is window.edit_menu.menu
    assert texts(window.edit_menu.menu) == [
        "&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Select &all", "&Find...", "R&eplace...", "Find &next",
        "Find pre&vious", "Find in pro&ject...", "&Go to line...", "Go to &definition", "Toggle co&mment",
        "&Indent", "&Dedent"]
    keys = {a.text(): a.shortcut().toString() for a in window.edit_menu.menu.actions()}
    assert keys["&Find..."] == "Ctrl+F" and keys["R&eplace..."] == "Ctrl+H"
    assert keys["Find in pro&ject..."] == "Ctrl+Shift+F" and keys["&Go to line..."] == "Ctrl+G"
    assert keys["Go to &definition"] == "F12" and keys["Toggle co&mment"] == "Ctrl+/"
    assert keys["&Undo"] == "Ctrl+Z" and keys["Select &all"] == "Ctrl+A"


def test_editor_commands_are_off_on_the_welcome_page(window):
    window.edit_menu.update_actions()
    assert not window.edit_menu.find_action.isEnabled()
    assert not window.edit_menu.goto_line_action.isEnabled()


def test_ctrl_f_opens_the_find_bar_with_the_selection(qtbot, window, editor):
    assert window.edit_menu.find_bar is None  # built on first use
    editor.setSel(editor.positionFromLine(2) + 4, editor.positionFromLine(2) + 9)  # "blink"
    qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.edit_menu.find_bar
    assert bar is not None and bar.isVisible() and not bar.replace_edit.isVisible()
    assert bar.find_edit.text() == "blink" and bar.find_edit.hasFocus()
    assert bar.parent() is window.editor_area
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)  # the next "blink"
    assert editor.lineFromPosition(editor.selectionStart()) == 6
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_F3)
    assert editor.lineFromPosition(editor.selectionStart()) == 2  # wrapped around
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and editor.hasFocus()


def test_ctrl_h_replaces(qtbot, window, editor):
    qtbot.keyClick(editor, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    bar = window.edit_menu.find_bar
    assert bar.replace_edit.isVisible()
    bar.find_edit.setText("utime")
    bar.replace_edit.setText("time")
    assert bar.replace_all() == 2
    assert "import time\n" in editor.text() and "utime" not in editor.text()


def test_the_console_keeps_its_own_ctrl_f(qtbot, window, editor):
    window.console.input.setFocus()
    qtbot.waitUntil(window.console.input.hasFocus, timeout=2000)
    qtbot.keyClick(window.console.input, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.console.search_field.hasFocus()  # the console's search, not an ambiguous key
    assert window.edit_menu.find_bar is None  # the editor's find bar did not open


def test_go_to_line(qtbot, window, editor):
    qtbot.keyClick(editor, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(QInputDialog, "goto-line-dialog")
    assert dialog is not None and dialog.isVisible()
    assert (dialog.intMinimum(), dialog.intMaximum()) == (1, editor.lineCount())
    dialog.setIntValue(5)
    dialog.accept()
    assert editor.lineFromPosition(editor.currentPos()) == 4


def test_toggle_comment_from_the_menu_and_the_key(qtbot, window, editor):
    editor.gotoPos(editor.positionFromLine(3))
    window.edit_menu.toggle_comment_action.trigger()
    assert editor.line_text(3) == "    # led.on()"
    qtbot.keyClick(editor, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    assert editor.line_text(3) == "    led.on()"  # one toggle per key press, not two


def test_indent_and_dedent_the_selected_lines(qtbot, window, editor):
    editor.setSel(editor.positionFromLine(3), editor.positionFromLine(5))
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert [editor.line_text(n) for n in (3, 4)] == ["        led.on()", "        utime.sleep(1)"]
    window.edit_menu.dedent_action.trigger()
    window.edit_menu.dedent_action.trigger()
    assert [editor.line_text(n) for n in (3, 4)] == ["led.on()", "utime.sleep(1)"]
    editor.undo()
    assert editor.line_text(3) == "    led.on()"  # one undo step per command


def test_indent_leaves_blank_lines_alone(editor):
    editor.set_text("a\n\nb\n")
    editor.selectAll()
    editor.shift_indent(1)
    assert editor.text() == "    a\n\n    b\n"


def test_undo_from_the_menu_acts_on_the_editor_and_ctrl_z_still_works(qtbot, window, editor):
    editor.gotoPos(0)
    qtbot.keyClicks(editor, "x")
    assert editor.text().startswith("ximport")
    window.edit_menu.menu.aboutToShow.emit()  # as when the menu opens
    assert window.edit_menu.standard_actions["undo"].isEnabled()
    assert not window.edit_menu.standard_actions["redo"].isEnabled()
    choose(window, "undo")
    assert editor.text() == SOURCE
    choose(window, "redo")
    assert editor.text().startswith("ximport")
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Scintilla's own key
    assert editor.text() == SOURCE


def test_copy_and_select_all_follow_the_focus(qtbot, window, editor):
    line = window.edit_menu.find_bar_for(editor).find_edit
    window.edit_menu.find_bar.show()
    line.setText("typed here")
    line.setFocus()
    qtbot.waitUntil(line.hasFocus, timeout=2000)
    choose(window, "selectAll")
    assert line.selectedText() == "typed here"
    choose(window, "copy")
    assert QApplication.clipboard().text() == "typed here"
    QWidget.setFocus(editor)
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    choose(window, "selectAll")
    assert (editor.selectionStart(), editor.selectionEnd()) == (0, editor.length())


def test_read_only_text_cannot_be_cut_or_pasted(window, editor):
    editor.setReadOnly(True)
    window.edit_menu.update_actions()
    assert not window.edit_menu.standard_actions["paste"].isEnabled()
    assert not window.edit_menu.standard_actions["cut"].isEnabled()
    assert window.edit_menu.standard_actions["copy"].isEnabled()
    assert not window.edit_menu.run_standard("paste")
