"""The main window: editor tabs in the middle, the console below, the device toolbar on top.

This is the first shell of the IDE: one welcome editor tab, a console placeholder, a device
toolbar with the virtual board and the File and Help menus. Projects, deploy and the real
console plug into it in later features.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from ide import __version__
from ide.gui.console import ConsoleView
from ide.gui.devicebar import DeviceToolBar
from ide.gui.editor import CodeEditor
from ide.i18n import _

APP_NAME = "HaaS IDE"


def welcome_text() -> str:
    """The Python text of the welcome tab."""
    return _("# Welcome to HaaS IDE!\n"
             "#\n"
             "# Open a project folder (File > Open folder...), write your program in main.py,\n"
             "# press Deploy and watch its output in the Console below.\n"
             "# No board at hand? Pick the virtual board in the toolbar.\n"
             "\n"
             "print(\"Hello, HaaS!\")\n")


def about_text() -> str:
    """The body of the About box."""
    return _("<h3>HaaS IDE {version}</h3>"
             "<p>A desktop IDE for HaaS Python and MicroPython boards, "
             "with a built-in virtual board.</p>").format(version=__version__)


class MainWindow(QMainWindow):
    """The IDE's main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.project_dir: Path | None = None
        self._build_editor_tabs()
        self._build_console()
        self._build_device_toolbar()
        self._build_status_bar()
        self._build_menus()

    def _build_editor_tabs(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editor-tabs")
        self.tabs.setDocumentMode(True)
        self.welcome_editor = CodeEditor(self.tabs, language="python")
        self.welcome_editor.set_text(welcome_text())
        self.tabs.addTab(self.welcome_editor, _("Welcome"))
        self.setCentralWidget(self.tabs)

    def _build_console(self) -> None:
        self.console = ConsoleView(self)
        self.console_dock = QDockWidget(_("Console"), self)
        self.console_dock.setObjectName("console-dock")
        self.console_dock.setWidget(self.console)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.console_dock)

    def _build_device_toolbar(self) -> None:
        self.device_toolbar = DeviceToolBar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.device_toolbar)

    def _build_status_bar(self) -> None:
        self.connection_label = QLabel(_("Not connected"), self)
        self.connection_label.setObjectName("connection-label")
        self.statusBar().addPermanentWidget(self.connection_label)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.open_folder_action = self._action(_("&Open folder..."), QKeySequence.StandardKey.Open, self.open_folder)
        self.quit_action = self._action(_("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        file_menu.addAction(self.open_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu(_("&View"))
        view_menu.addAction(self.console_dock.toggleViewAction())
        view_menu.addAction(self.device_toolbar.toggleViewAction())
        help_menu = self.menuBar().addMenu(_("&Help"))
        self.about_action = self._action(_("&About HaaS IDE"), None, self.show_about)
        help_menu.addAction(self.about_action)

    def _action(self, text: str, shortcut: QKeySequence.StandardKey | None, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def open_folder(self) -> None:
        """Ask for a project folder and remember it (the project view arrives later)."""
        folder = QFileDialog.getExistingDirectory(self, _("Open folder"))
        if folder:
            self.set_project_dir(Path(folder))

    def set_project_dir(self, folder: Path) -> None:
        self.project_dir = folder
        self.setWindowTitle(f"{folder.name} - {APP_NAME}")
        self.statusBar().showMessage(_("Opened {folder}").format(folder=folder), 5000)

    def show_about(self) -> None:
        QMessageBox.about(self, _("About HaaS IDE"), about_text())
