"""Settings: typed values over QSettings, the Settings dialog, applying them to the main window."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings

from ide import i18n
from ide.core.link.ports import load_user_ids, save_user_ids, user_ids_path
from ide.gui.editor import CodeEditor
from ide.gui.editor_theme import DARK, LIGHT
from ide.gui.settings import Settings
from ide.gui.settings_dialog import SettingsDialog


@pytest.fixture
def store(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def no_user_ids():
    path = user_ids_path()
    path.unlink(missing_ok=True)
    yield
    path.unlink(missing_ok=True)


def test_defaults(qapp, store):
    s = Settings(store)
    assert s.language == "system" and s.theme == "system"
    assert s.font_family and s.font_size >= 10
    assert s.tab_width == 4 and not s.show_whitespace and not s.wrap_lines
    assert s.scrollback == 10_000 and not s.timestamps


def test_values_persist(store, tmp_path):
    s = Settings(store)
    s.language, s.theme = "zh_CN", "dark"
    s.font_family, s.font_size = "Courier", 14
    s.tab_width, s.show_whitespace, s.wrap_lines = 2, True, True
    s.scrollback, s.timestamps = 5000, True
    store.sync()
    again = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert (again.language, again.theme, again.font_family, again.font_size) == ("zh_CN", "dark", "Courier", 14)
    assert (again.tab_width, again.show_whitespace, again.wrap_lines) == (2, True, True)
    assert (again.scrollback, again.timestamps) == (5000, True)


def test_bad_values_fall_back(store):
    s = Settings(store)
    with pytest.raises(ValueError):
        s.theme = "purple"
    store.setValue("appearance/theme", "purple")
    store.setValue("editor/tab_width", "many")
    store.setValue("console/scrollback", 5)
    assert s.theme == "system" and s.tab_width == 4 and s.scrollback == 100


def test_apply_language(store):
    s = Settings(store)
    s.language = "zh_CN"
    s.apply_language()
    assert i18n.language() == "zh_CN"
    s.language = "en"
    s.apply_language()
    assert i18n.language() == "en"


def test_dialog_round_trip(qtbot, store):
    s = Settings(store)
    s.theme, s.tab_width, s.timestamps = "dark", 8, True
    dialog = SettingsDialog(s)
    qtbot.addWidget(dialog)
    assert dialog.theme_combo.currentData() == "dark"
    assert dialog.tab_width_spin.value() == 8 and dialog.timestamps_check.isChecked()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
    dialog.font_size_spin.setValue(16)
    dialog.tab_width_spin.setValue(2)
    dialog.whitespace_check.setChecked(True)
    dialog.wrap_check.setChecked(True)
    dialog.scrollback_spin.setValue(2000)
    dialog.timestamps_check.setChecked(False)
    family = dialog.font_combo.currentFont().family()
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert (s.language, s.theme, s.font_size, s.tab_width) == ("zh_CN", "light", 16, 2)
    assert s.show_whitespace and s.wrap_lines and s.scrollback == 2000 and not s.timestamps
    assert s.font_family == family
    assert i18n.language() == "en"  # the language applies at the next start


def test_cancel_stores_nothing(qtbot, store):
    s = Settings(store)
    dialog = SettingsDialog(s)
    qtbot.addWidget(dialog)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.reject()
    assert s.theme == "system"


def test_usb_ids_saved(qtbot, store):
    save_user_ids({(0x10C4, 0xEA60): "Old board"})
    dialog = SettingsDialog(Settings(store))
    qtbot.addWidget(dialog)
    assert dialog.usb_table.rowCount() == 1
    assert dialog.usb_table.item(0, 0).text() == "10C4:EA60"
    dialog.add_usb_row("1a86:7523", "My board")
    dialog.add_usb_row("303A:*", "")
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert load_user_ids() == {(0x10C4, 0xEA60): "Old board", (0x1A86, 0x7523): "My board", (0x303A, None): "303A:*"}
    assert json.loads(user_ids_path().read_text(encoding="utf-8"))["1A86:7523"] == "My board"


def test_usb_id_removed(qtbot, store):
    save_user_ids({(0x10C4, 0xEA60): "Old board"})
    dialog = SettingsDialog(Settings(store))
    qtbot.addWidget(dialog)
    dialog.usb_table.selectRow(0)
    dialog.remove_usb_button.click()
    assert dialog.usb_table.rowCount() == 0
    dialog.accept()
    assert load_user_ids() == {}


def test_bad_usb_id_keeps_the_dialog_open(qtbot, store):
    s = Settings(store)
    dialog = SettingsDialog(s)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.add_usb_row("nonsense", "x")
    dialog.accept()
    assert dialog.isVisible() and not dialog.error_label.isHidden()
    assert "nonsense".upper() in dialog.error_label.text()
    assert s.theme == "system" and load_user_ids() == {}
    dialog.reject()


def test_dialog_in_chinese_shows_no_english(qapp, qtbot, store):
    from tests.test_i18n import untranslated, visible_texts

    from ide.gui.app import install_qt_translations

    i18n.set_language("zh_CN")
    install_qt_translations(qapp)  # Qt's own buttons, as MainWindow does at start-up
    dialog = SettingsDialog(Settings(store))
    qtbot.addWidget(dialog)
    texts = visible_texts(dialog)
    headers = [dialog.usb_table.horizontalHeaderItem(i).text() for i in range(2)]
    texts = [(where, text) for where, text in texts if not where.startswith("QFontComboBox")]  # font names
    texts += [("header", text) for text in headers]

    def english(text: str) -> bool:
        for word in ("VID:PID", "VID", "USB", "IDE", "1A86:7523", "303A"):  # technical names stay
            text = text.replace(word, "")
        return untranslated(text)

    english = [(where, text) for where, text in texts if english(text)]
    assert not english, english


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_column_of_the_dialog_is_clipped(qtbot, store, language):
    from ide.core import plugins

    i18n.set_language(language)
    dialog = SettingsDialog(Settings(store), plugins=plugins.load_plugins())
    qtbot.addWidget(dialog)
    dialog.add_usb_row("1A86:7523", "我的 ESP32 开发板 (long board name)")
    dialog.show()
    qtbot.waitExposed(dialog)
    for index, table in ((0, dialog.usb_table), (1, dialog.plugins_page.table)):
        dialog.tabs.setCurrentIndex(index)
        qtbot.waitUntil(table.isVisible, timeout=5000)
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            wanted = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
            assert header.sectionSize(column) >= wanted, (table.objectName(), column)
        assert table.horizontalScrollBar().maximum() == 0, table.objectName()


def test_apply_to_changes_the_editors_and_console(qtbot, store, tmp_path):
    from ide.gui.mainwindow import MainWindow

    window = MainWindow(connect=False)
    qtbot.addWidget(window)
    source = tmp_path / "main.py"
    source.write_text("print(1)\n", encoding="utf-8")
    editor = window.open_file(source)
    assert isinstance(editor, CodeEditor) and editor.theme is LIGHT
    s = Settings(store)
    s.theme, s.font_size, s.tab_width = "dark", 15, 2
    s.show_whitespace, s.wrap_lines, s.timestamps, s.scrollback = True, True, True, 500
    s.apply_to(window)
    assert editor.theme is DARK
    assert editor.tabWidth() == 2 and editor.viewWS() == 1 and editor.wrapMode() == 1
    assert window.console.theme() == "dark"
    assert window.console.timestamps() and window.console.max_lines() == 500
