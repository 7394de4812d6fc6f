"""The IDE states the board a deploy found, and mirrors the project only after showing what goes."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtWidgets import QMessageBox

from ide.gui.mainwindow import MainWindow, firmware_text
from tests.boardio import PtyBoard

TIMEOUT = 20000


@pytest.fixture
def window(qtbot, stock_board, monkeypatch):
    questions, warnings = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kw: warnings.append(args[2]))
    win = MainWindow(connect=False)
    win.questions, win.warnings, win.answer = questions, warnings, QMessageBox.StandardButton.Yes

    def question(_parent, _title, text, *args, **kwargs):
        questions.append(text)
        return win.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.addWidget(win)
    win.connect_port(stock_board.port)
    qtbot.waitUntil(lambda: win.connection_label.text() == "Connected", timeout=TIMEOUT)
    yield win
    win.answer = QMessageBox.StandardButton.Discard  # closing must not wait on "save changes?"


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "plain"
    root.mkdir()
    (root / "main.py").write_text("print('plain main')\n")
    (root / "board.json").write_text('{"io": {}}')  # the IDE's project check still asks every project for one
    return root


def test_the_status_bar_names_firmware_version_and_app_folder(qtbot, window, project):
    window.set_project_dir(project)
    with qtbot.waitSignal(window.worker.events.deployed, timeout=TIMEOUT, raising=False) as done:
        window.device_toolbar.deploy_action.trigger()
    assert done.signal_triggered, (window.warnings, window.statusBar().currentMessage())
    assert re.fullmatch(r"MicroPython 1\.\d+\.\d+\S*, app in /", window.firmware_label.text())
    qtbot.waitUntil(lambda: "plain main" in window.console.text(), timeout=TIMEOUT)


def test_mirror_shows_what_it_deletes_and_deletes_only_after_yes(qtbot, window, project, stock_board):
    fs = stock_board.root
    (fs / "notes.txt").write_text("the user's\n")
    window.set_project_dir(project)
    window.answer = QMessageBox.StandardButton.Cancel
    with qtbot.waitSignal(window.worker.events.mirror_previewed, timeout=TIMEOUT):
        window.mirror_action.trigger()
    assert "/notes.txt" in window.questions[-1] and window.questions[-1].startswith("Board: MicroPython 1.")
    assert (fs / "notes.txt").exists() and not (fs / "main.py").exists()
    window.answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(window.worker.events.deployed, timeout=TIMEOUT) as deployed:
        window.mirror_action.trigger()
    assert deployed.args[0]["deleted"] == ["notes.txt"]
    assert not (fs / "notes.txt").exists() and (fs / "main.py").exists() and (fs / "boot.py").exists()


def test_stop_during_a_deploy_says_what_was_written_and_leaves_the_prompt(qtbot, window, project, tmp_path):
    slow = PtyBoard(tmp_path / "slow-board", firmware="stock", baud=115200)  # 200 KB take about 18 s
    try:
        window.connect_port(slow.port)
        qtbot.waitUntil(lambda: window.connection_label.text() == "Connected", timeout=TIMEOUT)
        (project / "big.bin").write_bytes(os.urandom(200 * 1024))
        window.set_project_dir(project)
        progress = []
        window.worker.events.progress.connect(lambda path, done, total: progress.append(path))
        with qtbot.waitSignal(window.worker.events.failed, timeout=TIMEOUT) as failed:
            window.device_toolbar.deploy_action.trigger()
            qtbot.waitUntil(lambda: "/big.bin" in progress, timeout=TIMEOUT)
            window.device_toolbar.stop_action.trigger()
        message, hint = failed.args
        assert message.startswith("Deploy stopped.") and "Not written: big.bin" in message and "old or new" in hint
        assert not (slow.root / "big.bin").exists()
        qtbot.waitUntil(lambda: window.connection_label.text() == "Connected", timeout=TIMEOUT)
        window.worker.send(b"print(6 * 7)\r")
        qtbot.waitUntil(lambda: "42" in window.console.text(), timeout=TIMEOUT)  # the output flows again
    finally:
        window.worker.close_port()
        slow.close()


def test_firmware_words_for_every_kind_of_summary():
    assert firmware_text({"firmware_name": "MicroPython 1.9.2", "target": "/"}) == "MicroPython 1.9.2, app in /"
    assert firmware_text({"micropython": "1.17.0"}) == "MicroPython 1.17.0"  # a plugin's deploy method
    assert firmware_text({"method": "ymodem"}) == ""
