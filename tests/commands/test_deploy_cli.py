"""`haas-ide deploy` as a new user meets it: a stock board, what the board is, where files go,
Ctrl-C and a killed deploy that leave a board the real mpremote can talk to, and boards that
answer garbage."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
import tty
from pathlib import Path

import pytest

from ide.cli import main
from ide.core.project import Project, ProjectSettings
from tests.served import served_board

TIMEOUT = 60
VERSION = r"1\.\d+\.\d+(-\w+)?"
STOCK_BOARD_LINE = rf"Board: MicroPython {VERSION}, ESP32 module with ESP32; target /"


def plain_project(root: Path, text: str = "print('hello from main')\n") -> Path:
    root.mkdir()
    (root / "main.py").write_text(text)
    return root


def haas_ide(*args: str) -> subprocess.Popen:
    """`haas-ide ARGS` in a child that takes Ctrl-C as a terminal user's would (a test runner
    started in the background may pass SIGINT on ignored)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "ide.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for(condition, timeout: float = TIMEOUT, what: str = "") -> None:
    """Poll `condition` until it holds (like qtbot.waitUntil)."""
    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        tick.wait(0.02)


def read_until(stream, marker: bytes, timeout: float = TIMEOUT) -> bytes:
    data, done = bytearray(), threading.Event()

    def reader() -> None:
        while marker not in data:
            chunk = os.read(stream.fileno(), 4096)
            if not chunk:
                break
            data.extend(chunk)
        done.set()

    threading.Thread(target=reader, daemon=True).start()
    done.wait(timeout)
    return bytes(data)


def mpremote_exec(port: str, code: str) -> subprocess.CompletedProcess:
    """The real mpremote (it reads a pty with no timeout: always under one)."""
    return subprocess.run([sys.executable, "-m", "mpremote", "connect", port, "exec", code],
                          capture_output=True, text=True, timeout=30)


def test_a_plain_main_py_deploys_and_runs_on_a_stock_board_with_no_flags(stock_board, tmp_path):
    port, fs = stock_board.port, stock_board.root
    project = plain_project(tmp_path / "p")
    process = haas_ide("deploy", str(project), "--port", port)
    try:
        out = read_until(process.stdout, b"hello from main\n")
    finally:
        process.send_signal(signal.SIGINT)  # leaves the output stream
        process.communicate(timeout=TIMEOUT)
    assert b"hello from main\n" in out, out
    assert process.returncode == 0
    lines = out.decode().splitlines()
    assert re.fullmatch(STOCK_BOARD_LINE, lines[0]), lines[0]
    assert lines[1] == "Deployed: 1 written, 0 unchanged, 0 deleted."
    assert (fs / "main.py").read_text() == "print('hello from main')\n"


def test_json_and_dry_run_state_firmware_version_and_target(stock_board, tmp_path, capsys):
    port = stock_board.port
    project = plain_project(tmp_path / "p")
    assert main(["deploy", str(project), "--port", port, "--dry-run"]) == 0
    board_line, plan_line = capsys.readouterr().out.splitlines()
    assert re.fullmatch(STOCK_BOARD_LINE, board_line) and plan_line == "write     /main.py (25 bytes)"
    assert main(["deploy", str(project), "--port", port, "--json", "--no-run"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert (summary["firmware"], summary["target"]) == ("micropython", "/") and re.fullmatch(VERSION, summary["version"])
    assert summary["atomic"] is True and summary["lacks"] == [] and summary["written"] == ["main.py"]
    assert captured.err.startswith(f"Board: MicroPython {summary['version']}, ")


def test_the_app_folder_follows_the_flag_then_the_projects_setting(stock_board, tmp_path, capsys):
    port, fs = stock_board.port, stock_board.root
    project = plain_project(tmp_path / "p")
    Project(project).save_settings(ProjectSettings(app_dir="/apps/pinned"))
    assert main(["deploy", str(project), "--port", port, "--no-run"]) == 0
    assert (fs / "apps" / "pinned" / "main.py").is_file()
    assert main(["deploy", str(project), "--port", port, "--no-run", "--app-dir", "/flash"]) == 0
    assert (fs / "flash" / "main.py").is_file() and not (fs / "main.py").exists()
    capsys.readouterr()
    assert main(["deploy", str(project), "--port", port, "--no-run", "--app-dir", "flash"]) == 1
    assert "absolute board path" in capsys.readouterr().err
    assert main(["--lang", "zh_CN", "deploy", str(project), "--port", port, "--no-run", "--app-dir", "flash"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "应用文件夹必须是开发板上的绝对路径" in err


def test_mirror_lists_then_deletes_what_the_project_does_not_have(stock_board, tmp_path, capsys):
    port, fs = stock_board.port, stock_board.root
    project = plain_project(tmp_path / "p")
    (fs / "notes.txt").write_text("the user's\n")
    assert main(["deploy", str(project), "--port", port, "--no-run", "--mirror", "--dry-run"]) == 0
    assert "delete    /notes.txt" in capsys.readouterr().out and (fs / "notes.txt").exists()
    assert main(["deploy", str(project), "--port", port, "--no-run", "--mirror"]) == 0
    assert "deleted   /notes.txt" in capsys.readouterr().out
    assert not (fs / "notes.txt").exists() and (fs / "boot.py").exists()


@pytest.mark.parametrize("how", ["ctrl-c", "killed"])
def test_a_deploy_stopped_mid_transfer_leaves_a_board_mpremote_talks_to(tmp_path, how):
    fs = tmp_path / "fs"
    project = plain_project(tmp_path / "p")
    (project / "big.bin").write_bytes(os.urandom(60 * 1024))  # about 5 s at 115200 baud
    with served_board(["--baud", "115200", "--fs", str(fs)]) as served:
        process = haas_ide("deploy", str(project), "--port", served.port, "--no-run")
        try:
            temp = fs / "data" / "pyamp" / "big.bin.~tmp"
            wait_for(lambda: temp.exists() and temp.stat().st_size > 4096, what="the transfer to start")
            process.send_signal(signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)
            _out, err = process.communicate(timeout=TIMEOUT)
        finally:
            process.kill()
        if how == "ctrl-c":
            assert process.returncode == 130
            assert err.decode().splitlines() == [
                "haas-ide: Deploy stopped. Written: main.py. Not written: big.bin. Every file on the board is "
                "either old or new; deploy again to finish."]
        result = mpremote_exec(served.port, "print(6 * 7)")
        assert result.returncode == 0 and result.stdout.strip() == "42", result.stderr
        assert not (fs / "data" / "pyamp" / "big.bin").exists()


class GarbageBoard:
    """A pty whose far end answers like no MicroPython board: `answer(data)` gives the reply."""

    def __init__(self, answer) -> None:
        self.master, self.slave = pty.openpty()
        tty.setraw(self.slave)
        self.name = os.ttyname(self.slave)
        self.answer = answer
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import select

        while not self.stop.is_set():
            ready, _w, _x = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 4096)
                except OSError:
                    return
                reply = self.answer(data)
                if reply:
                    os.write(self.master, reply)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        os.close(self.master)
        os.close(self.slave)


def noise(_data: bytes) -> bytes:
    return bytes(range(0x80, 0xC0)) + b"\x05\x01 junk >>> ra"


def raw_repl_then_garbage(data: bytes) -> bytes:
    """Enters the raw REPL like a board, then answers code with nonsense."""
    if data.endswith(b"\x01") and b"\x05A" not in data:
        return b"\r\nraw REPL; CTRL-B to exit\r\n>"
    if b"\x05A\x01" in data:
        return b"R\x00"
    if data.endswith(b"\x04"):
        return b"OK\xff\xfe{not python at all\r\n\x04\x04>"
    return b""


@pytest.mark.parametrize("answer, words", [(noise, "not as a MicroPython REPL"),
                                             (raw_repl_then_garbage, "makes no sense")])
def test_a_board_answering_garbage_is_one_line_with_a_hint(tmp_path, capsys, answer, words):
    board = GarbageBoard(answer)
    try:
        assert main(["deploy", str(plain_project(tmp_path / "p")), "--port", board.name, "--no-run"]) == 1
    finally:
        board.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err
    assert "reset button" in err and "baud rate" in err


def test_run_on_a_board_answering_garbage_is_one_line_with_a_hint(tmp_path, capsys):
    script = tmp_path / "x.py"
    script.write_text("print(1)\n")
    board = GarbageBoard(noise)
    try:
        assert main(["run", str(script), "--port", board.name]) == 1
    finally:
        board.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not as a MicroPython REPL" in err and "baud rate" in err
