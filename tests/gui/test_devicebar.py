"""The port box takes any port the command line takes, typed or picked, and remembers typed ones."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout, QWidget

from ide.core.link.ports import PortInfo
from ide.gui.devicebar import HISTORY_SIZE, DeviceToolBar
from ide.gui.mainwindow import MainWindow
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import SocketTransport

TIMEOUT = 15000
CP210X = PortInfo("/dev/ttyUSB0", "CP2102 USB to UART", 0x10C4, 0xEA60, board="ESP32 DevKitC", likely=True)
UNKNOWN_ADAPTER = PortInfo("/dev/ttyUSB3", "USB2.0-Serial", 0x1234, 0x5678)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def bar(qtbot, settings):
    toolbar = DeviceToolBar(refresh=False, settings=settings)
    qtbot.addWidget(toolbar)
    toolbar.show()
    return toolbar


def type_port(qtbot, bar, text: str) -> None:
    edit = bar.port_combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def items(bar) -> list[str]:
    return [bar.port_combo.itemText(i) for i in range(bar.port_combo.count())]


@pytest.mark.parametrize("port", ["/dev/pts/7", "COM9", "socket://127.0.0.1:2217", "rfc2217://192.168.4.1:4000"])
def test_any_port_the_command_line_takes_can_be_typed(qtbot, bar, port):
    assert bar.port_combo.isEditable()
    with qtbot.waitSignal(bar.port_chosen, timeout=TIMEOUT) as chosen:
        type_port(qtbot, bar, port)
    assert chosen.args == [port] and bar.port() == port
    assert bar.port_combo.currentText() == port
    assert items(bar)[-1] == port and port in bar.offered_ports()


def test_typed_ports_are_remembered_newest_first_across_sessions(qtbot, bar, settings):
    for port in ("/dev/pts/3", "socket://127.0.0.1:1", "/dev/pts/3"):
        type_port(qtbot, bar, port)
    assert bar.history() == ["/dev/pts/3", "socket://127.0.0.1:1"]
    again = DeviceToolBar(refresh=False, settings=settings)
    qtbot.addWidget(again)
    assert items(again) == ["Virtual board", "", "/dev/pts/3", "socket://127.0.0.1:1"]   # "" is the separator
    assert again.port() == "virtual"


def test_the_history_keeps_the_newest_ports(qtbot, bar):
    for n in range(HISTORY_SIZE + 3):
        bar.set_port(f"socket://127.0.0.1:{n}")
    assert bar.history() == [f"socket://127.0.0.1:{n}" for n in range(HISTORY_SIZE + 2, 2, -1)]


def test_a_remembered_port_is_picked_from_the_list(qtbot, bar):
    bar.set_port("rfc2217://127.0.0.1:4000")
    bar.set_port("virtual")
    index = bar.port_combo.findData("rfc2217://127.0.0.1:4000")
    with qtbot.waitSignal(bar.port_chosen, timeout=TIMEOUT) as chosen:
        bar.port_combo.activated.emit(index)
    assert chosen.args == ["rfc2217://127.0.0.1:4000"]


@pytest.mark.parametrize("text", ["virtual", "Virtual board", "virtual BOARD"])
def test_the_virtual_board_can_be_typed_by_name(qtbot, bar, text):
    bar.set_port("COM9")
    with qtbot.waitSignal(bar.port_chosen, timeout=TIMEOUT) as chosen:
        type_port(qtbot, bar, text)
    assert chosen.args == ["virtual"] and bar.history() == ["COM9"]
    assert bar.port_combo.currentText() == "Virtual board"


def test_unrecognised_usb_adapters_are_offered_after_known_boards(qtbot, bar):
    bar.refresh_ports([CP210X, UNKNOWN_ADAPTER])
    assert items(bar) == ["Virtual board", "/dev/ttyUSB0 - ESP32 DevKitC", "/dev/ttyUSB3 - USB2.0-Serial"]
    with qtbot.waitSignal(bar.port_chosen, timeout=TIMEOUT) as chosen:
        bar.port_combo.activated.emit(2)
    assert chosen.args == ["/dev/ttyUSB3"] and bar.history() == []   # listed ports are not history


def test_typing_survives_a_refresh_and_is_dropped_unless_confirmed(qtbot, settings):
    window = QWidget()
    qtbot.addWidget(window)
    bar, elsewhere = DeviceToolBar(window, refresh=False, settings=settings), QLineEdit(window)
    QVBoxLayout(window).addWidget(bar)
    window.layout().addWidget(elsewhere)
    window.show()
    edit = bar.port_combo.lineEdit()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=TIMEOUT)
    edit.selectAll()
    qtbot.keyClicks(edit, "socket://10.0.0")
    bar.refresh_ports([CP210X])                  # the two-second refresh while the user types
    assert edit.text() == "socket://10.0.0"
    with qtbot.assertNotEmitted(bar.port_chosen):
        elsewhere.setFocus()                      # clicked away without Enter
        qtbot.waitUntil(elsewhere.hasFocus, timeout=TIMEOUT)
    assert edit.text() == "Virtual board" and bar.port() == "virtual"


def test_a_listed_port_that_vanishes_falls_back_to_the_virtual_board_but_a_typed_one_stays(qtbot, bar):
    bar.refresh_ports([CP210X])
    bar.port_combo.activated.emit(1)
    with qtbot.waitSignal(bar.port_chosen, timeout=TIMEOUT) as chosen:
        bar.refresh_ports([])
    assert chosen.args == ["virtual"]
    type_port(qtbot, bar, "/dev/pts/9")
    with qtbot.assertNotEmitted(bar.port_chosen):
        bar.refresh_ports([CP210X])
    assert bar.port() == "/dev/pts/9"


def test_a_typed_socket_port_connects_the_ide(qtbot, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kw: warnings.append(args[2]))
    board = VirtualBoard(fs_root=tmp_path / "board")
    transport = SocketTransport(board)
    board.start()
    window = MainWindow(connect=False)
    qtbot.addWidget(window)
    window.show()
    try:
        type_port(qtbot, window.device_toolbar, transport.name)
        qtbot.waitUntil(lambda: window.worker.state == "idle", timeout=TIMEOUT)
        assert window.port_label.text() == transport.name and not warnings
        window.console.send_bytes.emit(b"print(6 * 7)\r")
        qtbot.waitUntil(lambda: "42" in window.console.text(), timeout=TIMEOUT)
    finally:
        window.worker.close_port()
        qtbot.waitUntil(lambda: window.worker.state == "disconnected", timeout=TIMEOUT)
        transport.close()
        board.close()
