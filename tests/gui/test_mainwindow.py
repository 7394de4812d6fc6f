"""The first shell of the IDE: main window, editor, console dock, device toolbar, start-up.

`window` (tests/gui/conftest.py) is the main window without a board session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QDockWidget, QLabel

from ide.gui.app import app_icon, application
from ide.gui.editor import CodeEditor
from ide.gui.mainwindow import about_text
from ide.gui.welcome import WelcomePage

ROOT = Path(__file__).resolve().parents[2]


def test_window_shows_with_its_title(window):
    assert window.isVisible()
    assert window.windowTitle() == "HaaS IDE"


def test_the_first_tab_is_the_welcome_page(window):
    assert window.tabs.count() == 1
    page = window.tabs.widget(0)
    assert isinstance(page, WelcomePage) and page is window.welcome_page
    assert window.tabs.tabText(0) == "Welcome"
    assert window.editors() == []


def test_editor_settings(qtbot):
    editor = CodeEditor(language="json")
    qtbot.addWidget(editor)
    assert bytes(editor.lexerLanguage()) == b"json"
    assert editor.codePage() == 65001
    assert editor.indent() == 4 and editor.tabWidth() == 4 and not editor.useTabs()
    assert editor.indentationGuides() != 0
    editor.set_text('{"name": "板子"}\n')
    assert editor.text() == '{"name": "板子"}\n'
    editor.set_language("python")
    assert bytes(editor.lexerLanguage()) == b"python"


def test_editor_highlights_keywords(qtbot):
    editor = CodeEditor(language="python")
    qtbot.addWidget(editor)
    editor.set_text("def f():\n    return 1\n")
    editor.colourise(0, -1)
    assert editor.styleAt(0) == 5  # SCE_P_WORD: "def" is a keyword
    assert editor.styleAt(4) == 9  # SCE_P_DEFNAME


def test_line_number_margin_grows_with_the_document(qtbot):
    editor = CodeEditor(language="python")
    qtbot.addWidget(editor)
    before = editor.marginWidthN(0)
    editor.set_text("x = 1\n" * 20000)
    assert editor.marginWidthN(0) > before


def test_console_dock(window):
    dock = window.findChild(QDockWidget, "console-dock")
    assert dock is not None and dock.isVisible()
    assert dock.widget() is window.console
    assert window.console.isReadOnly()
    assert window.console.placeholderText()


def test_device_toolbar(window):
    bar = window.device_toolbar
    assert bar.isVisible()
    assert bar.port_combo.count() == 1
    assert bar.port_combo.currentText() == "Virtual board"
    assert bar.port() == "virtual"
    actions = (bar.deploy_action, bar.run_action, bar.stop_action, bar.reset_action)
    assert [a.text() for a in actions] == ["Deploy", "Run file", "Stop", "Reset"]
    assert not any(a.isEnabled() for a in actions)  # no board session yet


def test_status_bar_says_not_connected(window):
    label = window.statusBar().findChild(QLabel, "connection-label")
    assert label.text() == "Not connected"


def test_menus(window):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Edit", "&View", "&Tools", "&Help"]
    assert [a.text() for a in menus["&File"].actions() if not a.isSeparator()] == [
        "&New project...", "&Open folder...", "Recent projects", "&Save", "Save a&ll", "&Quit"]
    tools = [a.text() for a in menus["&Tools"].actions()]
    assert tools[0] == "&Flash firmware..." and tools[-1] == "&Settings..."  # plugins' commands go between
    assert [a.text() for a in menus["&Help"].actions()][-1] == "&About HaaS IDE"  # tests/gui/test_help.py


def test_quit_closes_the_window(window, qtbot):
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_set_project_dir(window, tmp_path):
    window.set_project_dir(tmp_path)
    assert window.project_dir == tmp_path
    assert window.windowTitle() == f"{tmp_path.name} - HaaS IDE"
    assert str(tmp_path) in window.statusBar().currentMessage()


def test_about_text_names_the_version():
    from ide import __version__

    assert __version__ in about_text()


def test_application_name_and_icon(qapp):
    app = application()
    assert app is qapp
    assert app.applicationName() == "HaaS IDE"
    assert app.organizationName() == "HaaS IDE"
    assert not app_icon().isNull()
    assert not app.windowIcon().isNull()


def test_exit_when_shown_returns_0():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "ide.cli", "--exit-when-shown"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_tab_follows_its_file_renamed_in_the_tree(window, qtbot, tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "util.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "main.py").write_text("print(1)\n", encoding="utf-8")
    window.set_project_dir(tmp_path)
    editor = window.open_file(tmp_path / "lib" / "util.py")
    editor.gotoPos(editor.length())
    editor.replaceSel("y = 2\n")   # unsaved work in the tab
    model = window.project_tree.model_
    qtbot.waitUntil(lambda: model.index(str(tmp_path / "lib")).isValid(), timeout=5000)
    with qtbot.waitSignal(window.project_tree.renamed, timeout=5000):
        assert model.setData(model.index(str(tmp_path / "lib")), "helpers")   # as an F2 edit commits it
    assert editor.file_path == tmp_path / "helpers" / "util.py"
    assert window.tabs.tabText(window.tabs.indexOf(editor)) == "util.py *"
    window.save_all()
    assert (tmp_path / "helpers" / "util.py").read_text(encoding="utf-8") == "x = 1\ny = 2\n"
    assert not (tmp_path / "lib").exists()   # the old folder did not come back with the save
