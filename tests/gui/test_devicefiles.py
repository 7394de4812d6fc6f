"""The device files panel lists, uploads, downloads, renames, deletes and makes folders on a virtual board."""

from __future__ import annotations

import pytest

from ide import i18n
from ide.gui import devicefiles
from ide.gui.devicefiles import DeviceFilesPanel
from ide.gui.worker import DISCONNECTED, IDLE
from ide.core.link.rawrepl import TransportExecError
from ide.gui.worker_files import FilesWorker, board_path, describe_board_error, parent_of
from tests.test_i18n import untranslated, visible_texts

TIMEOUT = 15000


@pytest.fixture
def worker(qtbot):
    w = FilesWorker()
    w.start()
    yield w
    w.stop()


@pytest.fixture
def panel(qtbot, worker, board):
    _vb, transport = board
    widget = DeviceFilesPanel(worker)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(worker.events.state_changed, timeout=TIMEOUT, check_params_cb=lambda s: s == IDLE):
        worker.open_port(transport.name)
    yield widget
    if widget.error_box is not None:
        widget.error_box.close()


def wait_done(qtbot, panel, action, op=None):
    """Run `action` and wait until the panel has no request left; return the last `file_done` args."""
    results = []

    def record(*args):
        results.append(args)

    panel.worker.events.file_done.connect(record)
    try:
        action()
        qtbot.waitUntil(lambda: bool(results) and not panel.busy(), timeout=TIMEOUT)
    finally:
        panel.worker.events.file_done.disconnect(record)
    if op is not None:
        assert results[-1][0] == op
    return results[-1]


def names(panel, folder="/"):
    parent = panel.tree.invisibleRootItem() if folder == "/" else panel.item(folder)
    return [parent.child(i).text(0) for i in range(parent.childCount())]


def test_board_paths_are_normalised():
    assert board_path("lib/x.py") == "/lib/x.py" and board_path("/") == "/" and board_path("/a/../b/") == "/b"
    assert parent_of("/boot.py") == "/" and parent_of("/lib/a.py") == "/lib"


def test_board_errors_become_text_whatever_the_firmware_prints():
    def traceback(last):
        return TransportExecError(1, f"Traceback (most recent call last):\r\n  File \"<stdin>\", line 2\r\n{last}\r\n")

    assert "not empty" in describe_board_error("delete", "/lib", traceback("OSError: 39"))[0]  # littlefs, no name
    assert "not empty" in describe_board_error("delete", "/lib", traceback("OSError: [Errno 39] ENOTEMPTY"))[0]
    message, hint = describe_board_error("mkdir", "/lib", traceback("OSError: [Errno 17] EEXIST"))
    assert message == "Could not create the folder /lib. Something with that name already exists there." and hint
    message, _hint = describe_board_error("rename", "/a", traceback("MemoryError: memory allocation failed"))
    assert message == "Could not rename /a." and "MemoryError" in _hint
    assert "error 77" in describe_board_error("list", "/", OSError(77, "/"))[0]


def test_disabled_until_connected(qtbot, worker):
    widget = DeviceFilesPanel(worker)
    qtbot.addWidget(widget)
    assert worker.state == DISCONNECTED
    assert not widget.refresh_action.isEnabled() and not widget.upload_action.isEnabled()
    assert not widget.tree.isEnabled()


def test_lists_the_firmware_files_and_folders(qtbot, panel):
    assert panel.refresh_action.isEnabled()
    assert not names(panel)  # listing waits for the user: it stops the running program
    wait_done(qtbot, panel, panel.refresh, "list")
    top = names(panel)
    assert top.index("lib") < top.index("boot.py")  # folders first
    assert panel.item("/boot.py").text(1) and panel.item("/lib").text(1) == ""
    panel.item("/lib").setExpanded(True)  # opening a folder lists it
    qtbot.waitUntil(lambda: "appOta.py" in names(panel, "/lib") and not panel.busy(), timeout=TIMEOUT)


def test_upload_download_rename_mkdir_delete(qtbot, panel, board, tmp_path):
    vb, _transport = board
    content = "print('你好，开发板')\n".encode("utf-8") * 200
    host = tmp_path / "host" / "测试程序.py"
    host.parent.mkdir()
    host.write_bytes(content)
    wait_done(qtbot, panel, panel.refresh)

    done = wait_done(qtbot, panel, lambda: panel.upload_files([str(host)], "/data"), "upload")
    assert done == ("upload", "/data/测试程序.py", "", "")
    assert (tmp_path / "board" / "data" / "测试程序.py").read_bytes() == content
    panel.item("/data").setExpanded(True)
    qtbot.waitUntil(lambda: "测试程序.py" in names(panel, "/data") and not panel.busy(), timeout=TIMEOUT)
    assert panel.item("/data/测试程序.py").text(1) == f"{len(content):,}"

    target = tmp_path / "downloads"
    wait_done(qtbot, panel, lambda: panel.download_files(["/data/测试程序.py"], str(target)), "download")
    assert (target / "测试程序.py").read_bytes() == content

    wait_done(qtbot, panel, lambda: panel.rename_path("/data/测试程序.py", "改名.py"), "rename")
    assert (tmp_path / "board" / "data" / "改名.py").read_bytes() == content
    assert "改名.py" in names(panel, "/data") and "测试程序.py" not in names(panel, "/data")

    wait_done(qtbot, panel, lambda: panel.make_folder("/data", "新文件夹"), "mkdir")
    assert (tmp_path / "board" / "data" / "新文件夹").is_dir() and "新文件夹" in names(panel, "/data")

    wait_done(qtbot, panel, lambda: panel.delete_paths(["/data/改名.py", "/data/新文件夹"]), "delete")
    assert not (tmp_path / "board" / "data" / "改名.py").exists()
    assert not (tmp_path / "board" / "data" / "新文件夹").exists()
    assert names(panel, "/data") == ["pyamp"]
    assert panel.error_box is None


def test_buttons_ask_the_user_first(qtbot, panel, tmp_path, monkeypatch):
    host = tmp_path / "a.txt"
    host.write_text("abc")
    wait_done(qtbot, panel, panel.refresh)
    monkeypatch.setattr(devicefiles, "ask_open_files", lambda parent, title: [str(host)])
    wait_done(qtbot, panel, panel.upload_action.trigger, "upload")
    assert "a.txt" in names(panel)
    panel.item("/a.txt").setSelected(True)

    monkeypatch.setattr(devicefiles, "ask_text", lambda parent, title, label, text="": "b.txt")
    wait_done(qtbot, panel, panel.rename_action.trigger, "rename")
    assert "b.txt" in names(panel) and "a.txt" not in names(panel)

    panel.item("/b.txt").setSelected(True)
    monkeypatch.setattr(devicefiles, "confirm", lambda parent, title, question: False)
    panel.delete_action.trigger()
    assert not panel.busy() and "b.txt" in names(panel)  # the user said no
    monkeypatch.setattr(devicefiles, "confirm", lambda parent, title, question: "/b.txt" in question)
    wait_done(qtbot, panel, panel.delete_action.trigger, "delete")
    assert "b.txt" not in names(panel)


def test_a_board_error_is_shown_with_its_hint_and_the_panel_goes_on(qtbot, panel, board, tmp_path):
    wait_done(qtbot, panel, panel.refresh)
    op, path, message, hint = wait_done(qtbot, panel, lambda: panel.delete_paths(["/lib"]), "delete")
    assert path == "/lib" and "not empty" in message and hint
    assert panel.error_box is not None and panel.error_box.isVisible()
    assert panel.error_box.text() == message and panel.error_box.informativeText() == hint
    assert (tmp_path / "board" / "lib" / "appOta.py").exists()
    _op, _path, message, _hint = wait_done(qtbot, panel, lambda: panel.make_folder("/", "lib"), "mkdir")
    assert "already exists" in message
    _op, _path, message, _hint = wait_done(qtbot, panel, lambda: panel.rename_path("/nothing.py", "x.py"), "rename")
    assert "does not exist" in message
    assert wait_done(qtbot, panel, panel.refresh, "list")[2] == ""  # still working
    assert "lib" in names(panel)


def test_a_host_folder_that_cannot_be_written_is_reported(qtbot, panel, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = wait_done(qtbot, panel, lambda: panel.download_files(["/boot.py"], str(blocker)), "download")
    _op, _path, message, hint = done
    assert "Could not save" in message and hint


def test_in_chinese_the_panel_shows_no_english(qtbot, worker):
    i18n.set_language("zh_CN")
    widget = DeviceFilesPanel(worker)
    qtbot.addWidget(widget)
    english = [(where, text) for where, text in visible_texts(widget) if untranslated(text)]
    assert not english, english
    assert widget.windowTitle() == "开发板文件"


def test_listing_stops_a_running_program_first_and_shows_the_prompt_on_a_new_line(qtbot, panel, board, tmp_path):
    (tmp_path / "board" / "data" / "pyamp" / "main.py").write_text(
        "import utime\nn = 0\nwhile True:\n    n += 1\n    print('tick', n, end='')\n    utime.sleep_ms(5)\n")
    output = bytearray()
    panel.worker.events.output.connect(output.extend)
    panel.worker.soft_reset()
    qtbot.waitUntil(lambda: b"tick 20" in output, timeout=TIMEOUT)
    assert wait_done(qtbot, panel, panel.refresh, "list")[2] == ""
    assert "boot.py" in names(panel)
    assert output.endswith(b"\r\n>>> ") and b"Type \"help()\"" not in output[output.find(b"tick 20"):]


def test_a_listing_leaves_the_console_as_it_was_without_the_banner_again(qtbot, panel):
    output = bytearray()
    panel.worker.events.output.connect(output.extend)
    panel.worker.send(b"print('ready')\r")
    qtbot.waitUntil(lambda: output.endswith(b"ready\r\n>>> "), timeout=TIMEOUT)
    before = len(output)
    wait_done(qtbot, panel, panel.refresh, "list")
    wait_done(qtbot, panel, panel.refresh, "list")
    panel.worker.send(b"print(6 * 7)\r")
    qtbot.waitUntil(lambda: output.endswith(b"42\r\n>>> "), timeout=TIMEOUT)
    assert bytes(output[before:]) == b"print(6 * 7)\r\n42\r\n>>> "     # no banner, no second prompt

