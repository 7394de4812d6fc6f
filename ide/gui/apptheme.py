"""The colours of the whole application: light, dark, or whatever the system uses.

The editor, the console and the plugins' panels have their own colour schemes (`set_theme`);
this module colours everything else (windows, docks, menus, dialogs, tool bars) by setting the
application's palette. Dark uses Qt's Fusion style with `dark_palette()`, since the native styles
of some systems ignore a palette; light goes back to the style and palette the system gave.
"system" follows the system's colour scheme (Qt's style hints), also while the IDE runs
(`follow_system`). Systems that do not say which they use (a bare X server) count as light.
"""

from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

LIGHT, DARK, SYSTEM = "light", "dark", "system"
DARK_STYLE = "Fusion"

# Role -> (active colour, disabled colour or None for the same).
_DARK_COLOURS = {
    QPalette.ColorRole.Window: ("#2b2d30", None),
    QPalette.ColorRole.WindowText: ("#dfe1e5", "#7a7e85"),
    QPalette.ColorRole.Base: ("#1e1f22", "#26282b"),
    QPalette.ColorRole.AlternateBase: ("#26282b", None),
    QPalette.ColorRole.ToolTipBase: ("#3c3f41", None),
    QPalette.ColorRole.ToolTipText: ("#dfe1e5", None),
    QPalette.ColorRole.PlaceholderText: ("#8c9098", None),
    QPalette.ColorRole.Text: ("#dfe1e5", "#7a7e85"),
    QPalette.ColorRole.Button: ("#3c3f41", "#323437"),
    QPalette.ColorRole.ButtonText: ("#dfe1e5", "#7a7e85"),
    QPalette.ColorRole.BrightText: ("#ff6b6b", None),
    QPalette.ColorRole.Light: ("#4a4d51", None),
    QPalette.ColorRole.Midlight: ("#3c3f41", None),
    QPalette.ColorRole.Mid: ("#313335", None),
    QPalette.ColorRole.Dark: ("#1b1c1e", None),
    QPalette.ColorRole.Shadow: ("#111213", None),
    QPalette.ColorRole.Highlight: ("#2f65ca", "#3c3f41"),
    QPalette.ColorRole.HighlightedText: ("#ffffff", "#7a7e85"),
    QPalette.ColorRole.Link: ("#589df6", None),
    QPalette.ColorRole.LinkVisited: ("#b07be0", None),
}

_original_style: str | None = None


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, (colour, disabled) in _DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled or colour))
    return palette


def system_theme() -> str:
    """"dark" when the system says it uses a dark colour scheme, else "light"."""
    hints = QGuiApplication.styleHints()
    hints.unsetColorScheme()  # read the system's own choice, not one we asked for earlier
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


def resolve(choice: str) -> str:
    """"light" or "dark" for a setting of "light", "dark" or "system"."""
    return system_theme() if choice == SYSTEM else (DARK if choice == DARK else LIGHT)


def current() -> str:
    """The theme the application shows now."""
    app = QApplication.instance()
    return DARK if app is not None and app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


def apply(choice: str) -> str:
    """Colour the application for `choice` ("light", "dark" or "system"); returns "light" or "dark"."""
    global _original_style
    app = QApplication.instance()
    theme = resolve(choice)
    if app is None:
        return theme
    if _original_style is None:
        _original_style = app.style().name()
    hints = QGuiApplication.styleHints()
    if choice != SYSTEM:  # native title bars and dialogs of systems that know the hint
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == DARK else Qt.ColorScheme.Light)
    if theme == DARK:
        _set_style(app, DARK_STYLE)
        app.setPalette(dark_palette())
    else:
        _set_style(app, _original_style)
        app.setPalette(QPalette())  # no roles set: back to the style's and system's own palette
    return theme


def _set_style(app: QApplication, name: str) -> None:
    if app.style().name().lower() != name.lower():
        app.setStyle(name)


_follower: tuple[QWidget, Callable[[], None]] | None = None


def _system_changed(_scheme) -> None:
    if _follower is not None and shiboken6.isValid(_follower[0]):
        _follower[1]()


def follow_system(window: QWidget, on_change: Callable[[], None]) -> None:
    """From now on call `on_change` whenever the system's colour scheme changes. The colours are
    the whole application's, so there is one follower: the window that applied its settings last."""
    global _follower
    if _follower is None:
        QGuiApplication.styleHints().colorSchemeChanged.connect(_system_changed)
    _follower = (window, on_change)
