"""The IDE's own icons (SVG files in `icons/`, drawn for HaaS IDE) in the colours of the theme.

The SVGs draw with `currentColor`; `themed_icon(name, colour)` renders one in a colour at the
usual sizes. `IconPainter(widget)` keeps the icons of actions and buttons in the text colour of
`widget`'s palette and paints them again whenever the palette changes (the light and dark themes
swap the application palette), so toolbar icons follow the theme with nobody telling them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QObject, QSize
from PySide6.QtGui import QAction, QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QWidget

ICON_DIR = Path(__file__).resolve().parent / "icons"
SIZES = (16, 20, 24, 32, 40, 48)  # tool bars, menus and the Welcome page, at 1x and 2x
PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange, QEvent.Type.StyleChange)


@lru_cache(maxsize=None)
def _svg(name: str) -> str:
    return (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")


@lru_cache(maxsize=128)
def themed_icon(name: str, colour: str) -> QIcon:
    """Icon `name` (icons/<name>.svg) drawn in `colour` ("#rrggbb")."""
    data = QByteArray(_svg(name).replace("currentColor", colour).encode("utf-8"))
    icon = QIcon()
    for size in SIZES:
        buffer = QBuffer(data)
        reader = QImageReader(buffer, QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        image = reader.read()
        if not image.isNull():
            icon.addPixmap(QPixmap.fromImage(image))
    return icon


def is_dark(palette: QPalette) -> bool:
    """Does `palette` put light text on a dark window?"""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class IconPainter(QObject):
    """Icons that follow `widget`'s palette: `add(action_or_button, "deploy")`, or with a fixed colour."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self._targets: list[tuple[QAction | QAbstractButton, str, str | None]] = []
        widget.installEventFilter(self)

    def add(self, target: QAction | QAbstractButton, name: str, colour: str | None = None) -> None:
        """Give `target` icon `name`, in `colour` or else in the palette's text colour."""
        self._targets.append((target, name, colour))
        target.setIcon(themed_icon(name, colour or self.text_colour()))

    def text_colour(self) -> str:
        return self.widget.palette().color(QPalette.ColorRole.ButtonText).name()

    def repaint_icons(self) -> None:
        text = self.text_colour()
        for target, name, colour in self._targets:
            target.setIcon(themed_icon(name, colour or text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() in PALETTE_EVENTS:
            self.repaint_icons()
        return False
