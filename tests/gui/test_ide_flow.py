"""The user's main flow in the IDE, end to end against the built-in virtual board."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ide.core.templates import create_project
from ide.gui.editor import CodeEditor
from ide.gui.mainwindow import MainWindow

TIMEOUT = 20000


@pytest.fixture
def ide_window(qtbot, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kw: warnings.append(args[2]))
    # closing at teardown must not wait on a modal "save changes?" question
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()  # connects to the virtual board, the default target
    win.warnings = warnings
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.connection_label.text() == "Connected", timeout=TIMEOUT)
    return win


@pytest.fixture
def project(tmp_path):
    create_project(tmp_path / "hello", "helloworld", "esp32-devkitc", {})
    return tmp_path / "hello"


def deploy_and_wait(qtbot, win) -> dict:
    with qtbot.waitSignal(win.worker.events.deployed, timeout=TIMEOUT, raising=False) as done:
        win.device_toolbar.deploy_action.trigger()
    assert done.signal_triggered, f"no deploy; messages: {win.warnings}, state {win.worker.state}"
    return done.args[0]


def test_a_window_connects_once_painted_and_a_hidden_one_all_the_same(qtbot):
    # the board starts after the first paint, so the window shows without waiting for it
    hidden = MainWindow()
    qtbot.addWidget(hidden)
    assert hidden.worker.state == "disconnected"   # nothing started while the window was built
    qtbot.waitUntil(lambda: hidden.connection_label.text() == "Connected", timeout=TIMEOUT)


def test_the_console_and_the_status_bar_agree_on_the_connection(ide_window):
    assert ide_window.connection_label.text() == "Connected"
    assert ide_window.console.placeholderText().startswith("Connected.") and ide_window.console.input.isEnabled()


def test_open_project_deploy_and_see_output(qtbot, ide_window, project):
    ide_window.set_project_dir(project)
    editor = ide_window.tabs.currentWidget()
    assert isinstance(editor, CodeEditor) and editor.file_path == project / "main.py"
    summary = deploy_and_wait(qtbot, ide_window)
    assert "main.py" in summary["written"]
    qtbot.waitUntil(lambda: "Hello, HaaS!" in ide_window.console.text(), timeout=TIMEOUT)
    assert "Deployed: " in ide_window.statusBar().currentMessage()


def test_edit_redeploy_sends_only_the_changed_file(qtbot, ide_window, project):
    ide_window.set_project_dir(project)
    deploy_and_wait(qtbot, ide_window)
    editor = ide_window.tabs.currentWidget()
    editor.selectAll()
    editor.replaceSel("print('second version 第二版')\n")  # as if typed: the tab is now modified
    assert ide_window.is_modified(editor)
    summary = deploy_and_wait(qtbot, ide_window)  # Deploy saves all first
    assert summary["written"] == ["main.py"] and "board.json" in summary["unchanged"]
    assert (project / "main.py").read_text(encoding="utf-8") == "print('second version 第二版')\n"
    qtbot.waitUntil(lambda: "second version 第二版" in ide_window.console.text(), timeout=TIMEOUT)


def test_traceback_click_opens_the_file_at_the_line(qtbot, ide_window, project):
    (project / "main.py").write_text("x = 1\n\ndef f():\n    return 1 / 0\n\nf()\n")
    ide_window.set_project_dir(project)
    deploy_and_wait(qtbot, ide_window)
    qtbot.waitUntil(lambda: "ZeroDivisionError" in ide_window.console.text(), timeout=TIMEOUT)
    ide_window.console.open_location.emit(str(project / "main.py"), 4)
    editor = ide_window.tabs.currentWidget()
    assert editor.file_path == project / "main.py"
    assert editor.lineFromPosition(editor.currentPos()) == 3  # Scintilla counts lines from 0


def test_stop_interrupts_the_program(qtbot, ide_window, project):
    (project / "main.py").write_text("import utime\nwhile True:\n    print('tick')\n    utime.sleep_ms(50)\n")
    ide_window.set_project_dir(project)
    deploy_and_wait(qtbot, ide_window)
    qtbot.waitUntil(lambda: "tick" in ide_window.console.text(), timeout=TIMEOUT)
    ide_window.device_toolbar.stop_action.trigger()
    qtbot.waitUntil(lambda: "KeyboardInterrupt" in ide_window.console.text(), timeout=TIMEOUT)


def press_stop(win, qtbot) -> None:
    win.device_toolbar.stop_action.trigger()


def press_ctrl_c_in_the_input_line(win, qtbot) -> None:
    qtbot.keyClick(win.console.input, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)


def press_interrupt(win, qtbot) -> None:
    win.console.interrupt_action.trigger()


def press_shift_f5(win, qtbot) -> None:
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=TIMEOUT)
    qtbot.keyClick(win.console.input, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)


@pytest.mark.parametrize("stop", [press_stop, press_ctrl_c_in_the_input_line, press_interrupt, press_shift_f5])
def test_a_flooding_program_is_shown_and_stopped(qtbot, ide_window, project, stop):
    # the embedded virtual board once streamed 100 bytes/s and a flood could not be stopped
    (project / "main.py").write_text("i = 0\nwhile True:\n    i += 1\n    print('flood line', i)\n")
    ide_window.set_project_dir(project)
    received = bytearray()
    ide_window.worker.events.output.connect(received.extend)
    deploy_and_wait(qtbot, ide_window)
    qtbot.waitUntil(lambda: len(received) > 300_000, timeout=TIMEOUT)   # 300k printed in a few seconds
    stop(ide_window, qtbot)
    qtbot.waitUntil(lambda: "KeyboardInterrupt" in ide_window.console.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ide_window.console.state == "prompt", timeout=TIMEOUT)
    assert ide_window.console.text().endswith(">>> ")


def test_run_current_file_without_saving_it_on_the_board(qtbot, ide_window, project):
    ide_window.set_project_dir(project)
    scratch = project / "scratch.py"
    scratch.write_text("print('ran', 6 * 7)\n")
    ide_window.open_file(scratch)
    with qtbot.waitSignal(ide_window.worker.events.finished, timeout=TIMEOUT):
        ide_window.device_toolbar.run_action.trigger()
    qtbot.waitUntil(lambda: "ran 42" in ide_window.console.text(), timeout=TIMEOUT)


def test_project_with_errors_is_not_deployed(qtbot, ide_window, project):
    (project / "main.py").write_text("def broken(:\n")
    ide_window.set_project_dir(project)
    ide_window.device_toolbar.deploy_action.trigger()
    assert ide_window.warnings and "nothing was deployed" in ide_window.warnings[-1]


def test_deploy_errors_are_in_the_user_s_language(qtbot, project, monkeypatch):
    from ide import i18n

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kw: warnings.append(args[2]))
    (project / "main.py").write_text("def broken(:\n")
    i18n.set_language("zh_CN")
    window = MainWindow(connect=False)
    qtbot.addWidget(window)
    window.set_project_dir(project)
    window.deploy()                    # F5: the check runs before any board is needed
    (text,) = warnings
    assert "main.py:1:" in text and "：错误：" in text and "error" not in text


def test_unsaved_changes_are_asked_about_on_close(qtbot, ide_window, project, monkeypatch):
    ide_window.set_project_dir(project)
    editor = ide_window.tabs.currentWidget()
    editor.selectAll()
    editor.replaceSel("print('unsaved')\n")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not ide_window.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    assert ide_window.close()
    assert (project / "main.py").read_text() == "print('unsaved')\n"


def test_recent_projects_are_remembered(ide_window, project):
    ide_window.set_project_dir(project)
    assert ide_window.recent_projects()[0] == str(project)
    assert [a.text() for a in ide_window.recent_menu.actions()][0] == str(project)



def test_deploy_check_marks_the_editor_and_status_bar_names_port_and_firmware(qtbot, ide_window, project):
    (project / "main.py").write_text("from driver import GPIO\nGPIO().open('no_such_node')\n")
    ide_window.set_project_dir(project)
    editor = ide_window.tabs.currentWidget()
    ide_window.device_toolbar.deploy_action.trigger()  # the check finds the missing node: nothing deployed
    assert any("no_such_node" in d.message for d in editor.diagnostics())
    assert ide_window.port_label.text() == "Virtual board"
    (project / "main.py").write_text("print('ok')\n")
    editor.load(project / "main.py")
    deploy_and_wait(qtbot, ide_window)
    label = ide_window.firmware_label.text()
    assert label.startswith("HaaS Python HaaSPython-ESP32-v2.2.0-2022-05-30 (MicroPython 1.") and label.endswith(
        "), app in /data/pyamp")


def test_board_unplugged_mid_deploy_shows_the_error_and_recovers_on_replug(qtbot, ide_window, project, tmp_path):
    from ide.gui.worker import IDLE, LOST
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.serve import SocketTransport

    vb = VirtualBoard(fs_root=tmp_path / "board", baud=115200)  # slow enough to cut mid-transfer
    transport = SocketTransport(vb)
    address = transport.address
    vb.start()
    replug = None
    try:
        with qtbot.waitSignal(ide_window.worker.events.state_changed, timeout=TIMEOUT,
                              check_params_cb=lambda s: s == IDLE):
            ide_window.connect_port(transport.name)
        (project / "asset.bin").write_bytes(bytes(range(256)) * 160)  # 40 KB: seconds on the wire
        ide_window.set_project_dir(project)
        progress = ide_window.worker.events.progress
        with qtbot.waitSignal(ide_window.worker.events.state_changed, timeout=TIMEOUT,
                              check_params_cb=lambda s: s == LOST):
            with qtbot.waitSignal(progress, timeout=TIMEOUT, check_params_cb=lambda p, done, total: 0 < done < total):
                ide_window.device_toolbar.deploy_action.trigger()
            transport.close()  # the cable is pulled while a file is on its way
        assert any("was lost" in w and "keeps its old contents" in w for w in ide_window.warnings), ide_window.warnings
        assert ide_window.connection_label.text() != "Connected"
        with qtbot.waitSignal(ide_window.worker.events.state_changed, timeout=TIMEOUT,
                              check_params_cb=lambda s: s == IDLE):
            replug = SocketTransport(vb, *address)  # the same board comes back on the same port
        summary = deploy_and_wait(qtbot, ide_window)
        assert "asset.bin" in summary["written"]
        assert (tmp_path / "board" / "data" / "pyamp" / "asset.bin").read_bytes() == (project / "asset.bin").read_bytes()
        qtbot.waitUntil(lambda: "Hello, HaaS!" in ide_window.console.text(), timeout=TIMEOUT)
    finally:
        ide_window.worker.close_port()
        if replug is not None:
            replug.close()
        vb.close()


def test_an_edu_k1_project_deploys_through_the_boot_window(qtbot, ide_window, tmp_path):
    """Deploy picks the board's method: an EDU K1 project goes through the ymodem plugin, and the
    virtual board plays an EDU K1 for it."""
    from ide.gui import virtual_service

    create_project(tmp_path / "k1", "helloworld", "haas-edu-k1", {})
    ide_window.set_project_dir(tmp_path / "k1")
    qtbot.waitUntil(lambda: virtual_service.running_board().board_id == "haas-edu-k1"
                    and ide_window.connection_label.text() == "Connected", timeout=TIMEOUT)
    summary = deploy_and_wait(qtbot, ide_window)
    assert summary["method"] == "ymodem" and "main.py" in summary["written"]
    qtbot.waitUntil(lambda: "Hello, HaaS!" in ide_window.console.text(), timeout=TIMEOUT)
    board_fs = virtual_service.default_fs_root("haas-edu-k1")
    assert (board_fs / "data" / "pyamp" / "main.py").read_bytes() == (tmp_path / "k1" / "main.py").read_bytes()
    assert not ide_window.warnings


def test_a_stock_micropython_project_runs_on_a_stock_virtual_board(qtbot, ide_window, tmp_path):
    # a Pico user's first minute: Hello world for the Pico, Deploy, the program's output; the
    # virtual board becomes a stock MicroPython board, and main.py goes to / where it runs
    create_project(tmp_path / "pico", "helloworld", "rpi-pico", {})
    ide_window.set_project_dir(tmp_path / "pico")
    qtbot.waitUntil(lambda: ide_window.connection_label.text() == "Connected"
                    and ide_window.device_toolbar.deploy_action.isEnabled(), timeout=TIMEOUT)
    summary = deploy_and_wait(qtbot, ide_window)
    assert "main.py" in summary["written"] and "board.json" not in summary["written"]
    qtbot.waitUntil(lambda: "Hello, MicroPython! 1" in ide_window.console.text(), timeout=TIMEOUT)
    assert ide_window.firmware_label.text().endswith("app in /")
