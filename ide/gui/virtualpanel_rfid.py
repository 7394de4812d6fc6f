"""The virtual board panel's RFID card: type a card number and hold it to the reader.

Shown when the program's board.json wires an RFID reader (a UART node called "rfid", "card",
"reader", ...). `present(card)` is emitted with the 10 hexadecimal digits the user typed; a
number the reader could not send is explained below the field.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ide.i18n import _

DEFAULT_CARD = "0A1B2C3D4E"
_CARD = re.compile(r"[0-9A-Fa-f]{10}")


class RfidBox(QGroupBox):
    present = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("RFID card reader"), parent)
        self.card_edit = QLineEdit(DEFAULT_CARD, self)
        self.card_edit.setObjectName("rfid-card")
        self.card_edit.setToolTip(_("The card's number: 10 hexadecimal digits"))
        self.card_edit.returnPressed.connect(self.send)
        self.button = QPushButton(_("Hold the card to the reader"), self)
        self.button.clicked.connect(self.send)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.card_edit)
        row.addWidget(self.button)
        form = QFormLayout(self)
        form.addRow(_("Card:"), row)
        form.addRow(self.result)
        self.setVisible(False)

    def send(self) -> None:
        card = self.card_edit.text().strip()
        if not _CARD.fullmatch(card):
            self.result.setText(_("A card number is 10 hexadecimal digits (0-9, A-F), for example {card}.")
                                .format(card=DEFAULT_CARD))
            return
        self.result.setText(_("Card {card} was read.").format(card=card.upper()))
        self.present.emit(card)
