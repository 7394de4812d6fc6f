"""The dark theme darkens the whole application, and "system" follows the system's colour scheme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QMessageBox

from ide.gui import apptheme
from ide.gui.editor import CodeEditor
from ide.gui.settings import Settings
from ide.gui.themed_icons import is_dark, themed_icon


def lightness(widget, role=QPalette.ColorRole.Window) -> int:
    return widget.palette().color(role).lightness()


@pytest.fixture
def window(window, tmp_path):
    source = tmp_path / "main.py"
    source.write_text("print(1)\n", encoding="utf-8")
    window.open_file(source)
    return window


def switch(window, theme: str) -> None:
    settings = Settings(window.settings)
    settings.theme = theme
    settings.apply_to(window)


def test_dark_darkens_windows_docks_dialogs_editors_and_console(qtbot, window):
    switch(window, "dark")
    qtbot.waitUntil(lambda: lightness(window) < 80, timeout=2000)
    assert apptheme.current() == "dark"
    for dock in window.findChildren(QDockWidget):
        assert lightness(dock) < 80, dock.objectName()
    assert lightness(window.project_tree, QPalette.ColorRole.Base) < 80
    assert lightness(window.welcome_page, QPalette.ColorRole.Base) < 80
    dialog = QMessageBox(window)  # any dialog opened from now on
    assert lightness(dialog) < 80 and lightness(dialog, QPalette.ColorRole.WindowText) > 180
    assert all(editor.theme.name == "dark" for editor in window.editors())
    assert window.console.theme() == "dark"


def test_light_restores_the_system_palette(qtbot, window):
    before = QApplication.palette().color(QPalette.ColorRole.Window).name()
    style = QApplication.style().name()
    switch(window, "dark")
    switch(window, "light")
    qtbot.waitUntil(lambda: lightness(window) > 180, timeout=2000)
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == before
    assert QApplication.style().name() == style
    assert window.console.theme() == "light"


def test_system_follows_the_systems_colour_scheme_while_running(qtbot, window, monkeypatch):
    switch(window, "system")
    assert apptheme.current() == "light"  # the offscreen platform says nothing: light
    monkeypatch.setattr(apptheme, "system_theme", lambda: "dark")
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: lightness(window) < 80, timeout=2000)
    assert all(editor.theme.name == "dark" for editor in window.editors())
    assert window.plugin_host.theme == "dark"
    monkeypatch.setattr(apptheme, "system_theme", lambda: "light")
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: lightness(window) > 180, timeout=2000)


def test_a_chosen_theme_ignores_the_system(qtbot, window, monkeypatch):
    switch(window, "light")
    monkeypatch.setattr(apptheme, "system_theme", lambda: "dark")
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert apptheme.current() == "light"


def test_new_editors_get_the_theme_shown(window, tmp_path):
    switch(window, "dark")
    other = tmp_path / "other.py"
    other.write_text("x = 1\n", encoding="utf-8")
    editor = window.open_file(other)
    assert isinstance(editor, CodeEditor) and editor.theme.name == "dark"


def test_the_settings_dialog_offers_the_system_choice(qtbot, window):
    from ide.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(window.settings), window)
    qtbot.addWidget(dialog)
    assert [dialog.theme_combo.itemData(i) for i in range(dialog.theme_combo.count())] == ["light", "dark", "system"]
    assert dialog.theme_combo.currentData() == "system"  # the default
    dialog.theme_combo.setCurrentIndex(1)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and Settings(window.settings).theme == "dark"


def pixel_lightness(icon) -> int:
    """The lightness of the icon's darkest-or-lightest drawn pixel (its ink)."""
    image = icon.pixmap(24, 24).toImage()
    inks = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 200]
    assert inks, "the icon draws nothing"
    return max(ink.lightness() for ink in inks)


def test_toolbar_icons_follow_the_theme(qtbot, window):
    bar = window.device_toolbar
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert pixel_lightness(bar.run_action.icon()) < 100  # dark ink on the light theme
    switch(window, "dark")
    qtbot.waitUntil(lambda: pixel_lightness(bar.run_action.icon()) > 180, timeout=2000)
    for action in (bar.stop_action, bar.reset_action):
        assert pixel_lightness(action.icon()) > 180


def test_deploy_is_the_primary_button(qtbot, window):
    bar = window.device_toolbar
    button = bar.widgetForAction(bar.deploy_action)
    assert button.objectName() == "deploy-button"
    assert pixel_lightness(bar.deploy_action.icon()) > 240  # white on the accent colour
    light_style = button.styleSheet()
    assert "#deploy-button" in light_style and "background-color" in light_style
    switch(window, "dark")
    qtbot.waitUntil(lambda: button.styleSheet() != light_style, timeout=2000)
    assert is_dark(button.palette())


def test_themed_icon_draws_in_the_colour_asked():
    red = themed_icon("stop", "#ff0000").pixmap(24, 24).toImage()
    colour = red.pixelColor(12, 12)
    assert (colour.red(), colour.green(), colour.blue()) == (255, 0, 0)
    assert themed_icon("stop", "#ff0000").availableSizes()
