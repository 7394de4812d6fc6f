"""The Settings dialog: language, theme, editor font and options, console, extra USB ids.

`SettingsDialog(settings)` shows the values of a `Settings`; OK writes them back and saves the
USB id table with `save_user_ids`. `open_settings(window)` is what the menu action calls: it shows
the dialog on the window's QSettings and applies the result to the window.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFontComboBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ide.core.errors import IdeError
from ide.core.link.ports import UsbKey, format_usb_id, load_user_ids, parse_usb_id, save_user_ids
from ide.gui.settings import FONT_SIZE_RANGE, SCROLLBACK_RANGE, TAB_WIDTH_RANGE, Settings
from ide.gui.widgets import fit_columns
from ide.i18n import _


class SettingsDialog(QDialog):
    """Edit `settings`; accept() stores the values (nothing is stored on Cancel)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, plugins=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("settings-dialog")
        self.setWindowTitle(_("Preferences"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settings-tabs")
        layout.addWidget(self.tabs)
        general = QWidget(self.tabs)
        general_layout = QVBoxLayout(general)
        for box in (self._build_general(), self._build_editor(), self._build_console(), self._build_usb()):
            general_layout.addWidget(box)
        self.tabs.addTab(general, _("General"))
        self.plugin_pages: list[QWidget] = []
        if plugins is not None:
            self._build_plugin_tabs(plugins)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("settings-error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.load()
        self.usb_table.itemChanged.connect(lambda _item: fit_columns(self.usb_table, stretch=1))
        if plugins is not None:
            fit_columns(self.plugins_page.table, stretch=self.plugins_page.table.columnCount() - 1)

    # -- building ------------------------------------------------------------------------------
    def _build_general(self) -> QGroupBox:
        box = QGroupBox(_("Language and theme"), self)
        form = QFormLayout(box)
        self.language_combo = QComboBox(box)
        self.language_combo.addItem(_("Same as the system"), "system")
        self.language_combo.addItem(_("English"), "en")
        self.language_combo.addItem("简体中文", "zh_CN")  # a language's own name, the same in every language
        form.addRow(_("Interface language:"), self.language_combo)
        note = QLabel(_("A language change applies the next time HaaS IDE starts."), box)
        note.setObjectName("language-note")
        note.setWordWrap(True)
        form.addRow(note)
        self.theme_combo = QComboBox(box)
        self.theme_combo.addItem(_("Light theme"), "light")
        self.theme_combo.addItem(_("Dark theme"), "dark")
        self.theme_combo.addItem(_("Same as the system"), "system")
        form.addRow(_("Colour theme:"), self.theme_combo)
        return box

    def _build_editor(self) -> QGroupBox:
        box = QGroupBox(_("Code editor"), self)
        form = QFormLayout(box)
        self.font_combo = QFontComboBox(box)
        self.font_combo.setFontFilters(QFontComboBox.FontFilter.MonospacedFonts)
        form.addRow(_("Editor font:"), self.font_combo)
        self.font_size_spin = QSpinBox(box)
        self.font_size_spin.setRange(*FONT_SIZE_RANGE)
        form.addRow(_("Font size (points):"), self.font_size_spin)
        self.tab_width_spin = QSpinBox(box)
        self.tab_width_spin.setRange(*TAB_WIDTH_RANGE)
        form.addRow(_("Tab and indent width:"), self.tab_width_spin)
        self.whitespace_check = QCheckBox(_("Show spaces and tabs"), box)
        form.addRow(self.whitespace_check)
        self.wrap_check = QCheckBox(_("Wrap long lines"), box)
        form.addRow(self.wrap_check)
        return box

    def _build_console(self) -> QGroupBox:
        box = QGroupBox(_("Console"), self)
        form = QFormLayout(box)
        self.scrollback_spin = QSpinBox(box)
        self.scrollback_spin.setRange(*SCROLLBACK_RANGE)
        self.scrollback_spin.setSingleStep(1000)
        form.addRow(_("Scrollback (lines):"), self.scrollback_spin)
        self.timestamps_check = QCheckBox(_("Show the time of each line"), box)
        form.addRow(self.timestamps_check)
        return box

    def _build_usb(self) -> QGroupBox:
        box = QGroupBox(_("Extra USB ids"), self)
        layout = QVBoxLayout(box)
        hint = QLabel(_("Boards whose USB-serial VID:PID the IDE does not know yet, e.g. 1A86:7523 "
                        "(VID:* for every product of a vendor)."), box)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.usb_table = QTableWidget(0, 2, box)
        self.usb_table.setObjectName("usb-ids")
        self.usb_table.setHorizontalHeaderLabels([_("USB id (VID:PID)"), _("Board name")])
        self.usb_table.verticalHeader().hide()
        fit_columns(self.usb_table, stretch=1)
        layout.addWidget(self.usb_table)
        row = QHBoxLayout()
        self.add_usb_button = QPushButton(_("Add USB id"), box)
        self.add_usb_button.clicked.connect(lambda: self.add_usb_row("", ""))
        self.remove_usb_button = QPushButton(_("Remove USB id"), box)
        self.remove_usb_button.clicked.connect(self.remove_selected_usb_rows)
        row.addWidget(self.add_usb_button)
        row.addWidget(self.remove_usb_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _build_plugin_tabs(self, registry) -> None:
        from ide.gui.plugins_page import PluginsPage

        self.plugins_page = PluginsPage(registry, self.tabs)
        self.tabs.addTab(self.plugins_page, _("Plugins"))
        self.plugin_pages.append(self.plugins_page)
        for page in registry.settings_pages:
            widget = page.factory(page_settings(page.plugin))
            if isinstance(widget, QWidget):
                self.tabs.addTab(widget, page.title)
                self.plugin_pages.append(widget)

    # -- USB table -----------------------------------------------------------------------------
    def add_usb_row(self, usb_id: str, name: str) -> int:
        row = self.usb_table.rowCount()
        self.usb_table.insertRow(row)
        self.usb_table.setItem(row, 0, QTableWidgetItem(usb_id))
        self.usb_table.setItem(row, 1, QTableWidgetItem(name))
        fit_columns(self.usb_table, stretch=1)
        if not usb_id:
            self.usb_table.setCurrentCell(row, 0)
            self.usb_table.editItem(self.usb_table.item(row, 0))
        return row

    def remove_selected_usb_rows(self) -> None:
        rows = sorted({index.row() for index in self.usb_table.selectedIndexes()}, reverse=True)
        if not rows and self.usb_table.currentRow() >= 0:
            rows = [self.usb_table.currentRow()]
        for row in rows:
            self.usb_table.removeRow(row)

    def usb_ids(self) -> dict[UsbKey, str]:
        """The table as `save_user_ids` wants it; rows with no id are skipped. ValueError on a bad id."""
        ids: dict[UsbKey, str] = {}
        for row in range(self.usb_table.rowCount()):
            id_item, name_item = self.usb_table.item(row, 0), self.usb_table.item(row, 1)
            text = (id_item.text() if id_item else "").strip().upper()
            name = (name_item.text() if name_item else "").strip()
            if not text:
                continue
            try:
                key = parse_usb_id(text)
            except ValueError:
                raise ValueError(_("Row {row}: {text} is not a USB id such as 1A86:7523 or 303A:*.")
                                 .format(row=row + 1, text=text)) from None
            ids[key] = name or text
        return ids

    # -- values --------------------------------------------------------------------------------
    def load(self) -> None:
        """Show the stored values (and the USB ids file)."""
        s = self.settings
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(s.language)))
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(s.theme)))
        self.font_combo.setCurrentFont(QFont(s.font_family))
        self.font_size_spin.setValue(s.font_size)
        self.tab_width_spin.setValue(s.tab_width)
        self.whitespace_check.setChecked(s.show_whitespace)
        self.wrap_check.setChecked(s.wrap_lines)
        self.scrollback_spin.setValue(s.scrollback)
        self.timestamps_check.setChecked(s.timestamps)
        self.usb_table.setRowCount(0)
        try:
            ids = load_user_ids()
        except IdeError as exc:
            self._show_error(str(exc))
            ids = {}
        for (vid, pid), name in sorted(ids.items(), key=lambda item: (item[0][0], -1 if item[0][1] is None
                                                                       else item[0][1])):
            self.add_usb_row(format_usb_id(vid, pid), name)

    def store(self) -> None:
        """Write the shown values; ValueError (nothing written) when a USB id is malformed."""
        ids = self.usb_ids()
        s = self.settings
        s.language = self.language_combo.currentData()
        s.theme = self.theme_combo.currentData()
        s.font_family = self.font_combo.currentFont().family()
        s.font_size = self.font_size_spin.value()
        s.tab_width = self.tab_width_spin.value()
        s.show_whitespace = self.whitespace_check.isChecked()
        s.wrap_lines = self.wrap_check.isChecked()
        s.scrollback = self.scrollback_spin.value()
        s.timestamps = self.timestamps_check.isChecked()
        save_user_ids(ids)
        for page in self.plugin_pages:
            if callable(getattr(page, "apply", None)):
                page.apply()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def accept(self) -> None:
        try:
            self.store()
        except (ValueError, OSError) as exc:
            self._show_error(str(exc))
            return
        self.error_label.hide()
        super().accept()


def page_settings(plugin: str):
    """The settings object a plugin's page factory gets: the plugin's own `PluginSettings`."""
    from ide.api import PluginSettings
    from ide.core.plugins import plugin_settings_path

    return PluginSettings(plugin_settings_path(plugin))


def open_settings(window) -> bool:
    """Show the dialog over `window` (its QSettings); on OK apply the new values. True when accepted."""
    settings = Settings(window.settings)
    dialog = SettingsDialog(settings, window, plugins=getattr(window, "plugins", None))
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
    if accepted:
        settings.apply_to(window)
    return accepted
