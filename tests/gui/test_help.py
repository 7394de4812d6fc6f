"""The Help menu: documentation (F1), keyboard shortcuts, diagnostics copied for a bug report."""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox, QTableWidget, QTextBrowser

from ide import __version__, i18n
from ide.core.logs import log_path
from ide.gui.help import guide_sections, shortcut_rows
from ide.gui.mainwindow import MainWindow

TIMEOUT = 5000


def menu_texts(window) -> list[str]:
    return [a.text() for a in window.menu("help").actions()]


def test_the_help_menu_has_documentation_shortcuts_and_diagnostics_then_about(window):
    assert menu_texts(window) == ["&Documentation", "&Keyboard shortcuts", "&Copy diagnostics for a bug report",
                                  "", "&About HaaS IDE"]
    assert window.help_actions["guide"].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_the_documentation_opens_in_the_user_s_language(qtbot):
    i18n.set_language("zh_CN")
    window = MainWindow(connect=False)
    qtbot.addWidget(window)
    assert menu_texts(window)[:3] == ["文档(&D)", "键盘快捷键(&K)", "复制诊断信息用于问题报告(&C)"]
    window.help_actions["guide"].trigger()
    dialog = window.findChild(QTextBrowser, "guide-text").parent()
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    text = window.findChild(QTextBrowser, "guide-text").toPlainText()
    assert dialog.windowTitle() == "HaaS IDE 文档"
    for title, paragraph in guide_sections():
        assert title in text and paragraph in text
    i18n.set_language("en")
    assert all(title not in text for title, _paragraph in guide_sections())    # none left in English
    dialog.close()


def test_the_shortcut_list_shows_every_command_with_a_key_including_later_ones(qtbot, window):
    later = QAction("Plot serial data", window)                 # a plugin's command added after start-up
    later.setShortcut(QKeySequence("Ctrl+Shift+P"))
    window.menu("tools").addAction(later)
    rows = dict(shortcut_rows(window))
    assert rows["Deploy"] == "F5" and rows["Run file"] == "F6" and rows["Stop"] == "Shift+F5 / Ctrl+F2"
    assert rows["Documentation"] == "F1" and rows["Plot serial data"] == "Ctrl+Shift+P"
    assert rows["Interrupt the program (console, nothing selected)"] == "Ctrl+C"
    window.help_actions["shortcuts"].trigger()
    table = window.findChild(QTableWidget, "shortcuts-table")
    qtbot.waitUntil(table.isVisible, timeout=TIMEOUT)
    shown = {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}
    assert shown == rows and table.horizontalScrollBar().maximum() == 0
    table.window().close()


def test_stop_has_its_keys_in_its_tooltip(window):
    stop = window.device_toolbar.stop_action
    assert [key.toString() for key in stop.shortcuts()] == ["Shift+F5", "Ctrl+F2"]
    assert stop.toolTip().endswith("(Shift+F5 / Ctrl+F2)")


def test_diagnostics_go_to_the_clipboard_and_are_shown(qtbot, window):
    log = log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("2025-01-01 WARNING haas_ide.plugins: the last thing that happened\n", encoding="utf-8")
    window.help_actions["diagnostics"].trigger()
    box = window.findChild(QMessageBox, "diagnostics-box")
    qtbot.waitUntil(box.isVisible, timeout=TIMEOUT)
    text = QGuiApplication.clipboard().text()
    assert box.detailedText() == text
    for line in (f"HaaS IDE: {__version__}", "Qt: ", "Platform plugin: offscreen", "Port: virtual",
                 "Connection: disconnected", "plotter: 1.0.0 built-in active", "the last thing that happened"):
        assert line in text
    assert window.statusBar().currentMessage() == "Diagnostics copied to the clipboard."
    box.close()
