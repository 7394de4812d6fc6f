"""The device files panel: the board's files as a tree, with refresh, upload, download, delete, rename, new folder.

Every operation is a request to the `FilesWorker` (it runs in the worker's thread); the tree is
rebuilt from its `listed(folder, entries)` answers, one folder at a time, as folders are opened.
Each request ends with `file_done`: an error is shown in a message box with its hint, and the
panel stays usable. Listing does not happen on its own, because entering the board's raw REPL
stops the program that runs there: the user presses Refresh.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHeaderView, QInputDialog, QLabel, QMessageBox,
                               QProgressBar, QStyle, QToolBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ide.gui.worker import BUSY, DISCONNECTED, IDLE
from ide.gui.worker_files import DOWNLOAD, FilesWorker, join, parent_of
from ide.i18n import _

PATH_ROLE = Qt.ItemDataRole.UserRole
DIR_ROLE = Qt.ItemDataRole.UserRole + 1


# -- dialogs (module functions, so tests can stand in for the user) ------------------------------
def ask_open_files(parent: QWidget, title: str) -> list[str]:
    files, _filter = QFileDialog.getOpenFileNames(parent, title)
    return files


def ask_folder(parent: QWidget, title: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title)


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok else ""


def confirm(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


class DeviceFilesPanel(QWidget):
    """The board's files. Give it the `FilesWorker` that owns the board session."""

    def __init__(self, worker: FilesWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("device-files")
        self.setWindowTitle(_("Device files"))
        self.worker = worker
        self.error_box: QMessageBox | None = None
        self._pending = 0
        self._state = DISCONNECTED
        self._items: dict[str, QTreeWidgetItem] = {}
        self._loaded: set[str] = set()
        self._build()
        events = worker.events
        events.listed.connect(self._on_listed)
        events.file_done.connect(self._on_done)
        events.state_changed.connect(self._on_state)
        events.progress.connect(self._on_progress)
        self._on_state(worker.state)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.toolbar = QToolBar(self)
        self.refresh_action = self._action(
            _("Refresh list"), _("List the board's files again (this stops the program running on the board)"),
            self.refresh)
        self.upload_action = self._action(
            _("Upload..."), _("Copy files from this computer to the selected folder on the board"),
            self._upload_clicked)
        self.download_action = self._action(
            _("Download..."), _("Copy the selected files from the board to a folder on this computer"),
            self._download_clicked)
        self.delete_action = self._action(
            _("Delete..."), _("Delete the selected files or empty folders on the board"), self._delete_clicked)
        self.rename_action = self._action(
            _("Rename..."), _("Rename the selected file or folder on the board"), self._rename_clicked)
        self.mkdir_action = self._action(
            _("Make folder..."), _("Create a folder on the board, in the selected folder"), self._mkdir_clicked)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("device-files-tree")
        self.tree.setHeaderLabels([_("Board file"), _("Bytes")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemExpanded.connect(self._on_expanded)
        self.tree.itemSelectionChanged.connect(self._update_actions)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("device-files-status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.toolbar, self.tree, self.progress, self.status):
            layout.addWidget(widget)

    def _action(self, text: str, tip: str, slot):
        action = self.toolbar.addAction(text)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # -- what the user asks for (public, so the main window and tests can call them) ---------
    def refresh(self) -> None:
        """List the board's root again (open folders follow)."""
        self._request(lambda: self.worker.list_dir("/"))

    def upload_files(self, host_paths: list[str], folder: str) -> None:
        for host in host_paths:
            self._request(lambda host=host: self.worker.upload(str(host), join(folder, Path(host).name)))

    def download_files(self, board_paths: list[str], host_folder: str) -> None:
        for path in board_paths:
            host = Path(host_folder) / posixpath.basename(path)
            self._request(lambda path=path, host=host: self.worker.download(path, str(host)))

    def delete_paths(self, board_paths: list[str]) -> None:
        """Delete files and (empty) folders, the deepest first so a folder's files go before it."""
        for path in sorted(board_paths, key=lambda p: (-p.count("/"), p)):
            self._request(lambda path=path: self.worker.delete(path))

    def rename_path(self, path: str, new_name: str) -> None:
        """Rename `path`; a name with "/" in it moves the entry (relative to its folder, or absolute)."""
        self._request(lambda: self.worker.rename(path, join(parent_of(path), new_name)))

    def make_folder(self, parent: str, name: str) -> None:
        self._request(lambda: self.worker.mkdir(join(parent, name)))

    def selected_paths(self) -> list[str]:
        return [item.data(0, PATH_ROLE) for item in self.tree.selectedItems()]

    def target_folder(self) -> str:
        """Where uploads and new folders go: the selected folder, or the selected file's folder, or /."""
        items = self.tree.selectedItems()
        if not items:
            return "/"
        path = items[0].data(0, PATH_ROLE)
        return path if items[0].data(0, DIR_ROLE) else parent_of(path)

    def item(self, path: str) -> QTreeWidgetItem | None:
        """The tree item of a board path, when it is listed."""
        return self._items.get(path)

    def busy(self) -> bool:
        return self._pending > 0

    # -- buttons -----------------------------------------------------------------------------
    def _upload_clicked(self) -> None:
        folder = self.target_folder()
        files = ask_open_files(self, _("Upload to {folder} on the board").format(folder=folder))
        if files:
            self.upload_files(files, folder)

    def _download_clicked(self) -> None:
        files = [i.data(0, PATH_ROLE) for i in self.tree.selectedItems() if not i.data(0, DIR_ROLE)]
        folder = ask_folder(self, _("Download to folder")) if files else ""
        if folder:
            self.download_files(files, folder)

    def _delete_clicked(self) -> None:
        paths = self.selected_paths()
        if not paths:
            return
        if len(paths) == 1:
            question = _("Delete {path} from the board? This cannot be undone.").format(path=paths[0])
        else:
            question = _("Delete these {count} entries from the board? This cannot be undone.").format(count=len(paths))
        if confirm(self, _("Delete on the board"), question):
            self.delete_paths(paths)

    def _rename_clicked(self) -> None:
        paths = self.selected_paths()
        if len(paths) != 1:
            return
        name = ask_text(self, _("Rename on the board"), _("New name for {path}:").format(path=paths[0]),
                        posixpath.basename(paths[0]))
        if name and name != posixpath.basename(paths[0]):
            self.rename_path(paths[0], name)

    def _mkdir_clicked(self) -> None:
        folder = self.target_folder()
        label = _("Name of the new folder in {folder}:").format(folder=folder)
        name = ask_text(self, _("Make folder on the board"), label)
        if name:
            self.make_folder(folder, name)

    # -- the worker's answers ----------------------------------------------------------------
    def _request(self, send) -> None:
        if self._state not in (IDLE, BUSY):
            self._show_error(_("No board is connected."), _("Pick a port or the virtual board first."))
            return
        self._pending += 1
        self._update_actions()
        send()

    def _on_listed(self, folder: str, entries: list) -> None:
        parent = self.tree.invisibleRootItem() if folder == "/" else self._items.get(folder)
        if parent is None:
            return  # its folder is no longer shown
        reopen = {p for p, item in self._items.items() if item.isExpanded() and _inside(p, folder)}
        selected = set(self.selected_paths())
        self._forget_children(parent)
        for entry in entries:
            item = self._make_item(entry)
            parent.addChild(item)
            item.setSelected(entry["path"] in selected)
        self._loaded.add(folder)
        if folder == "/":
            self.status.setText(_("{count} entries in the board's top folder.").format(count=len(entries)))
        for entry in entries:
            if entry["dir"] and entry["path"] in reopen:
                self._items[entry["path"]].setExpanded(True)  # lists it again through _on_expanded

    def _make_item(self, entry: dict) -> QTreeWidgetItem:
        size = "" if entry["dir"] else f"{entry['size']:,}"
        item = QTreeWidgetItem([entry["name"], size])
        item.setData(0, PATH_ROLE, entry["path"])
        item.setData(0, DIR_ROLE, entry["dir"])
        item.setToolTip(0, entry["path"])
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        icon = QStyle.StandardPixmap.SP_DirIcon if entry["dir"] else QStyle.StandardPixmap.SP_FileIcon
        item.setIcon(0, self.style().standardIcon(icon))
        if entry["dir"]:
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        self._items[entry["path"]] = item
        return item

    def _forget_children(self, parent: QTreeWidgetItem) -> None:
        for item in parent.takeChildren():
            self._forget_children(item)
            path = item.data(0, PATH_ROLE)
            self._items.pop(path, None)
            self._loaded.discard(path)

    def _on_expanded(self, item: QTreeWidgetItem) -> None:
        path = item.data(0, PATH_ROLE)
        if item.data(0, DIR_ROLE) and path not in self._loaded and self._state in (IDLE, BUSY):
            self._request(lambda: self.worker.list_dir(path))

    def _on_done(self, op: str, path: str, message: str, hint: str) -> None:
        self._pending = max(0, self._pending - 1)
        if message:
            self.status.setText(message)
            self._show_error(message, hint)
        elif op == DOWNLOAD:
            self.status.setText(_("Downloaded {path}.").format(path=path))
        if not self._pending:
            self.progress.setVisible(False)
        self._update_actions()

    def _on_progress(self, path: str, done: int, total: int) -> None:
        if self._pending:
            self.progress.setVisible(True)
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def _on_state(self, state: str) -> None:
        self._state = state
        if state not in (IDLE, BUSY):
            self._pending = 0
            self.progress.setVisible(False)
        if state == DISCONNECTED:
            self._forget_children(self.tree.invisibleRootItem())
            self._loaded.clear()
            self.status.setText(_("Connect a board to see its files."))
        elif state == IDLE and not self._loaded and not self._pending:
            self.status.setText(_("Press Refresh list to see the board's files. "
                                  "Listing stops the program running on the board."))
        self._update_actions()

    def _update_actions(self) -> None:
        ready = self._state in (IDLE, BUSY) and not self._pending
        items = self.tree.selectedItems()
        self.tree.setEnabled(self._state in (IDLE, BUSY))
        self.refresh_action.setEnabled(ready)
        self.upload_action.setEnabled(ready)
        self.mkdir_action.setEnabled(ready)
        self.download_action.setEnabled(ready and any(not i.data(0, DIR_ROLE) for i in items))
        self.delete_action.setEnabled(ready and bool(items))
        self.rename_action.setEnabled(ready and len(items) == 1)

    def _show_error(self, message: str, hint: str) -> None:
        if self.error_box is not None:
            self.error_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, _("Device files"), message, parent=self)
        box.setObjectName("device-files-error")
        if hint:
            box.setInformativeText(hint)
        box.open()
        self.error_box = box


def _inside(path: str, folder: str) -> bool:
    return folder == "/" or path.startswith(folder.rstrip("/") + "/")
