"""Small widget helpers shared by the dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QWidget


def info_label(parent: QWidget, name: str) -> QLabel:
    """A wrapping, plain-text label whose text the user can select (messages, paths, errors)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fit_columns(table: QTableWidget, stretch: int) -> None:
    """Each column as wide as its header and cells, the `stretch` one taking the room left; the
    table asks for the width they need, so a dialog opens wide enough in every language (Qt's
    default, 100 px a column in a dialog sized to its form, clipped headers and names)."""
    header = table.horizontalHeader()
    needed = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    for column in range(table.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
        needed += max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
    table.setMinimumWidth(needed)
