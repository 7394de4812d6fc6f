"""The Welcome page, the first tab a new user sees: start a project, reopen one, try an example.

`WelcomePage` offers New project (the wizard, from a solution template), Open folder, Open an
example (a template made ready for the virtual board, no questions asked, `ide.core.examples`)
and the recent projects, then says in four steps how the IDE works. It only emits signals;
`install_welcome(window)` connects them to the main window. The examples menu reads the
templates the first time it opens, so the page costs nothing at start-up.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QFont, QPalette, QShowEvent
from PySide6.QtWidgets import (QCommandLinkButton, QFrame, QGridLayout, QHBoxLayout, QLabel, QMenu, QScrollArea,
                               QVBoxLayout, QWidget)

from ide.core.errors import IdeError
from ide.gui.themed_icons import IconPainter
from ide.i18n import _

MAX_RECENT_SHOWN = 6
PAGE_WIDTH = 920
ICON_SIZE = QSize(24, 24)


def steps() -> list[str]:
    """How the IDE works, in the order a user does it."""
    return [_("Create a project from a template, open a folder, or open an example."),
            _("Edit main.py, and board.json for the pins your board uses."),
            _("Press Deploy (F5): the changed files go to the board and main.py runs."),
            _("Watch the output in the Console; a traceback links to the line that failed.")]


class WelcomePage(QScrollArea):
    """The Welcome tab; see the module docstring."""

    new_project_requested = Signal()
    open_folder_requested = Signal()
    project_chosen = Signal(Path)
    example_requested = Signal(str)  # a template id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome-page")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._recent: list[Path] = []
        self.recent_source = lambda: []  # called when the page is shown
        self.icons = IconPainter(self)
        body = QWidget(self)
        body.setObjectName("welcome-body")
        body.setBackgroundRole(QPalette.ColorRole.Base)
        outer = QHBoxLayout(body)
        outer.addStretch(1)
        column = QWidget(body)
        column.setMaximumWidth(PAGE_WIDTH)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setSpacing(12)
        layout.addLayout(self._header())
        layout.addLayout(self._start_and_recent())
        layout.addWidget(self._steps_box())
        layout.addStretch(1)
        self.setWidget(body)

    # -- building ----------------------------------------------------------------------------
    def _header(self) -> QVBoxLayout:
        header = QVBoxLayout()
        self.title_label = QLabel(_("Welcome to HaaS IDE"), self)
        self.title_label.setObjectName("welcome-title")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.title_label.setFont(font)
        subtitle = QLabel(_("Write MicroPython for HaaS and ESP32 boards, deploy it with one key and watch it "
                            "run. No board at hand? The built-in virtual board is ready in the toolbar."), self)
        subtitle.setObjectName("welcome-subtitle")
        subtitle.setWordWrap(True)
        header.addWidget(self.title_label)
        header.addWidget(subtitle)
        return header

    def _section_title(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        label.setFont(font)
        return label

    def _link(self, text: str, description: str, icon: str, slot) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description, self)
        button.setIconSize(ICON_SIZE)
        self.icons.add(button, icon)
        button.clicked.connect(slot)
        return button

    def _start_and_recent(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        grid.addWidget(self._section_title(_("Start")), 0, 0)
        self.new_button = self._link(_("New project..."), _("From a solution template, for your board"),
                                     "new-project", self.new_project_requested.emit)
        self.open_button = self._link(_("Open folder..."), _("A project folder you already have"),
                                      "open-folder", self.open_folder_requested.emit)
        self.example_button = self._link(_("Open an example"), _("Ready to deploy to the virtual board"),
                                         "example", lambda: None)
        self.examples_menu = QMenu(self.example_button)
        self.examples_menu.setObjectName("welcome-examples")
        self.examples_menu.aboutToShow.connect(self._fill_examples)
        self.example_button.setMenu(self.examples_menu)
        start = QVBoxLayout()
        for button in (self.new_button, self.open_button, self.example_button):
            start.addWidget(button)
        start.addStretch(1)
        grid.addLayout(start, 1, 0)
        grid.addWidget(self._section_title(_("Recent projects")), 0, 1)
        self.recent_layout = QVBoxLayout()
        self.no_recent_label = QLabel(_("Projects you open appear here."), self)
        self.no_recent_label.setObjectName("welcome-no-recent")
        self.no_recent_label.setEnabled(False)
        self.recent_layout.addWidget(self.no_recent_label)
        recent = QVBoxLayout()
        recent.addLayout(self.recent_layout)
        recent.addStretch(1)
        grid.addLayout(recent, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _steps_box(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._section_title(_("How it works")))
        for number, text in enumerate(steps(), start=1):
            label = QLabel(f"{number}.  {text}", box)
            label.setWordWrap(True)
            layout.addWidget(label)
        return box

    # -- contents ----------------------------------------------------------------------------
    def set_recent_projects(self, folders: list[str | Path]) -> None:
        """Show up to six recent project folders (those that still exist)."""
        existing = [Path(f) for f in folders if Path(f).is_dir()][:MAX_RECENT_SHOWN]
        if existing == self._recent:
            return
        self._recent = existing
        for button in self.recent_buttons():
            self.recent_layout.removeWidget(button)
            button.deleteLater()
        for folder in existing:
            button = self._link(folder.name, str(folder), "open-folder",
                                lambda _c=False, f=folder: self.project_chosen.emit(f))
            button.setObjectName("welcome-recent")
            self.recent_layout.addWidget(button)
        self.no_recent_label.setVisible(not existing)

    def recent_buttons(self) -> list[QCommandLinkButton]:
        return [w for w in self.findChildren(QCommandLinkButton, "welcome-recent") if w.parent() is not None
                and self.recent_layout.indexOf(w) >= 0]

    def _fill_examples(self) -> None:
        if self.examples_menu.actions():
            return
        from ide.core.examples import example_templates

        for template in example_templates():
            action = self.examples_menu.addAction(template.name())
            action.setToolTip(template.description())
            action.setStatusTip(template.description())
            action.triggered.connect(lambda _c=False, t=template.id: self.example_requested.emit(t))
        self.examples_menu.setToolTipsVisible(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.set_recent_projects(self.recent_source())


def install_welcome(window) -> WelcomePage:
    """A Welcome page wired to `window` (its new_project, open_folder, set_project_dir, recent_projects)."""
    page = WelcomePage(window.tabs)
    page.recent_source = window.recent_projects
    page.new_project_requested.connect(window.new_project)
    page.open_folder_requested.connect(window.open_folder)
    page.project_chosen.connect(window.set_project_dir)
    page.example_requested.connect(lambda template_id: open_example(window, template_id))
    return page


def open_example(window, template_id: str) -> Path | None:
    """Make (or find) the example project of `template_id` and open it in `window`."""
    from ide.core.examples import example_project

    try:
        folder = example_project(template_id)
    except IdeError as error:
        window.show_error(error.message, error.hint)
        return None
    except Exception:  # a bug: the traceback dialog, never silence
        window.show_bug(traceback.format_exc())
        return None
    window.set_project_dir(folder)
    return folder
