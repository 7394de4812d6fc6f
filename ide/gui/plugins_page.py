"""The Plugins tab of the Settings dialog: every plugin found, where from, its state, and a
switch to turn it on or off from the next start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ide.core import plugins
from ide.core.plugins import Registry
from ide.i18n import _

COLUMNS = 5


class PluginsPage(QWidget):
    """A table of plugins with an enable check box in the first column."""

    def __init__(self, registry: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plugins-page")
        self.registry = registry
        layout = QVBoxLayout(self)
        note = QLabel(_("Turning a plugin on or off applies the next time HaaS IDE starts. User plugins go in {folder}.")
                      .format(folder=plugins.user_dir()), self)
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(note)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("plugins-table")
        self.table.setHorizontalHeaderLabels([_("Plugin"), _("Version"), _("Source"), _("State"), _("Message")])
        self.table.horizontalHeader().setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        self.load()

    def load(self) -> None:
        disabled = plugins.disabled_plugins()
        self.table.setRowCount(0)
        for plugin in self.registry.plugins.values():
            row = self.table.rowCount()
            self.table.insertRow(row)
            title = plugin.info.title if plugin.info and plugin.info.title else plugin.name
            name = QTableWidgetItem(title)
            name.setData(Qt.ItemDataRole.UserRole, plugin.name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked if plugin.name in disabled else Qt.CheckState.Checked)
            name.setToolTip(plugin.location)
            self.table.setItem(row, 0, name)
            texts = [plugin.info.version if plugin.info else "", plugins.source_text(plugin.source), plugins.state_text(plugin.state),
                     plugin.message]
            for column, text in enumerate(texts, start=1):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)

    def enabled(self) -> dict[str, bool]:
        """Plugin name -> checked."""
        return {self.table.item(row, 0).data(Qt.ItemDataRole.UserRole):
                self.table.item(row, 0).checkState() == Qt.CheckState.Checked for row in range(self.table.rowCount())}

    def apply(self) -> None:
        disabled = plugins.disabled_plugins()
        for name, on in self.enabled().items():
            if on == (name in disabled):
                plugins.set_plugin_enabled(name, on)
