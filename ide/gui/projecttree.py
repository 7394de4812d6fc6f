"""The project view: the files and folders of the open project, with new / rename / delete."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QFileSystemModel, QInputDialog, QMenu, QMessageBox, QTreeView, QWidget

from ide.i18n import _

class ProjectTree(QTreeView):
    """A tree of the project folder; activating a file emits `file_activated(path)`."""

    file_activated = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("project-tree")
        self.model_ = QFileSystemModel(self)
        self.model_.setReadOnly(False)
        self.model_.setFilter(QDir.Filter.AllEntries | QDir.Filter.NoDotAndDotDot)  # no hidden files
        self.setModel(self.model_)
        for column in (1, 2, 3):
            self.hideColumn(column)
        self.setHeaderHidden(True)
        self.root: Path | None = None
        self.activated.connect(self._activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def set_root(self, folder: Path) -> None:
        self.root = folder
        index = self.model_.setRootPath(str(folder))
        self.setRootIndex(index)

    def path_of(self, index: QModelIndex) -> Path:
        return Path(self.model_.filePath(index))

    def _activated(self, index: QModelIndex) -> None:
        path = self.path_of(index)
        if path.is_file():
            self.file_activated.emit(path)

    def _target_folder(self) -> Path | None:
        index = self.currentIndex()
        if not index.isValid():
            return self.root
        path = self.path_of(index)
        return path if path.is_dir() else path.parent

    def _menu(self, position) -> None:
        menu = QMenu(self)
        menu.addAction(_("New file..."), self.new_file)
        menu.addAction(_("New folder..."), self.new_folder)
        if self.currentIndex().isValid():
            menu.addAction(_("Rename"), lambda: self.edit(self.currentIndex()))
            menu.addAction(_("Delete"), self.delete_selected)
        menu.exec(self.viewport().mapToGlobal(position))

    def new_file(self, name: str | None = None) -> Path | None:
        folder = self._target_folder()
        if folder is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(self, _("New file"), _("File name:"), text="module.py")
            if not ok or not name:
                return None
        path = folder / name
        if path.exists():
            QMessageBox.warning(self, _("New file"), _("{name} already exists.").format(name=name))
            return None
        path.touch()
        self.file_activated.emit(path)
        return path

    def new_folder(self, name: str | None = None) -> Path | None:
        folder = self._target_folder()
        if folder is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(self, _("New folder"), _("Folder name:"))
            if not ok or not name:
                return None
        index = self.model_.mkdir(self.model_.index(str(folder)), name)
        return self.path_of(index) if index.isValid() else None

    def delete_selected(self, confirm: bool = True) -> bool:
        index = self.currentIndex()
        if not index.isValid():
            return False
        path = self.path_of(index)
        if confirm and QMessageBox.question(self, _("Delete"), _("Delete {name}?").format(name=path.name)) \
                != QMessageBox.StandardButton.Yes:
            return False
        return self.model_.rmdir(index) if path.is_dir() else self.model_.remove(index)
