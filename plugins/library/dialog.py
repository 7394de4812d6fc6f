"""Tools > Driver library...: search the driver packages and add them to the open project.

The package list comes from the local index, so searching never waits for the network. Adding,
removing, restoring and refreshing the index run on a thread pool (`_Task`); their results come
back to the dialog through queued signals, while a busy bar shows and the buttons are disabled.
A failure is shown as a message with its hint. After files change, the main window's project view
is refreshed (`window.refresh_project()`).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QProgressBar, QPushButton, QVBoxLayout)

from ide import api

from . import catalog, installer

_ = api.translator(__file__)
NAME_ROLE = Qt.ItemDataRole.UserRole


class _Signals(QObject):
    finished = Signal(object, object)   # (what to call on the UI thread, the result)
    failed = Signal(str, str)           # message, hint


class _Task(QRunnable):
    """Runs `function()` off the UI thread and reports through `signals`."""

    def __init__(self, function: Callable[[], Any], on_done: Callable[[Any], None], signals: _Signals) -> None:
        super().__init__()
        self.function, self.on_done, self.signals = function, on_done, signals

    def run(self) -> None:
        try:
            result = self.function()
        except api.IdeError as exc:
            self.signals.failed.emit(exc.message, exc.hint)
        except Exception as exc:  # a bug: still tell the user rather than fail silently
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}", "")
        else:
            self.signals.finished.emit(self.on_done, result)


class LibraryDialog(QDialog):
    """Search, add and remove driver packages for `window.project_dir()`."""

    task_done = Signal()   # after every background task, success or failure (tests wait on it)

    def __init__(self, window: Any, source: Any) -> None:
        super().__init__(getattr(window, "widget", None))
        self.window, self.source = window, source
        self.folder = window.project_dir()
        self.index = source.index()
        self.pool = QThreadPool(self)
        self.signals = _Signals(self)
        self.signals.finished.connect(self._on_finished)
        self.signals.failed.connect(self._on_failed)
        self.setWindowTitle(_("Driver library"))
        self.resize(760, 520)
        self._build()
        self._filter()
        self._show_project()
        self._set_busy(False)

    # -- layout -----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(placeholderText=_("Search drivers, e.g. mpu6050 or sensor"))
        self.search.textChanged.connect(self._filter)
        self.packages = QListWidget()
        self.packages.currentItemChanged.connect(self._show_versions)
        self.versions = QComboBox()
        self.add_button = QPushButton(_("&Add to project"), clicked=self._add)
        self.refresh_button = QPushButton(_("&Update list from PyPI"), clicked=self._refresh)
        self.installed = QListWidget()
        self.remove_button = QPushButton(_("&Remove from project"), clicked=self._remove)
        self.restore_button = QPushButton(_("Re&store missing files"), clicked=self._restore)
        self.busy = QProgressBar(minimum=0, maximum=0, textVisible=False)
        self.status = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, rejected=self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.packages, 3)
        layout.addLayout(_row(QLabel(_("Version:")), self.versions, self.add_button, self.refresh_button))
        layout.addWidget(QLabel(self._project_text()))
        layout.addWidget(self.installed, 2)
        layout.addLayout(_row(self.remove_button, self.restore_button))
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(close)

    def _project_text(self) -> str:
        if self.folder is None:
            return _("No project is open: open one to add libraries to it.")
        return _("Libraries in the project {name}:").format(name=self.folder.name)

    # -- lists ------------------------------------------------------------------------------------
    def _filter(self) -> None:
        self.packages.clear()
        for entry in catalog.search(self.index, self.search.text()):
            text = f"{catalog.short_name(entry['name'])}  {entry['version']}  -  {entry.get('summary', '')}"
            item = QListWidgetItem(text)
            item.setData(NAME_ROLE, entry["name"])
            self.packages.addItem(item)
        if self.packages.count():
            self.packages.setCurrentRow(0)

    def _show_versions(self) -> None:
        self.versions.clear()
        entry = catalog.find(self.index, self._selected(self.packages) or "")
        if entry:
            self.versions.addItem(_("latest"), None)
            for version in reversed(entry.get("versions") or [entry["version"]]):
                self.versions.addItem(version, version)

    def _show_project(self) -> None:
        self.installed.clear()
        if self.folder is None:
            return
        for record in installer.records(self.folder):
            item = QListWidgetItem(f"{record['name']} {record['version']}: {', '.join(record['files'])}")
            item.setData(NAME_ROLE, record["name"])
            self.installed.addItem(item)

    @staticmethod
    def _selected(widget: QListWidget) -> str | None:
        item = widget.currentItem()
        return item.data(NAME_ROLE) if item is not None else None

    # -- actions ----------------------------------------------------------------------------------
    def _add(self) -> None:
        name, version = self._selected(self.packages), self.versions.currentData()
        if name and self.folder is not None:
            self._run(lambda: installer.add(self.source, self.folder, name, version), self._changed)

    def _remove(self) -> None:
        name = self._selected(self.installed)
        if name and self.folder is not None:
            self._run(lambda: installer.remove(self.folder, name), self._changed)

    def _restore(self) -> None:
        if self.folder is not None:
            self._run(lambda: installer.restore(self.source, self.folder), self._changed)

    def _refresh(self) -> None:
        self._run(self.source.refresh, self._new_index)

    def _run(self, function: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._set_busy(True)
        self.status.setText(_("Working..."))
        self.pool.start(_Task(function, on_done, self.signals))

    # -- results (UI thread) ----------------------------------------------------------------------
    def _on_finished(self, on_done: Callable[[Any], None], result: Any) -> None:
        self._set_busy(False)
        on_done(result)
        self.task_done.emit()

    def _on_failed(self, message: str, hint: str) -> None:
        self._set_busy(False)
        self.status.setText(message)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Driver library"), message, parent=self)
        box.setInformativeText(hint)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.task_done.emit()

    def _changed(self, outcome: installer.Outcome) -> None:
        self.status.setText("\n".join(outcome.lines))
        self._show_project()
        if outcome.changed:
            self.window.refresh_project()

    def _new_index(self, index: dict) -> None:
        self.index = index
        self._filter()
        self.status.setText(_("The list now has {count} packages.").format(count=len(index.get("packages", []))))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        has_project = self.folder is not None
        for button in (self.add_button, self.remove_button, self.restore_button):
            button.setEnabled(has_project and not busy)
        self.refresh_button.setEnabled(not busy)

    def done(self, result: int) -> None:
        self.pool.waitForDone()
        super().done(result)


def _row(*widgets: Any) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row
