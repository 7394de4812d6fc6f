"""The firmware dialog: flash a board's HaaS Python firmware with a real progress bar and Cancel.

    dialog = FirmwareDialog(main_window, ports=["/dev/ttyUSB0"], board_id="esp32-devkitc")
    dialog.flash_finished.connect(...)      # FlashResult as a dict (plus port, board, entry)
    dialog.flash_failed.connect(...)        # message, hint
    dialog.open()

The user picks the board, sees its catalogue image and where it is (bundled with the IDE,
imported, or not on this computer yet; "Import a file..." checks and keeps a downloaded image
with `ide.core.firmware.import_firmware`), the port (editable; `set_ports()` refills the list),
the baud rate and whether to erase the whole flash first. Flash hands the request to a
`FlashWorker` in its own thread: refusals found before the board is touched, esptool's steps,
progress and errors all come back as signals, so the window never waits on the board. Cancel
kills the flashing process; closing the dialog cancels too. After a successful flash the dialog
listens on the port for the new firmware's MicroPython banner (`banner_seconds`, 0 to skip:
then the caller may open its console instead) and shows it (`banner_read(str)`).
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel,
                               QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from ide.core.boards import load_boards
from ide.core.errors import IdeError
from ide.core.firmware import FirmwareEntry, get_entry, import_firmware, status
from ide.core.flashing import DEFAULT_BAUD
from ide.core.link.ports import VIRTUAL_PORT
from ide.gui.firmware_log import event_lines, stage_text
from ide.gui.firmware_worker import BANNER_SECONDS, FlashRequest, FlashWorker
from ide.gui.widgets import info_label
from ide.i18n import _, language

BAUD_RATES = (115200, 230400, 460800, 921600)
IMPORT_ITEM = "import"
LOG_LINES = 5000
ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"


def status_words(source: str) -> str:
    return {"bundled": _("bundled with the IDE"), "imported": _("imported by you"),
            "missing": _("not on this computer")}[source]


def entry_status_text(entry: FirmwareEntry, board_name: str) -> str:
    """One sentence under the image list: whether and how this image can be flashed."""
    if not entry.esptool:
        return _("{board} is flashed with the HaaS burn tool over YMODEM, not with esptool.").format(board=board_name)
    source = status(entry)
    if source == "bundled":
        return _("Version {version}, bundled with the IDE: ready to flash.").format(version=entry.version)
    if source == "imported":
        return _("Version {version}, imported from a file you chose: ready to flash.").format(version=entry.version)
    if entry.url:
        return _("Not on this computer yet: download it from {url}, then choose \"Import a file...\".").format(
            url=entry.url)
    return _("Not on this computer yet: choose \"Import a file...\" to add it.")


class FirmwareDialog(QDialog):
    """See the module docstring. `flash()`, `cancel()` and `import_file()` are the buttons' actions."""

    flash_finished = Signal(dict)
    flash_failed = Signal(str, str)
    banner_read = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, ports: Iterable[str] = (), port: str | None = None,
                 board_id: str | None = None, banner_seconds: float = BANNER_SECONDS) -> None:
        super().__init__(parent)
        self.setObjectName("firmware-dialog")
        self.setWindowTitle(_("Flash Firmware"))
        self.banner_seconds = banner_seconds
        self.boards = {board_id: b for board_id, b in load_boards().items() if b.flashable}  # not stock MicroPython
        self._request: FlashRequest | None = None
        self._running = False
        self._worker = FlashWorker()
        self._worker.event.connect(self._on_event)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.banner.connect(self._on_banner)
        self._build()
        self.set_ports(list(ports))
        if port:
            self.port_combo.setEditText(port)
        self.select_board(board_id or next(iter(self.boards)))
        self._update_buttons()
        self.resize(640, 560)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.board_combo = self._combo("firmware-board", _("The board to flash"))
        for board in self.boards.values():
            self.board_combo.addItem(board.name(language()), board.id)
        self.image_combo = self._combo("firmware-image", _("The firmware image from the catalogue"))
        self.image_status = self._label("firmware-image-status")
        self.port_combo = self._combo("firmware-port", _("The serial port the board is on"))
        self.port_combo.setEditable(True)
        self.baud_combo = self._combo("firmware-baud", _("Baud rate for writing; 115200 is used if it fails"))
        for baud in BAUD_RATES:
            self.baud_combo.addItem(str(baud), baud)
        self.baud_combo.setCurrentIndex(BAUD_RATES.index(DEFAULT_BAUD))
        self.erase_check = QCheckBox(_("Erase the whole flash first (the files on the board too)"), self)
        self.erase_check.setObjectName("firmware-erase")
        self.stage_label = self._label("firmware-stage")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("firmware-progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.log = QPlainTextEdit(self)
        self.log.setObjectName("firmware-log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setPlaceholderText(_("The steps of the flash are shown here."))
        self.status_label = self._label("firmware-status")
        self.banner_label = self._label("firmware-banner")
        self._build_buttons()
        self._lay_out()
        self.board_combo.currentIndexChanged.connect(self._board_changed)
        self.image_combo.activated.connect(self._image_activated)
        self.port_combo.editTextChanged.connect(self._update_buttons)

    def _combo(self, name: str, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setToolTip(tip)
        return combo

    def _label(self, name: str) -> QLabel:
        return info_label(self, name)

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(self)
        self.flash_button = self._button(_("&Flash"), "firmware-flash", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self._button(_("Cancel"), "firmware-cancel", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setToolTip(_("Stop the flash now (the board must then be flashed again)"))
        self.close_button = self._button(_("Close"), "firmware-close", QDialogButtonBox.ButtonRole.RejectRole)
        self.flash_button.setDefault(True)
        self.flash_button.clicked.connect(self.flash)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

    def _button(self, text: str, name: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        self.buttons.addButton(button, role)
        return button

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(_("Board:"), self.board_combo)
        form.addRow(_("Firmware:"), self.image_combo)
        form.addRow("", self.image_status)
        form.addRow(_("Port:"), self.port_combo)
        form.addRow(_("Baud rate:"), self.baud_combo)
        form.addRow("", self.erase_check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.banner_label)
        layout.addWidget(self.buttons)

    # -- choices -----------------------------------------------------------------------------
    def set_ports(self, ports: Iterable[str]) -> None:
        """Offer `ports` in the port list (the text typed or chosen stays)."""
        current = self.port_combo.currentText()
        names = list(dict.fromkeys(p for p in ports if p and p != VIRTUAL_PORT))
        self.port_combo.blockSignals(True)
        self.port_combo.clear()
        self.port_combo.addItems(names)
        self.port_combo.setEditText(current or (names[0] if names else ""))
        self.port_combo.blockSignals(False)
        self._update_buttons()

    def port(self) -> str:
        return self.port_combo.currentText().strip()

    def board_id(self) -> str:
        return self.board_combo.currentData()

    def select_board(self, board_id: str) -> None:
        index = self.board_combo.findData(board_id)
        if index >= 0 and index != self.board_combo.currentIndex():
            self.board_combo.setCurrentIndex(index)
        else:
            self._board_changed()

    def entry(self) -> FirmwareEntry:
        return get_entry(self.boards[self.board_id()].firmware)

    def _board_changed(self) -> None:
        self._refresh_image()
        self._update_buttons()

    def _refresh_image(self) -> None:
        entry = self.entry()
        self.image_combo.blockSignals(True)
        self.image_combo.clear()
        if entry.esptool:
            text = _("{file} ({status})").format(file=entry.file, status=status_words(status(entry)))
            self.image_combo.addItem(text, entry.id)
            self.image_combo.addItem(_("Import a file..."), IMPORT_ITEM)
        else:
            self.image_combo.addItem(entry.file, entry.id)
        self.image_combo.setCurrentIndex(0)
        self.image_combo.blockSignals(False)
        self.image_status.setText(entry_status_text(entry, self.boards[self.board_id()].name(language())))
        self.image_status.setStyleSheet("")

    def _image_activated(self, index: int) -> None:
        if self.image_combo.itemData(index) == IMPORT_ITEM:
            self.image_combo.setCurrentIndex(0)
            QTimer.singleShot(0, self._choose_file)

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import a firmware image"), "",
                                                    _("Firmware images (*.bin *.zip);;All files (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        """Check the image at `path` and keep a copy (`import_firmware`); False, with the reason shown, if unfit."""
        try:
            result = import_firmware(path)
        except IdeError as error:
            self._show_problem(self.image_status, error.message, error.hint)
            self._log(" ".join(filter(None, (error.message, error.hint))))
            return False
        self._log(_("Imported {file} for {entry} ({size} bytes, sha256 {sha256}) into {path}.").format(
            file=result.entry.file, entry=result.entry.id, size=result.size, sha256=result.sha256, path=result.path))
        self._refresh_image()
        if result.entry.id != self.entry().id:
            users = [b.name(language()) for b in self.boards.values() if b.firmware == result.entry.id]
            self.image_status.setText(_("{file} is the firmware of {boards}, not of this board: it was kept for them.")
                                      .format(file=result.entry.file, boards=", ".join(users) or result.entry.id))
        self._update_buttons()
        return True

    def _update_buttons(self) -> None:
        entry = self.entry() if self.board_combo.count() else None
        ready = entry is not None and entry.esptool and status(entry) != "missing"
        self.flash_button.setEnabled(not self._running and ready and bool(self.port()))
        self.cancel_button.setEnabled(self._running)
        for widget in (self.board_combo, self.image_combo, self.port_combo, self.baud_combo, self.erase_check):
            widget.setEnabled(not self._running)

    # -- flashing ----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._running

    def flash(self) -> None:
        """Start flashing with the choices made (nothing happens while a flash runs)."""
        if self._running or not self.port():
            return
        if self._request is not None:
            self._request.cancel.set()  # stop listening for the banner of the previous flash
        self._request = FlashRequest(self.port(), self.board_id(), self.erase_check.isChecked(),
                                     self.baud_combo.currentData(), self.banner_seconds)
        self._running = True
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.stage_label.setText(_("Preparing..."))
        for label in (self.status_label, self.banner_label):
            label.clear()
            label.setStyleSheet("")
        if self.log.blockCount() > 1 or self.log.toPlainText():
            self._log("")
        self._update_buttons()
        self._worker.start_flash(self._request)

    def cancel(self) -> None:
        """Cancel the flash in progress (the flashing process is ended at once)."""
        if self._running and self._request is not None:
            self._request.cancel.set()
            self.stage_label.setText(_("Cancelling..."))

    @Slot(dict)
    def _on_event(self, event: dict) -> None:
        for line in event_lines(event):
            self._log(line)
        kind = event.get("event")
        if kind == "stage":
            self.stage_label.setText(stage_text(event["stage"]))
            if event["stage"] in ("connect", "erase"):
                self.progress.setRange(0, 0)  # busy: esptool reports no progress for these
        elif kind == "progress" and event.get("total"):
            self.progress.setRange(0, 100)
            self.progress.setValue(100 * event["done"] // event["total"])

    @Slot(dict)
    def _on_finished(self, result: dict) -> None:
        self._running = False
        self.progress.setRange(0, 100)
        self.progress.setValue(100)
        self.stage_label.setText(_("Done."))
        self.status_label.setText(_("The firmware was written and verified."))
        self.status_label.setStyleSheet(OK_STYLE)
        self._update_buttons()
        self.flash_finished.emit(result)

    @Slot(str, str)
    def _on_failed(self, message: str, hint: str) -> None:
        self._running = False
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 100)
        self.stage_label.setText(_("Flashing failed."))
        self._show_problem(self.status_label, message, hint)
        self._log(" ".join(filter(None, (message, hint))))
        self._update_buttons()
        self.flash_failed.emit(message, hint)

    @Slot(str)
    def _on_banner(self, text: str) -> None:
        if text:
            self.banner_label.setText(_("The board now runs: {banner}").format(banner=text))
            self._log(text)
            self.banner_read.emit(text)

    def _show_problem(self, label: QLabel, message: str, hint: str) -> None:
        label.setText("\n".join(filter(None, (message, hint))))
        label.setStyleSheet(ERROR_STYLE)

    def _log(self, line: str) -> None:
        self.log.appendPlainText(line)

    # -- closing -----------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Cancel whatever runs (flash or banner listening) and end the worker's thread."""
        if self._request is not None:
            self._request.cancel.set()
        self._worker.stop()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.shutdown()
        super().closeEvent(event)
