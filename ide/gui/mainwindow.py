"""The main window: project tree, editor tabs, console, device toolbar; Deploy is one key (F5).

The window owns one `DeviceWorker` (the only thing that touches the board) and talks to it with
its request methods and `worker.events` signals. With no board plugged in, the port is the
built-in virtual board, so a newcomer can deploy a template at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QTabWidget, QVBoxLayout, QWidget)

from ide import __version__
from ide.core.errors import IdeError
from ide.gui.console import ConsoleView
from ide.gui.devicebar import DeviceToolBar
from ide.gui.editor import CodeEditor
from ide.gui.projecttree import ProjectTree
from ide.gui.worker import BUSY, IDLE
from ide.gui.worker_files import FilesWorker
from ide.i18n import _

APP_NAME = "HaaS IDE"
MAX_RECENT = 8
MIRROR_LIST = 30  # files named in the mirror question; the rest are counted
CONNECT_FALLBACK_MS = 500  # a window that is not painted (hidden, minimised) connects after this


def about_text() -> str:
    """The body of the About box."""
    return _("<h3>HaaS IDE {version}</h3>"
             "<p>A desktop IDE for HaaS Python and MicroPython boards, "
             "with a built-in virtual board.</p>").format(version=__version__)


def firmware_text(summary: dict) -> str:
    """The status bar's words for the board a deploy found: firmware, version and app folder."""
    if summary.get("firmware_name") and summary.get("target"):
        return _("{firmware}, app in {target}").format(firmware=summary["firmware_name"], target=summary["target"])
    return f"MicroPython {summary['micropython']}" if summary.get("micropython") else ""


def state_text(state: str) -> str:
    """The status bar's words for a worker state."""
    texts = {"connecting": _("Connecting..."), "idle": _("Connected"), "busy": _("Busy"),
             "lost": _("Connection lost, retrying...")}
    return texts.get(state, _("Not connected"))


class MainWindow(QMainWindow):
    """The IDE's main window."""

    def __init__(self, parent: QWidget | None = None, connect: bool = True, plugins=None) -> None:
        super().__init__(parent)
        self._connect_pending = False
        from ide.gui.app import install_qt_translations

        install_qt_translations(QApplication.instance())
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.project_dir: Path | None = None
        self._dirty: dict[QWidget, bool] = {}  # editor tab -> has unsaved changes
        self.settings = QSettings()
        self._build_editor_tabs()
        self._build_console()
        self._build_project_tree()
        self._build_device_toolbar()
        self._build_status_bar()
        self._build_menus()
        self._build_worker()
        self._build_panels()
        self._install_plugins(plugins)
        self._restore_layout()
        from ide.gui.autosave import Autosaver
        from ide.gui.settings import Settings

        self.preferences = Settings(self.settings)
        self.preferences.apply_to(self)
        self.autosaver = Autosaver(self)
        from ide.gui.toolbar_style import style_device_toolbar
        from ide.gui.window_start import add_welcome_action, reopen_last_project

        style_device_toolbar(self.device_toolbar)
        add_welcome_action(self)
        reopen_last_project(self)
        self._connect_pending = connect  # once the window is on screen: starting the virtual board
        if connect:                      # costs a tenth of a second of the GUI thread
            QTimer.singleShot(CONNECT_FALLBACK_MS, self._connect_first_port)  # a window never painted

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._connect_pending:
            QTimer.singleShot(0, self._connect_first_port)

    def _connect_first_port(self) -> None:
        if self._connect_pending:
            self.connect_port(self.device_toolbar.port())

    # -- building ----------------------------------------------------------------------------
    def _build_editor_tabs(self) -> None:
        """The editor tabs (the Welcome page first) in the editor area, where the find bar goes too."""
        from ide.gui.welcome import install_welcome

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editor-tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.welcome_page = install_welcome(self)
        self.tabs.addTab(self.welcome_page, _("Welcome"))
        self.editor_area = QWidget(self)
        self.editor_area.setObjectName("editor-area")
        layout = QVBoxLayout(self.editor_area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs)
        self.setCentralWidget(self.editor_area)

    def _build_console(self) -> None:
        self.console = ConsoleView(self)
        self.console_dock = self._dock(_("Console"), "console-dock", self.console, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.console.open_location.connect(lambda path, line: self.open_file(Path(path), line))

    def _build_project_tree(self) -> None:
        self.project_tree = ProjectTree(self)
        self.project_tree.file_activated.connect(self.open_file)
        self.project_tree.renamed.connect(self._renamed_on_disk)
        self.project_dock = self._dock(_("Project"), "project-dock", self.project_tree, Qt.DockWidgetArea.LeftDockWidgetArea)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_device_toolbar(self) -> None:
        self.device_toolbar = DeviceToolBar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.device_toolbar)
        bar = self.device_toolbar
        bar.deploy_action.setShortcut(QKeySequence("F5"))
        bar.deploy_action.triggered.connect(self.deploy)
        bar.run_action.setShortcut(QKeySequence("F6"))
        bar.run_action.triggered.connect(self.run_current_file)
        bar.stop_action.triggered.connect(self.stop)
        bar.reset_action.triggered.connect(lambda: self.worker.soft_reset())
        bar.port_chosen.connect(self.connect_port)

    def _build_status_bar(self) -> None:
        self.firmware_label = QLabel("", self)
        self.firmware_label.setObjectName("firmware-label")
        self.board_label = QLabel("", self)
        self.board_label.setObjectName("board-label")
        self.connection_label = QLabel(_("Not connected"), self)
        self.connection_label.setObjectName("connection-label")
        self.port_label = QLabel("", self)
        self.port_label.setObjectName("port-label")
        for label in (self.port_label, self.board_label, self.firmware_label, self.connection_label):
            self.statusBar().addPermanentWidget(label)
        self.console.banner_seen.connect(lambda version, _date, machine: self.firmware_label.setText(
            f"MicroPython {version} ({machine})"))

    def _build_menus(self) -> None:
        self.menus = {}
        self.menus["file"] = file_menu = self.menuBar().addMenu(_("&File"))
        self.new_project_action = self._action(_("&New project..."), QKeySequence.StandardKey.New, self.new_project)
        file_menu.addAction(self.new_project_action)
        self.open_folder_action = self._action(_("&Open folder..."), QKeySequence.StandardKey.Open, self.open_folder)
        self.save_action = self._action(_("&Save"), QKeySequence.StandardKey.Save, self.save_current)
        self.save_all_action = self._action(_("Save a&ll"), QKeySequence("Ctrl+Shift+S"), self.save_all)
        self.quit_action = self._action(_("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.recent_menu = file_menu.addMenu(_("Recent projects"))
        for action in (self.open_folder_action, self.save_action, self.save_all_action):
            file_menu.addAction(action)
        file_menu.insertMenu(self.save_action, self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self._fill_recent_menu()
        self.menus["view"] = self.view_menu = view_menu = self.menuBar().addMenu(_("&View"))
        for dock in (self.project_dock, self.console_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(self.device_toolbar.toggleViewAction())
        self.menus["tools"] = tools_menu = self.menuBar().addMenu(_("&Tools"))
        self.flash_action = self._action(_("&Flash firmware..."), None, self.flash_firmware)
        tools_menu.addAction(self.flash_action)
        self.mirror_action = self._action(_("&Mirror project to board..."), None, self.mirror_to_board)
        self.mirror_action.setStatusTip(_("Deploy, then delete the files in the board's app folder that the project "
                                          "does not have (they are listed first)"))
        self.mirror_action.setEnabled(False)  # until a board is connected
        tools_menu.addAction(self.mirror_action)
        self.settings_action = self._action(_("&Settings..."), QKeySequence.StandardKey.Preferences, self.open_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        tools_menu.addAction(self.settings_action)
        self.menus["help"] = help_menu = self.menuBar().addMenu(_("&Help"))
        self.about_action = self._action(_("&About HaaS IDE"), None, self.show_about)
        help_menu.addAction(self.about_action)
        from ide.gui.editmenu import EditMenu
        from ide.gui.help import add_help_actions

        self.edit_menu = EditMenu(self)
        self.help_actions = add_help_actions(self, help_menu)

    def menu(self, name: str):
        """The "file", "edit", "view", "tools" or "help" menu (plugins add commands to them)."""
        return self.menus[name]

    def _install_plugins(self, registry) -> None:
        from ide.core import plugins
        from ide.gui.plugin_host import PluginHost

        self.plugins = registry if registry is not None else plugins.current()
        self.plugin_host = PluginHost(self, self.plugins)
        self.plugin_host.install()

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_panels(self) -> None:
        from ide.gui.devicefiles import DeviceFilesPanel
        from ide.gui.virtualpanel import VirtualBoardPanel

        self.device_files = DeviceFilesPanel(self.worker)
        self.files_dock = self._dock(_("Device files"), "files-dock", self.device_files, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.virtual_panel = VirtualBoardPanel()
        self.virtual_dock = self._dock(_("Virtual board"), "virtual-dock", self.virtual_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        for dock in (self.files_dock, self.virtual_dock):
            self.view_menu.addAction(dock.toggleViewAction())

    def _build_worker(self) -> None:
        self.worker = FilesWorker()
        events = self.worker.events
        events.output.connect(self.console.feed)
        events.state_changed.connect(self._state_changed)
        events.state_changed.connect(self.console.set_device_state)
        events.progress.connect(self._deploy_progress)
        events.status.connect(lambda text: self.statusBar().showMessage(text))
        events.deployed.connect(self._deployed)
        events.mirror_previewed.connect(self._confirm_mirror)
        events.failed.connect(self.show_error)
        events.crashed.connect(self.show_bug)
        self.console.send_bytes.connect(self.worker.send)
        self.console.interrupt_requested.connect(self.worker.interrupt)
        self.console.soft_reset_requested.connect(self.worker.soft_reset)
        self.console.hard_reset_requested.connect(self.worker.hard_reset)
        self.worker.start()

    # -- projects and files ------------------------------------------------------------------
    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Open folder"))
        if folder:
            self.set_project_dir(Path(folder))

    def set_project_dir(self, folder: Path) -> None:
        from ide.core.console import PathMapper
        from ide.core.project import Project

        self.project_dir = folder
        self.setWindowTitle(f"{folder.name} - {APP_NAME}")
        self.project_tree.set_root(folder)
        self.console.set_path_mapper(PathMapper(folder))
        try:
            self.board_label.setText(Project(folder).board_id or "")
        except Exception:
            self.board_label.setText("")
        self._remember_recent(folder)
        self._reconnect_for_project()
        main = folder / "main.py"
        if main.is_file():
            self.open_file(main)
        self.statusBar().showMessage(_("Opened {folder}").format(folder=folder), 5000)

    def editors(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count()) if self.tabs.widget(i) is not self.welcome_page]

    def open_file(self, path: Path, line: int | None = None) -> QWidget:
        path = Path(path)
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if getattr(widget, "file_path", None) == path:
                self.tabs.setCurrentIndex(i)
                break
        else:
            widget = self._new_editor(path)
            self.tabs.setCurrentIndex(self.tabs.addTab(widget, path.name))
        if line is not None and hasattr(widget, "goto_line"):
            widget.goto_line(line)
        return widget

    def _new_editor(self, path: Path) -> QWidget:
        if path.name == "board.json":
            from ide.gui.boardjson_form import BoardJsonEditor

            widget = BoardJsonEditor(self.tabs)
            widget.set_text(path.read_text(encoding="utf-8", errors="replace"))
            if self.project_dir is not None:
                widget.load_project(self.project_dir)
            widget.text_changed.connect(lambda _text, w=widget: self._mark_modified(w, True))
        else:
            widget = CodeEditor(self.tabs, language="json" if path.suffix == ".json" else "python")
            widget.load(path)
            widget.modification_changed.connect(lambda dirty, w=widget: self._mark_modified(w, dirty))
        widget.file_path = path
        self.preferences.apply_to_editor(widget)
        return widget

    def _renamed_on_disk(self, old: Path, new: Path) -> None:
        """A file or folder renamed in the project tree: its open tabs follow it (a save would
        otherwise bring the old file back)."""
        for widget in self.editors():
            path = widget.file_path
            if path != old and old not in path.parents:
                continue
            widget.file_path = new / path.relative_to(old)
            if isinstance(widget, CodeEditor):
                widget.relocate(widget.file_path)
            self._mark_modified(widget, self.is_modified(widget))

    def _mark_modified(self, widget: QWidget, dirty: bool) -> None:
        self._dirty[widget] = dirty
        index = self.tabs.indexOf(widget)
        if index >= 0:
            self.tabs.setTabText(index, widget.file_path.name + (" *" if dirty else ""))

    def is_modified(self, widget: QWidget) -> bool:
        return self._dirty.get(widget, False) or (isinstance(widget, CodeEditor) and widget.is_modified())

    def save(self, widget: QWidget) -> None:
        if isinstance(widget, CodeEditor):
            widget.save()
        else:
            widget.file_path.write_text(widget.text(), encoding="utf-8")
        self._mark_modified(widget, False)

    def save_current(self) -> None:
        widget = self.tabs.currentWidget()
        if widget in self.editors():
            self.save(widget)

    def save_all(self) -> None:
        for widget in self.editors():
            if self.is_modified(widget):
                self.save(widget)

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget in self.editors() and self.is_modified(widget) and not self._confirm_discard([widget]):
            return
        self.tabs.removeTab(index)
        self._dirty.pop(widget, None)

    # -- device ------------------------------------------------------------------------------
    def connect_port(self, port: str) -> None:
        """Talk to `port`; "virtual" is the built-in board, started here and shown in its panel."""
        from ide.gui import virtual_service

        self._connect_pending = False
        self.console.reset_stream()
        self.port_label.setText(self.device_toolbar.port_combo.currentText() if port == "virtual" else port)
        board = self._project_board()
        if hasattr(self, "virtual_panel"):
            self.virtual_panel.detach()
        if port == "virtual":
            embedded = virtual_service.embedded_board(board_id=virtual_service.simulated_board_for(board))
            if hasattr(self, "virtual_panel"):
                self.virtual_panel.attach(embedded.board)
            self._port_in_use = (port, embedded.board_id)
            self.worker.open_port(embedded.url)
        else:
            baud = (board or {}).get("baud", 115200)  # HaaS EDU K1 talks at 1500000
            self._port_in_use = (port, baud)
            self.worker.open_port(port, baud)

    def _project_board(self) -> dict | None:
        """The catalogue entry of the open project's board, if it names one."""
        if self.project_dir is None:
            return None
        from ide.core.deploymethods import board_for

        return board_for(self.project_dir)

    def _reconnect_for_project(self) -> None:
        """A project for another kind of board: the virtual board becomes that board, a real
        port reopens at the board's baud rate."""
        from ide.gui import virtual_service

        port_in_use = getattr(self, "_port_in_use", None)
        if port_in_use is None:
            return
        port, detail = port_in_use
        board = self._project_board()
        wanted = (virtual_service.simulated_board_for(board) if port == "virtual"
                  else (board or {}).get("baud", 115200))
        if wanted != detail:
            self.connect_port(port)

    def open_settings(self) -> None:
        from ide.gui.settings_dialog import open_settings

        open_settings(self)

    def new_project(self) -> None:
        from ide.gui.wizard import NewProjectWizard

        wizard = NewProjectWizard(self)
        wizard.project_created.connect(lambda path: self.set_project_dir(Path(path)))
        wizard.open()

    def flash_firmware(self) -> None:
        """The firmware dialog gets the port: the session closes while it is open."""
        from ide.gui.firmware_dialog import FirmwareDialog

        port = self.device_toolbar.port()
        ports = self.device_toolbar.offered_ports()
        board = self.board_label.text() or None
        self.worker.close_port()
        dialog = FirmwareDialog(self, ports=ports, port=None if port == "virtual" else port, board_id=board,
                                banner_seconds=0)
        dialog.finished.connect(lambda _result: self.connect_port(self.device_toolbar.port()))
        dialog.open()

    def deploy(self) -> None:
        """F5: save all, check the project, deploy the changed files, run main.py."""
        files = self._checked_project_files()
        if files is not None:
            self.statusBar().showMessage(" ".join([_("Deploying..."), *self._skipped]))
            self.worker.deploy(str(self.project_dir), files)

    def mirror_to_board(self) -> None:
        """Like Deploy, but first list the board's files the project does not have; delete them if the user agrees."""
        files = self._checked_project_files()
        if files is not None:
            self.statusBar().showMessage(_("Looking at the board's app folder..."))
            self.worker.preview_mirror(str(self.project_dir), files)

    def _confirm_mirror(self, preview: dict) -> None:
        prefix = preview["target"].rstrip("/") + "/"
        paths = [prefix + rel for rel in preview["deletes"]]
        if paths:
            shown = paths[:MIRROR_LIST] + ([_("... and {count} more").format(count=len(paths) - MIRROR_LIST)]
                                           if len(paths) > MIRROR_LIST else [])
            question = _("Deploy the project to {target}, then delete these {count} files there, which the project "
                         "does not have?").format(target=preview["target"], count=len(paths)) + "\n\n" + "\n".join(shown)
        else:
            question = _("The board's app folder {target} holds nothing the project does not have. Deploy now?").format(
                target=preview["target"])
        answer = QMessageBox.question(self, APP_NAME, f"{preview['board']}\n\n{question}",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.statusBar().showMessage(_("Deploying..."))
            self.worker.deploy(preview["project"], preview["files"], mirror=preview["deletes"])
        else:
            self.statusBar().showMessage(_("Nothing was changed on the board."), 5000)

    def _checked_project_files(self) -> list | None:
        """Save all and check the project; its files, or None (after saying why) when it cannot go."""
        if self.project_dir is None:
            self.show_error(_("No project is open."), _("Open a project folder first (File > Open folder...)."))
            return None
        self.save_all()
        from ide.core.boardjson import ERROR, check_project
        from ide.core.project import Project
        from ide.gui.errors import diagnostic_text

        try:
            diagnostics = check_project(self.project_dir)
            project = Project(self.project_dir)
            files = [(f.rel, f.path) for f in project.files()]
            skipped = Project.skipped_notes(project.outside_links())
        except IdeError as exc:  # a bug goes on to the traceback dialog
            self.show_error(exc.message, exc.hint)
            return None
        self._skipped = skipped  # said with "Deploying..." (links to outside the project never go)
        self._show_diagnostics(diagnostics)
        problems = [d for d in diagnostics if d.severity == ERROR]
        if problems:
            self.show_error(_("The project has errors; nothing was deployed."),
                            "\n".join(diagnostic_text(d) for d in problems[:10]))
            return None
        return files

    def _show_diagnostics(self, diagnostics: list) -> None:
        """Put the project check's findings in the margins of the open editors they concern."""
        for widget in self.editors():
            if hasattr(widget, "set_diagnostics"):
                mine = [d for d in diagnostics if Path(self.project_dir, d.file) == widget.file_path]
                widget.set_diagnostics(mine)

    def stop(self) -> None:
        """Stop: a deploy or run in progress stops cleanly (the board back at its prompt), and the
        board's program is interrupted."""
        if self.worker.state == BUSY:
            self.worker.cancel()
        self.worker.interrupt()

    def run_current_file(self) -> None:
        widget = self.tabs.currentWidget()
        text = widget.text() if hasattr(widget, "text") else ""
        self.worker.run_source(text.encode("utf-8"))

    def _state_changed(self, state: str) -> None:
        from ide.gui import virtual_service

        virtual_service.close_retired()  # the worker has let go of a board it was switched away from
        self.connection_label.setText(state_text(state))
        ready = state in (IDLE, BUSY)
        for action in (self.device_toolbar.deploy_action, self.device_toolbar.run_action, self.mirror_action):
            action.setEnabled(state == IDLE)
        for action in (self.device_toolbar.stop_action, self.device_toolbar.reset_action):
            action.setEnabled(ready)

    def _deploy_progress(self, path: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        self.statusBar().showMessage(_("Deploying {path}: {percent}%").format(path=path, percent=percent))

    def _deployed(self, summary: dict) -> None:
        if firmware_text(summary):
            self.firmware_label.setText(firmware_text(summary))
        self.statusBar().showMessage(_("Deployed: {written} written, {unchanged} unchanged, {deleted} deleted.").format(
            written=len(summary["written"]), unchanged=len(summary["unchanged"]), deleted=len(summary["deleted"])),
            10000)

    # -- messages ----------------------------------------------------------------------------
    def show_error(self, message: str, hint: str) -> None:
        self.statusBar().showMessage(message, 10000)
        if message != _("Stopped."):
            QMessageBox.warning(self, APP_NAME, f"{message}\n\n{hint}".strip())

    def show_bug(self, traceback_text: str) -> None:
        from ide.gui.errors import show_traceback

        show_traceback(self, traceback_text)

    def show_about(self) -> None:
        QMessageBox.about(self, _("About HaaS IDE"), about_text())

    # -- settings ----------------------------------------------------------------------------
    def _remember_recent(self, folder: Path) -> None:
        recent = [str(folder)] + [p for p in self.recent_projects() if p != str(folder)]
        self.settings.setValue("recent_projects", recent[:MAX_RECENT])
        self._fill_recent_menu()

    def recent_projects(self) -> list[str]:
        value = self.settings.value("recent_projects", []) or []
        return [value] if isinstance(value, str) else list(value)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for folder in self.recent_projects():
            self.recent_menu.addAction(folder, lambda f=folder: self.set_project_dir(Path(f)))
        self.recent_menu.setEnabled(bool(self.recent_projects()))

    def _restore_layout(self) -> None:
        geometry, state = self.settings.value("geometry"), self.settings.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            from ide.gui.window_start import fit_to_screen

            fit_to_screen(self)
        if state is not None:
            self.restoreState(state)

    def _confirm_discard(self, widgets: list[QWidget]) -> bool:
        names = ", ".join(w.file_path.name for w in widgets)
        answer = QMessageBox.question(
            self, APP_NAME, _("Save changes to {names}?").format(names=names),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            for widget in widgets:
                self.save(widget)
        return answer != QMessageBox.StandardButton.Cancel

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = [w for w in self.editors() if self.is_modified(w)]
        if unsaved and not self._confirm_discard(unsaved):
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.autosaver.clear()
        self.worker.stop()
        self.virtual_panel.detach()
        event.accept()
