"""How the main window opens: sized to the screen on the first run, the last project reopened.

With no saved layout (a first run) the window takes most of the screen's free area and the side
docks get narrow shares, so the editor is the widest pane whatever the screen. Afterwards the
layout the user left is restored by the window itself. `reopen_last_project` opens the most
recent project that still exists, as editors do. View > Welcome page brings the page back after
its tab was closed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from ide.i18n import _

SCREEN_SHARE = 0.9          # of the screen's free area, on a first run
LEFT_SHARE, MIN_LEFT = 0.17, 220      # the project and device-files docks
RIGHT_SHARE, MIN_RIGHT = 0.24, 300    # the virtual board and plugin panels
CONSOLE_SHARE = 0.3


def fit_to_screen(window: QMainWindow) -> None:
    """Size `window` to its screen and share the width so the editor gets the most."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        fit_to_area(window, screen.availableGeometry())


def fit_to_area(window: QMainWindow, area: QRect) -> None:
    """Most of `area` for `window`, centred; narrow shares for the side docks and the console."""
    width, height = int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE)
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)
    side_docks = [getattr(window, "project_dock", None), getattr(window, "virtual_dock", None)]
    sizes = [max(MIN_LEFT, int(width * LEFT_SHARE)), max(MIN_RIGHT, int(width * RIGHT_SHARE))]
    shown = [(dock, size) for dock, size in zip(side_docks, sizes) if dock is not None]
    window.resizeDocks([d for d, _s in shown], [s for _d, s in shown], Qt.Orientation.Horizontal)
    console_dock = getattr(window, "console_dock", None)
    if console_dock is not None:
        window.resizeDocks([console_dock], [int(height * CONSOLE_SHARE)], Qt.Orientation.Vertical)


def reopen_last_project(window) -> Path | None:
    """Open the most recent project folder that still exists; None when there is none."""
    for folder in window.recent_projects():
        path = Path(folder)
        if path.is_dir():
            window.set_project_dir(path)
            return path
    return None


def show_welcome(window) -> None:
    """Bring the Welcome tab to the front, adding it back first if it was closed."""
    page = window.welcome_page
    if window.tabs.indexOf(page) < 0:
        window.tabs.insertTab(0, page, _("Welcome"))
    window.tabs.setCurrentWidget(page)


def add_welcome_action(window) -> None:
    """View > Welcome page."""
    action = window.view_menu.addAction(_("&Welcome page"))
    action.setObjectName("welcome-action")
    action.triggered.connect(lambda: show_welcome(window))
    window.welcome_action = action
