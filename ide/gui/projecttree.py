"""The project view: the files and folders of the open project, with new / rename / delete.

A click on a file opens it (so does Enter or a double-click); renaming is F2 or the context
menu, never a double-click. Until a project is open the tree is empty and says so: it has no
model at all, so nothing of the file system shows or can be renamed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QFileSystemModel, QInputDialog, QMenu, QMessageBox, QTreeView,
                               QWidget)

from ide.i18n import _


class ProjectTree(QTreeView):
    """A tree of the project folder; clicking or activating a file emits `file_activated(path)`."""

    file_activated = Signal(Path)
    renamed = Signal(Path, Path)   # old path, new path (a file or a folder), after an in-place rename

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("project-tree")
        self.model_: QFileSystemModel | None = None  # made when a project opens
        self.setHeaderHidden(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # F2; a double-click opens
        self.root: Path | None = None
        self.clicked.connect(self._activated)
        self.activated.connect(self._activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def set_root(self, folder: Path) -> None:
        """Show `folder`'s files and folders (hidden ones left out)."""
        if self.model_ is None:
            self.model_ = QFileSystemModel(self)
            self.model_.setReadOnly(False)
            self.model_.setFilter(QDir.Filter.AllEntries | QDir.Filter.NoDotAndDotDot)  # no hidden files
            self.model_.fileRenamed.connect(
                lambda folder, old, new: self.renamed.emit(Path(folder, old), Path(folder, new)))
            self.setModel(self.model_)
            for column in (1, 2, 3):
                self.hideColumn(column)
        self.root = folder
        index = self.model_.setRootPath(str(folder))
        self.setRootIndex(index)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.root is None:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             self.placeholder_text())
            painter.end()

    @staticmethod
    def placeholder_text() -> str:
        return _("No project is open.\nCreate one or open a folder from the Welcome page or the File menu.")

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
        if self.root is None:
            return
        menu = self.context_menu()
        menu.exec(self.viewport().mapToGlobal(position))
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        """New file / New folder, and Rename (F2) / Delete for the current item."""
        menu = QMenu(self)
        menu.addAction(_("New file..."), self.new_file)
        menu.addAction(_("New folder..."), self.new_folder)
        if self.currentIndex().isValid():
            rename = menu.addAction(_("Rename"), self.rename_current)
            rename.setShortcut(QKeySequence(Qt.Key.Key_F2))  # shown in the menu; F2 itself is the view's edit key
            menu.addAction(_("Delete"), self.delete_selected)
        return menu

    def rename_current(self) -> None:
        """Start editing the current item's name in place."""
        self.edit(self.currentIndex())

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
