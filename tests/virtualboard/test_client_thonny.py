"""Thonny 5's MicroPython back end (PyPI thonny 5.0.1; not ours) works with `haas-ide board serve`.

The back end runs headless, driven the way Thonny's front end drives it (tests/thonny_backend.py),
with the "MicroPython (generic)" interpreter's default settings: it interrupts the board, finds
its REPL, installs its helper in the raw REPL, then serves the file browser, uploads, downloads
(raw-paste, 1 KB blocks; hex for binary data), the shell, Run and Stop.
"""

from __future__ import annotations

import pytest
from thonny.common import ImmediateCommand, InlineCommand, InputSubmission, ToplevelCommand

from ide.virtualboard.firmware import HAAS_SYS_PATH
from tests.thonny_backend import ThonnyBackend

BLOB = bytes(range(256)) * 6 + bytes(reversed(range(256))) * 2  # every byte value, Ctrl-C included
TEXT = "import utime\nprint('你好，世界')  # 中文注释\n".encode("utf-8")


@pytest.fixture(scope="module")
def session(served_pty, tmp_path_factory):
    """(back end, what it said while connecting, the board's --fs folder)."""
    port, fs = served_pty
    backend = ThonnyBackend(port, str(tmp_path_factory.mktemp("thonny-user")))
    try:
        yield backend, backend.connected(), fs
    finally:
        backend.close()


def test_connects_to_the_board_prompt(session):
    _backend, connect, _fs = session
    assert connect.response["welcome_text"].startswith("MicroPython v1.17")
    assert connect.response["cwd"] == "/" and connect.response["sys_path"] == HAAS_SYS_PATH
    assert connect.stderr == ""
    assert not [line for line in connect.prints if "PROBLEM IN THONNY" in line or "Error" in line]


def test_file_browser_lists_the_board_files(session):
    backend, _connect, fs = session
    (fs / "listed.txt").write_bytes(b"x" * 12)
    reply = backend.command(InlineCommand("get_dirs_children_info", paths=["/"], include_hidden=True, node_id="/"))
    children = reply.response["data"]["/"]
    assert children["listed.txt"]["kind"] == "file" and children["listed.txt"]["size"] == 12
    assert children["boot.py"]["size"] == (fs / "boot.py").stat().st_size
    assert children["lib"]["kind"] == "dir" and children["data"]["kind"] == "dir"


def test_upload_and_download_are_byte_identical(session, tmp_path):
    backend, _connect, fs = session
    (tmp_path / "blob.bin").write_bytes(BLOB)
    (tmp_path / "中文.py").write_bytes(TEXT)
    up = [_file(str(tmp_path / "blob.bin"), "/工程/blob.bin", BLOB),
          _file(str(tmp_path / "中文.py"), "/工程/中文.py", TEXT)]
    reply = backend.command(InlineCommand("upload", items=up, make_shebang_scripts_executable=False))
    assert reply.response["errors"] == []
    assert (fs / "工程" / "blob.bin").read_bytes() == BLOB and (fs / "工程" / "中文.py").read_bytes() == TEXT
    down = [_file("/工程/blob.bin", str(tmp_path / "1.bin"), BLOB),
            _file("/工程/中文.py", str(tmp_path / "2.py"), TEXT)]
    reply = backend.command(InlineCommand("download", items=down))
    assert reply.response["errors"] == []
    assert (tmp_path / "1.bin").read_bytes() == BLOB and (tmp_path / "2.py").read_bytes() == TEXT


def _file(source: str, target: str, content: bytes) -> dict:
    """One item of a transfer, as Thonny's upload and download dialogs pick them."""
    return {"kind": "file", "size": len(content), "source_path": source, "target_path": target}


def test_mkdir_and_delete(session):
    backend, _connect, fs = session
    backend.command(InlineCommand("mkdir", path="/新建"))
    assert (fs / "新建").is_dir()
    backend.command(InlineCommand("delete", paths=["/新建"]))
    assert not (fs / "新建").exists()


def test_fs_info_reports_the_board_capacity(session):
    backend, _connect, _fs = session
    info = backend.command(InlineCommand("get_fs_info", path="/")).response
    assert info["total"] > info["used"] > 0 and info["free"] == info["total"] - info["used"]


def test_shell_runs_code_with_output(session):
    backend, _connect, _fs = session
    reply = backend.command(ToplevelCommand("execute_source", source="print('你好', 6 * 7)\n"))
    assert reply.stdout == "你好 42\r\n" and reply.stderr == ""


def test_run_restarts_the_board_then_runs_the_editor_text(session):
    backend, _connect, _fs = session
    backend.command(ToplevelCommand("execute_source", source="marker = 1\n"))
    source = "for i in range(2):\n    print('第', i)\nprint('marker' in globals())\n"
    reply = backend.command(ToplevelCommand("Run", args=["$EDITOR_CONTENT"], source=source))
    assert "soft reboot" in reply.stdout
    assert reply.stdout.endswith("第 0\r\n第 1\r\nFalse\r\n") and reply.stderr == ""


def test_stop_interrupts_a_running_loop(session):
    backend, _connect, _fs = session
    loop = "import utime\nwhile True:\n    print('tick')\n    utime.sleep_ms(20)\n"
    done = backend.submit(ToplevelCommand("execute_source", source=loop))
    backend.until(lambda m: "tick" in m.get("data", ""))
    backend.send(ImmediateCommand("interrupt"))
    reply = backend.until(done)
    assert reply.stderr.rstrip().endswith("KeyboardInterrupt:")
    assert backend.command(ToplevelCommand("execute_source", source="print('alive')\n")).stdout == "alive\r\n"


def test_input_reads_what_the_user_types(session):
    backend, _connect, _fs = session
    source = "name = input('名字? ')\nprint('你好', name)\n"
    done = backend.submit(ToplevelCommand("execute_source", source=source))
    backend.until(lambda m: m.get("data", "").endswith("名字? "))
    backend.send(InputSubmission(data="张三\n"))
    assert backend.until(done).stdout.endswith("你好 张三\r\n")
