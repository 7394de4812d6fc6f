"""Plugins in the main window: commands in menus, docks built on first show, console lines for
listeners, failures shown in the status bar, and the Plugins settings tab."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from ide.core import plugins
from ide.gui.mainwindow import MainWindow

PLUGIN = """
from ide import api
from PySide6.QtWidgets import QLabel

PLUGIN = api.PluginInfo(name="probe", version="1.0", title="Probe")
heard = []
calls = []
themes = []


class Panel(QLabel):
    def set_theme(self, name):
        themes.append(name)


class Options(QLabel):
    def __init__(self, settings):
        super().__init__("probe options")
        self.settings = settings

    def apply(self):
        self.settings.set("applied", True)

def activate(context):
    context.add_command("where", "Where am I", lambda window: calls.append(window.project_dir()),
                        menu="tools", shortcut="Ctrl+Alt+P", toolbar=True)
    context.add_command("crash", "Crash", lambda window: [][1], menu="help")
    context.add_dock("panel", "Probe panel", lambda window: Panel("probe panel"), area="bottom")
    context.add_dock("broken", "Broken panel", lambda window: 1 / 0)
    context.add_console_listener(heard.extend)
    context.add_settings_page("options", "Probe options", Options)
"""


@pytest.fixture
def probe(tmp_path):
    folder = tmp_path / "plugins" / "probe"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    (tmp_path / "plugins" / "broken").mkdir()
    (tmp_path / "plugins" / "broken" / "__init__.py").write_text("raise ImportError('broken on purpose')\n")
    registry = plugins.load_plugins(plugins.discover(tmp_path / "plugins", None, []), set())
    module = __import__("sys").modules["haas_ide_plugin_builtin_probe"]
    return registry, module


@pytest.fixture
def window(qtbot, probe, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow(connect=False, plugins=probe[0])
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_command_lands_in_its_menu_with_shortcut_and_gets_the_window(window, probe, tmp_path):
    action = window.plugin_host.actions["probe.where"]
    tools = window.menu("tools").actions()
    assert tools.index(action) < tools.index(window.settings_action)
    assert action.shortcut().toString() == "Ctrl+Alt+P"
    assert action in window.device_toolbar.actions()
    window.project_dir = tmp_path
    action.trigger()
    assert probe[1].calls == [tmp_path]


def test_a_dock_is_built_when_first_shown(qtbot, window):
    dock = window.plugin_host.docks["probe.panel"]
    assert not dock.isVisible() and not isinstance(dock.widget(), QLabel)
    assert dock.toggleViewAction() in window.view_menu.actions()
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: isinstance(dock.widget(), QLabel), timeout=5000)
    assert dock.widget().text() == "probe panel"


def test_panels_follow_the_ide_theme(qtbot, window, probe, tmp_path):
    from PySide6.QtCore import QSettings

    from ide.gui.settings import Settings

    dock = window.plugin_host.docks["probe.panel"]
    dock.show()
    qtbot.waitUntil(lambda: isinstance(dock.widget(), QLabel), timeout=5000)
    assert probe[1].themes == [Settings(window.settings).colour_theme()]  # told the theme when built
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))  # not the user's
    settings.theme = "dark"
    settings.apply_to(window)
    assert probe[1].themes[-1] == "dark"


def test_failures_show_in_the_status_bar_and_the_ide_goes_on(qtbot, window):
    notice = window.plugin_host.notice
    assert notice.isVisible() and notice.text() == "Plugin problems: 1"  # the broken import, at start-up
    broken = window.plugin_host.docks["probe.broken"]
    broken.show()
    qtbot.waitUntil(lambda: isinstance(broken.widget(), QLabel), timeout=5000)
    assert "Plugin probe could not build this panel" in broken.widget().text()
    window.plugin_host.actions["probe.crash"].trigger()
    assert notice.text() == "Plugin problems: 3"
    assert "Plugin probe failed: IndexError" in window.statusBar().currentMessage()
    window.plugin_host.show_problems()
    box = window.plugin_host.problems_box
    assert "broken on purpose" in box.text() and "Traceback" in box.detailedText()
    box.close()


def test_console_listeners_get_whole_lines_in_batches(qtbot, window, probe):
    heard = probe[1].heard
    window.worker.events.output.emit(b"1.5 2\r\n\x1b[32m3 4\x1b[0m\r\n5 ")
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=5000)
    assert heard == ["1.5 2", "3 4"]
    window.worker.events.output.emit(b"6\r\n")
    qtbot.waitUntil(lambda: len(heard) == 3, timeout=5000)
    assert heard[-1] == "5 6"


def test_the_plugins_tab_turns_a_plugin_off(qtbot, window, monkeypatch):
    from PySide6.QtCore import Qt

    from ide.gui.settings import Settings
    from ide.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(window.settings), window, plugins=window.plugins)
    qtbot.addWidget(dialog)
    page = dialog.plugins_page
    assert dialog.tabs.tabText(dialog.tabs.indexOf(page)) == "Plugins"
    rows = {page.table.item(r, 0).data(Qt.ItemDataRole.UserRole): r for r in range(page.table.rowCount())}
    assert page.table.item(rows["broken"], 3).text() == "Failed"
    assert "broken on purpose" in page.table.item(rows["broken"], 4).text()
    page.table.item(rows["probe"], 0).setCheckState(Qt.CheckState.Unchecked)
    options = dialog.tabs.widget(dialog.tabs.count() - 1)
    assert dialog.tabs.tabText(dialog.tabs.count() - 1) == "Probe options"
    dialog.accept()
    try:
        assert "probe" in plugins.disabled_plugins()
        assert options.settings.get("applied") is True  # OK applied the plugin's page to its settings
    finally:
        plugins.set_plugin_enabled("probe", True)


def test_the_shipped_plugins_load_in_the_real_window(qtbot, monkeypatch):
    """The IDE's own plugins (plugins/) all activate with no problem."""
    registry = plugins.load_plugins(plugins.discover(Path(plugins.builtin_dir()), None, []), set())
    assert registry.problems == []
    assert {"plotter", "library", "haas1000"} <= {p.name for p in registry.active()}
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow(connect=False, plugins=registry)
    qtbot.addWidget(win)
    assert not win.plugin_host.notice.isVisible()
