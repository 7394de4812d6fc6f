"""The New Project wizard's first page: which board the project is for.

Every board of the catalogue (`ide.core.boards`) in a list with its name in the interface
language, its chip and whether it is real hardware or the virtual board simulated by the IDE;
the board's notes (pins, quirks) are shown under the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWizardPage

from ide.core.boards import Board, load_boards
from ide.core.espimage import CHIP_NAMES
from ide.i18n import _, language

ID_ROLE = Qt.ItemDataRole.UserRole


def chip_text(chip: str) -> str:
    """How a chip family is written: "ESP32-C3" for "esp32c3", "HAAS1000" for "haas1000"."""
    return CHIP_NAMES.get(chip, chip.upper())


class BoardPage(QWizardPage):
    """A list of boards; `board_id()` is the selected one (the page is complete once one is)."""

    def __init__(self, board_id: str | None = None) -> None:
        super().__init__()
        self.setObjectName("wizard-board-page")
        self.setTitle(_("Board"))
        self.setSubTitle(_("Pick the board the project runs on. Without hardware, pick the virtual board."))
        self.boards = load_boards()
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("wizard-boards")
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_("Board"), _("Chip"), _("Kind")])
        self.details = QLabel(self)
        self.details.setObjectName("wizard-board-details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        self._fill()
        self.tree.currentItemChanged.connect(self._changed)
        self.select(board_id or "virtual")

    def _fill(self) -> None:
        lang = language()
        for board in self.boards.values():
            kind = _("virtual: no hardware needed") if board.virtual else _("hardware, over USB")
            item = QTreeWidgetItem([board.name(lang), chip_text(board.chip), kind])
            item.setData(0, ID_ROLE, board.id)
            self.tree.addTopLevelItem(item)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)

    def select(self, board_id: str) -> bool:
        """Select `board_id` in the list; False when there is no such board."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.data(0, ID_ROLE) == board_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def board_id(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, ID_ROLE)

    def board(self) -> Board | None:
        board_id = self.board_id()
        return None if board_id is None else self.boards[board_id]

    def _changed(self) -> None:
        board = self.board()
        self.details.setText("" if board is None else board.note(language()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return self.board_id() is not None
