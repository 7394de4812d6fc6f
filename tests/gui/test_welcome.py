"""The first run: the Welcome page, the window sized to the screen, the last project reopened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QCommandLinkButton, QMessageBox

from ide import i18n
from ide.core.examples import example_project, example_templates, examples_dir
from ide.gui.editor import CodeEditor
from ide.gui.mainwindow import MainWindow
from ide.gui.welcome import WelcomePage, open_example
from ide.gui.window_start import fit_to_area, show_welcome


def make_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "main.py").write_text("print('hi')\n", encoding="utf-8")
    return folder


def test_the_page_offers_new_project_open_folder_and_an_example(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    for button, signal in ((page.new_button, page.new_project_requested), (page.open_button, page.open_folder_requested)):
        with qtbot.waitSignal(signal, timeout=1000):
            button.click()
    assert page.example_button.menu() is page.examples_menu
    assert all(not b.icon().isNull() for b in (page.new_button, page.open_button, page.example_button))


def test_the_examples_menu_lists_the_templates_for_the_virtual_board_hello_world_first(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    assert page.examples_menu.actions() == []  # read when the menu first opens, not at start-up
    page.examples_menu.aboutToShow.emit()
    names = [a.text() for a in page.examples_menu.actions()]
    assert names[0] == "Hello world" and "Remote LED" in names
    assert len(names) == len(example_templates())
    with qtbot.waitSignal(page.example_requested, timeout=1000) as chosen:
        page.examples_menu.actions()[0].trigger()
    assert chosen.args == ["helloworld"]


def test_recent_projects_show_the_folders_that_still_exist(qtbot, tmp_path):
    page = WelcomePage()
    qtbot.addWidget(page)
    assert page.no_recent_label.isVisibleTo(page)
    here = make_project(tmp_path / "here")
    page.set_recent_projects([str(tmp_path / "gone"), str(here)])
    buttons = page.recent_buttons()
    assert [(b.text(), b.description()) for b in buttons] == [("here", str(here))]
    assert not page.no_recent_label.isVisibleTo(page)
    with qtbot.waitSignal(page.project_chosen, timeout=1000) as chosen:
        buttons[0].click()
    assert chosen.args == [here]


def test_the_welcome_tab_lists_the_recent_projects_when_shown(qtbot, window, tmp_path):
    project = make_project(tmp_path / "blinky")
    window.set_project_dir(project)
    show_welcome(window)
    qtbot.waitUntil(lambda: bool(window.welcome_page.recent_buttons()), timeout=2000)
    assert window.welcome_page.recent_buttons()[0].description() == str(project)


def test_an_example_opens_as_a_ready_project_and_keeps_its_edits(qtbot, window):
    folder = open_example(window, "helloworld")
    assert folder == examples_dir() / "helloworld"
    assert window.project_dir == folder
    editor = window.tabs.currentWidget()
    assert isinstance(editor, CodeEditor) and editor.file_path == folder / "main.py"
    assert "Hello, HaaS!" in editor.text()
    assert '"virtual"' in (folder / ".haas-ide" / "project.json").read_text(encoding="utf-8")
    (folder / "main.py").write_text("print('mine')\n", encoding="utf-8")
    assert example_project("helloworld") == folder
    assert (folder / "main.py").read_text(encoding="utf-8") == "print('mine')\n"  # not made again


def test_an_example_that_cannot_be_made_says_why(qtbot, window, monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kw: messages.append(args[2]))
    blocker = examples_dir() / "night-light"
    blocker.mkdir(parents=True, exist_ok=True)
    (blocker / "notes.txt").write_text("mine\n", encoding="utf-8")  # a folder in the way, without main.py
    assert open_example(window, "night-light") is None
    assert messages and "is not empty" in messages[0]
    assert window.project_dir is None


def test_closed_welcome_tab_comes_back_from_the_view_menu(qtbot, window):
    window.close_tab(window.tabs.indexOf(window.welcome_page))
    assert window.tabs.indexOf(window.welcome_page) < 0
    window.welcome_action.trigger()
    assert window.tabs.currentWidget() is window.welcome_page
    assert window.welcome_action in window.view_menu.actions()


def test_first_run_fills_most_of_the_screen(window):
    area = window.screen().availableGeometry()
    assert window.width() >= 0.85 * area.width() and window.height() >= 0.85 * area.height()


@pytest.mark.parametrize("size", [(1280, 800), (1440, 900), (1920, 1080)])
def test_the_editor_is_the_widest_pane(qtbot, window, size):
    fit_to_area(window, QRect(0, 0, *size))
    qtbot.waitUntil(lambda: window.width() == int(size[0] * 0.9), timeout=2000)
    qtbot.waitUntil(lambda: window.editor_area.width() > window.virtual_dock.width(), timeout=2000)
    for dock in (window.project_dock, window.virtual_dock, window.files_dock):
        assert window.editor_area.width() > dock.width(), dock.objectName()
    assert window.console_dock.height() < window.editor_area.height()


def test_a_saved_layout_wins_over_the_first_run_size(qtbot, window):
    window.resize(760, 500)  # the minimum height of the docks may make it taller
    saved = window.size()
    assert saved.width() != int(window.screen().availableGeometry().width() * 0.9)
    window.close()
    again = MainWindow(connect=False)
    qtbot.addWidget(again)
    assert again.size() == saved


def test_the_last_project_is_reopened(qtbot, window, tmp_path):
    project = make_project(tmp_path / "last")
    window.set_project_dir(project)
    window.settings.setValue("recent_projects", [str(tmp_path / "deleted"), str(project)])
    window.close()
    again = MainWindow(connect=False)
    qtbot.addWidget(again)
    assert again.project_dir == project  # the first one that still exists
    assert again.tabs.currentWidget().file_path == project / "main.py"


def test_without_recent_projects_the_welcome_page_is_shown(window):
    assert window.project_dir is None
    assert window.tabs.currentWidget() is window.welcome_page


def test_chinese_welcome_texts_fit(qtbot):
    i18n.set_language("zh_CN")
    page = WelcomePage()
    qtbot.addWidget(page)
    page.resize(700, 600)
    page.show()
    qtbot.waitExposed(page)
    assert page.title_label.text() == "欢迎使用 HaaS IDE"
    for button in page.findChildren(QCommandLinkButton):
        assert button.width() >= button.minimumSizeHint().width(), button.text()
        assert button.height() >= button.heightForWidth(button.width()), button.text()
    QApplication.processEvents()
