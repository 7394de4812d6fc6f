"""The firmware dialog flashes a virtual ESP32 ROM bootloader on a pty, off the GUI thread."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtWidgets import QFileDialog

from ide import i18n
from ide.core.flashing import plan_flash
from ide.gui.firmware_dialog import FirmwareDialog
from tests.test_i18n import untranslated, visible_texts
from tests.virtualchip import app_image, chip_factory

FLASH_TIMEOUT = 90_000
BANNER_TIMEOUT = 20_000
ESP32_FILE = "HaaSPython-ESP32-v2.2.0.bin"  # the official name: an import is recognised by it


@pytest.fixture(autouse=True)
def user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("HAAS_IDE_DATA_DIR", str(tmp_path / "user-data"))


@pytest.fixture
def chips(tmp_path):
    with chip_factory(tmp_path) as make:
        yield make


@pytest.fixture
def make_dialog(qtbot, chips):
    """Dialogs closed (their flash or banner listening cancelled) before the chips go away."""
    made = []

    def make(**options) -> FirmwareDialog:
        dialog = FirmwareDialog(**options)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        dialog.close()
        assert not dialog._worker._thread.isRunning()


def log_text(dialog: FirmwareDialog) -> str:
    return dialog.log.toPlainText()


def flash_ok(qtbot, dialog: FirmwareDialog) -> dict:
    with qtbot.waitSignal(dialog.flash_finished, timeout=FLASH_TIMEOUT) as finished:
        dialog.flash_button.click()
        assert dialog.is_running() and dialog.cancel_button.isEnabled()
        assert not dialog.flash_button.isEnabled() and not dialog.board_combo.isEnabled()
    return finished.args[0]


def flash_refused(qtbot, dialog: FirmwareDialog) -> str:
    with qtbot.waitSignal(dialog.flash_failed, timeout=FLASH_TIMEOUT) as failed:
        dialog.flash_button.click()
    message, hint = failed.args
    assert dialog.status_label.text() == "\n".join(filter(None, (message, hint)))
    assert_usable(dialog)
    return message


def assert_usable(dialog: FirmwareDialog) -> None:
    assert not dialog.is_running()
    assert dialog.flash_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.board_combo.isEnabled() and dialog.port_combo.isEnabled()


def untouched(chip) -> bool:
    return not (chip.board.fs.root / ".flash" / "flash.bin").exists()


def corrupt_checksum(image: bytes) -> bytes:
    data = bytearray(image)
    data[60] ^= 0x40
    return bytes(data)


def test_flashing_the_bundled_virtual_image(qtbot, make_dialog, chips):
    chip = chips()
    dialog = make_dialog(ports=[chip.port], board_id="virtual")
    assert dialog.port() == chip.port
    assert dialog.image_combo.itemText(0) == "HaaSPython-ESP32-virtual-v2.2.0.bin (bundled with the IDE)"
    assert dialog.image_combo.itemText(1) == "Import a file..."
    assert "bundled with the IDE: ready to flash" in dialog.image_status.text()
    seen = []
    dialog.progress.valueChanged.connect(seen.append)
    result = flash_ok(qtbot, dialog)
    assert (result["chip"], result["board"], result["entry"], result["reset"]) == ("ESP32", "virtual",
                                                                                 "virtual-esp32", False)
    assert dialog.progress.value() == 100 and seen[-1] == 100
    log = log_text(dialog)
    steps = ["Flashing HaaSPython-ESP32-virtual-v2.2.0.bin (1280 bytes, v2.2.0) to Virtual board",
             "Connecting to the bootloader...", "Chip: ESP32-D0WD", "Starting the flasher on the board...",
             "Baud rate 460800.", "Writing the firmware...", "Hash of data verified.",
             "Written and verified: 1280 bytes", "Press the board's RESET button to start the new firmware."]
    positions = [log.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), log
    assert dialog.status_label.text() == "The firmware was written and verified."
    bundled = plan_flash(chip.port, "virtual").image.data
    assert chip.board.flash.read(0x1000, len(bundled)) == bundled
    assert_usable(dialog)
    # a pty has no reset line: the user presses RESET and the dialog shows the new banner
    qtbot.waitUntil(lambda: "Waiting for the board to start the new firmware..." in log_text(dialog),
                    timeout=BANNER_TIMEOUT)
    with qtbot.waitSignal(dialog.banner_read, timeout=BANNER_TIMEOUT) as banner:
        chip.board.reset()
    assert banner.args[0] == "MicroPython v1.17-dirty on 2022-05-30; ESP32 module with ESP32"
    assert dialog.banner_label.text() == f"The board now runs: {banner.args[0]}"


def test_a_wrong_chip_is_refused_and_the_board_untouched(qtbot, make_dialog, chips):
    chip = chips("esp32s3-kit")
    dialog = make_dialog(ports=[chip.port], board_id="virtual", banner_seconds=0)
    message = flash_refused(qtbot, dialog)
    assert "has an ESP32-S3, but this firmware is for an ESP32: nothing was written" in message
    assert dialog.stage_label.text() == "Flashing failed."
    assert message in log_text(dialog)
    assert untouched(chip)


def test_a_corrupt_file_is_refused_at_import(qtbot, make_dialog, chips, tmp_path):
    chip = chips()
    dialog = make_dialog(ports=[chip.port], board_id="esp32-devkitc", banner_seconds=0)
    assert dialog.image_combo.itemText(0) == f"{ESP32_FILE} (not on this computer)"
    assert "download it from https://" in dialog.image_status.text()
    assert not dialog.flash_button.isEnabled()  # nothing to flash yet
    bad = tmp_path / ESP32_FILE
    bad.write_bytes(corrupt_checksum(app_image("haaspython", "v2.2.0")))
    assert not dialog.import_file(str(bad))
    assert f"{ESP32_FILE} is corrupt: its checksum byte" in dialog.image_status.text()
    assert dialog.image_combo.itemText(0) == f"{ESP32_FILE} (not on this computer)"
    assert not dialog.flash_button.isEnabled() and untouched(chip)


def test_import_a_file_from_the_image_list(qtbot, make_dialog, tmp_path, monkeypatch):
    good = tmp_path / ESP32_FILE
    good.write_bytes(app_image("haaspython", "v2.2.0"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_args, **_kwargs: (str(good), "")))
    dialog = make_dialog(ports=["/dev/ttyUSB0"], board_id="esp32-devkitc")
    assert not dialog.flash_button.isEnabled()
    dialog.image_combo.activated.emit(1)  # "Import a file..."
    qtbot.waitUntil(lambda: dialog.image_combo.itemText(0) == f"{ESP32_FILE} (imported by you)", timeout=5000)
    assert dialog.image_combo.currentIndex() == 0 and dialog.flash_button.isEnabled()
    assert f"Imported {ESP32_FILE} for esp32" in log_text(dialog)


def test_a_refusal_before_the_board_is_touched(qtbot, make_dialog, chips, tmp_path):
    chip = chips()
    dialog = make_dialog(ports=[chip.port], board_id="esp32-devkitc", banner_seconds=0)
    good = tmp_path / ESP32_FILE
    good.write_bytes(app_image("haaspython", "v2.2.0"))
    assert dialog.import_file(str(good))
    assert dialog.image_combo.itemText(0) == f"{ESP32_FILE} (imported by you)"
    assert "imported from a file you chose: ready to flash" in dialog.image_status.text()
    kept = tmp_path / "user-data" / "firmware" / "esp32" / ESP32_FILE
    kept.write_bytes(corrupt_checksum(kept.read_bytes()))  # damaged after the import
    message = flash_refused(qtbot, dialog)
    assert f"{ESP32_FILE} is corrupt" in message
    assert "Connecting" not in log_text(dialog) and untouched(chip)


def test_cancel_during_a_flash_leaves_the_dialog_usable(qtbot, make_dialog, chips, tmp_path):
    chip = chips(baud=115200)  # a real line rate: the write takes a few seconds
    image = app_image("haaspython", "v2.2.1", payload=os.urandom(24000))  # two 16 KiB blocks
    (tmp_path / ESP32_FILE).write_bytes(image)
    dialog = make_dialog(ports=[chip.port], board_id="esp32-devkitc", banner_seconds=0)
    assert dialog.import_file(str(tmp_path / ESP32_FILE))
    dialog.baud_combo.setCurrentIndex(dialog.baud_combo.findData(115200))
    dialog.progress.valueChanged.connect(lambda value: dialog.cancel() if 0 < value < 100 else None)
    with qtbot.waitSignal(dialog.flash_failed, timeout=FLASH_TIMEOUT) as failed:
        dialog.flash_button.click()
    message, hint = failed.args
    assert re.fullmatch(r"Flashing was interrupted at [1-9]\d?%: the firmware on the board is incomplete\.", message)
    assert hint == "Flash the board again before using it."
    assert_usable(dialog)
    assert chip.board.flash.read(0x1000, len(image)) != image
    dialog.progress.valueChanged.disconnect()
    flash_ok(qtbot, dialog)  # the retry works
    assert chip.board.flash.read(0x1000, len(image)) == image


def test_cancel_before_the_flash_starts(qtbot, make_dialog, chips):
    chip = chips()
    dialog = make_dialog(ports=[chip.port], board_id="virtual", banner_seconds=0)
    with qtbot.waitSignal(dialog.flash_failed, timeout=FLASH_TIMEOUT) as failed:
        dialog.flash_button.click()
        dialog.cancel_button.click()
    assert failed.args[0].startswith(("Flashing was cancelled", "Flashing was interrupted"))
    assert_usable(dialog)


def test_ports_boards_and_the_burn_tool(make_dialog):
    dialog = make_dialog(ports=["/dev/ttyUSB0"], board_id="esp32-devkitc")
    dialog.set_ports(["/dev/ttyUSB1", "virtual", "/dev/ttyUSB1", "/dev/ttyACM0"])
    assert [dialog.port_combo.itemText(i) for i in range(dialog.port_combo.count())] == ["/dev/ttyUSB1",
                                                                                         "/dev/ttyACM0"]
    assert dialog.port() == "/dev/ttyUSB0"  # the choice stays
    dialog.port_combo.setEditText("")
    assert not dialog.flash_button.isEnabled()
    dialog.select_board("haas-edu-k1")
    assert "HaaS burn tool over YMODEM" in dialog.image_status.text()
    assert dialog.image_combo.count() == 1 and not dialog.flash_button.isEnabled()


def test_chinese_interface(make_dialog):
    i18n.set_language("zh_CN")
    dialog = make_dialog(ports=["/dev/ttyUSB0"], board_id="virtual")
    assert dialog.windowTitle() == "烧录固件"
    assert dialog.image_combo.itemText(0) == "HaaSPython-ESP32-virtual-v2.2.0.bin（状态：随 IDE 附带）"
    data = {"firmware-board", "firmware-image", "firmware-port", "firmware-image-status"}  # names, files, versions
    texts = visible_texts(dialog)
    english = [(where, text) for where, text in texts
               if untranslated(text) and not any(f"({name})" in where for name in data)]
    assert not english, english
    boards = [dialog.board_combo.itemText(i) for i in range(dialog.board_combo.count())]
    assert "虚拟开发板（HaaS Python ESP32）" in boards
