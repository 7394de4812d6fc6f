"""Find in project: Ctrl+Shift+F opens the panel, results are grouped by file and open the line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ide.gui.findinfiles import FindInFilesPanel

TIMEOUT = 10000


@pytest.fixture
def project(tmp_path):
    (tmp_path / "main.py").write_text("import sensors\nprint(sensors.level())\n", encoding="utf-8")
    (tmp_path / "sensors.py").write_text("def level():\n    return 42  # 水位 level\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def window(active_window, project):
    active_window.set_project_dir(project)
    return active_window

def search(qtbot, panel: FindInFilesPanel, pattern: str):
    panel.pattern_edit.setText(pattern)
    with qtbot.waitSignal(panel.finished, timeout=TIMEOUT) as done:
        assert panel.search()
    return done.args[0]


def test_ctrl_shift_f_opens_the_panel_seeded_with_the_selection(qtbot, window):
    assert window.edit_menu.find_dock is None  # built on first use
    editor = window.tabs.currentWidget()
    editor.setSel(7, 14)  # "sensors"
    qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dock = window.edit_menu.find_dock
    assert dock is not None and dock.isVisible()
    panel = window.edit_menu.find_panel
    assert panel.pattern_edit.text() == "sensors" and panel.pattern_edit.hasFocus()
    assert dock.toggleViewAction() in window.view_menu.actions()
    assert window.tabifiedDockWidgets(window.console_dock) == [dock]


def test_results_are_grouped_by_file_and_a_click_opens_the_match(qtbot, window, project):
    window.edit_menu.open_find_in_project()
    panel = window.edit_menu.find_panel
    result = search(qtbot, panel, "level")
    assert panel.status_label.text() == "3 matches in 2 files."
    files = [panel.results.topLevelItem(i).text(0) for i in range(panel.results.topLevelItemCount())]
    assert files == ["main.py  (1)", "sensors.py  (2)"]
    rows = panel.match_items()
    assert [row.text(0) for row in rows] == ["2:  print(sensors.level())", "1:  def level():",
                                             "2:  return 42  # 水位 level"]
    panel.results.itemClicked.emit(rows[2], 0)  # a match after Chinese text
    editor = window.tabs.currentWidget()
    assert editor.file_path == project / "sensors.py"
    assert editor.lineFromPosition(editor.selectionStart()) == 1
    assert bytes(editor.getSelText()).decode("utf-8").rstrip("\0") == "level"
    assert result.matches[2].column == len("    return 42  # 水位 ") + 1


def test_unsaved_edits_are_searched_as_shown(qtbot, window, project):
    editor = window.tabs.currentWidget()
    editor.insertText(0, "unsaved_marker = 1\n")
    assert editor.is_modified()
    window.edit_menu.open_find_in_project()
    result = search(qtbot, window.edit_menu.find_panel, "unsaved_marker")
    assert [(m.rel, m.line) for m in result.matches] == [("main.py", 1)]


def test_no_matches_bad_regex_and_no_project(qtbot, window):
    window.edit_menu.open_find_in_project()
    panel = window.edit_menu.find_panel
    search(qtbot, panel, "nowhere to be found")
    assert panel.status_label.text() == "No matches in 2 files."
    assert panel.match_items() == []
    panel.regex_box.setChecked(True)
    panel.pattern_edit.setText("level(")
    assert not panel.search()
    assert panel.status_label.text().startswith("Invalid regular expression")
    alone = FindInFilesPanel(lambda: None)
    qtbot.addWidget(alone)
    alone.pattern_edit.setText("x")
    assert not alone.search()
    assert "Open a project first" in alone.status_label.text()


def test_a_newer_search_wins(qtbot, window):
    window.edit_menu.open_find_in_project()
    panel = window.edit_menu.find_panel
    panel.pattern_edit.setText("import")
    panel.search()
    result = search(qtbot, panel, "return")
    assert [m.rel for m in result.matches] == ["sensors.py"]
    # one search thread: the first search's answer came first, and was dropped
    assert [row.text(0) for row in panel.match_items()] == ["2:  return 42  # 水位 level"]
