"""The device toolbar's look: an icon beside each action's text, and Deploy as the primary button.

Icons come from `themed_icons` and follow the palette (light or dark theme). Deploy is the one
action a user needs most, so its button is filled with the accent colour, in white and bold; the
colours are chosen again when the palette changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QToolBar, QToolButton

from ide.gui.themed_icons import IconPainter, is_dark

ICON_SIZE = QSize(20, 20)
PRIMARY_TEXT = "#ffffff"
# (normal, hover, pressed, disabled background, disabled text) per theme.
ACCENT = {False: ("#1f6feb", "#3c83f6", "#1858c4", "#a9c4ef", "#f3f7fd"),
          True: ("#2f6fdb", "#4a84e6", "#2459b3", "#2c3a52", "#7d8799")}
PRIMARY_STYLE = """
QToolButton#deploy-button {{ background-color: {0}; color: #ffffff; font-weight: bold; border: none;
                             border-radius: 4px; padding: 3px 12px 3px 8px; margin: 2px 4px; }}
QToolButton#deploy-button:hover {{ background-color: {1}; }}
QToolButton#deploy-button:pressed {{ background-color: {2}; }}
QToolButton#deploy-button:disabled {{ background-color: {3}; color: {4}; }}
"""


def primary_style(dark: bool) -> str:
    return PRIMARY_STYLE.format(*ACCENT[dark])


class PrimaryButton(QObject):
    """Keeps `button` styled as the primary button of its tool bar's palette (the button's own
    palette is the style sheet's, so the bar's tells the theme)."""

    def __init__(self, button: QToolButton, bar: QToolBar) -> None:
        super().__init__(button)
        self.button, self.bar = button, bar
        button.setObjectName("deploy-button")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.restyle()
        bar.installEventFilter(self)

    def restyle(self) -> None:
        style = primary_style(is_dark(self.bar.palette()))
        if self.button.styleSheet() != style:
            self.button.setStyleSheet(style)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.restyle()
        return False


def style_device_toolbar(bar: QToolBar) -> IconPainter:
    """Icons beside the texts of Deploy, Run file, Stop and Reset; Deploy as the primary button."""
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.setIconSize(ICON_SIZE)
    painter = IconPainter(bar)
    painter.add(bar.deploy_action, "deploy", PRIMARY_TEXT)
    for action, name in ((bar.run_action, "run"), (bar.stop_action, "stop"), (bar.reset_action, "reset")):
        painter.add(action, name)
    button = bar.widgetForAction(bar.deploy_action)
    if isinstance(button, QToolButton):
        PrimaryButton(button, bar)
    return painter
