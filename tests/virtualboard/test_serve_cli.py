"""`haas-ide board serve` from the outside: port on line 1, control channel on line 2; every option
checked, and what cannot be served is one line."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from ide.cli import main
from tests.served import served_board


def test_serve_with_control_channel_reports_pin_changes(tmp_path):
    fs = tmp_path / "fs"
    (fs / "data" / "pyamp").mkdir(parents=True)
    (fs / "data" / "pyamp" / "board.json").write_text(
        '{"name": "esp32", "io": {"led": {"type": "GPIO", "port": 2, "dir": "output"}}}')
    with served_board(["--fs", str(fs), "--socket", "127.0.0.1:0", "--control", "127.0.0.1:0"],
                      header_lines=2) as served:
        assert served.port.startswith("socket://127.0.0.1:")
        assert served.lines[1].startswith("control: 127.0.0.1:")
        host, port = served.lines[1].split(" ", 1)[1].rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as control:
            reader = control.makefile("r", encoding="utf-8")
            control.sendall(b'{"id": 1, "cmd": "subscribe", "events": ["pin"]}\n')
            assert _reply(reader, 1)["ok"] is True
            board_host, board_port = served.port[len("socket://"):].rsplit(":", 1)
            with socket.create_connection((board_host, int(board_port)), timeout=10) as uart:
                uart.sendall(b"\r\x03from driver import GPIO\rg = GPIO()\rg.open('led')\rg.write(1)\r")
                event = _event(reader, "pin")
            assert (event["name"], event["pin"], event["value"]) == ("led", 2, 1)


def _reply(reader, ident: int) -> dict:
    while True:
        message = json.loads(reader.readline())
        if message.get("id") == ident:
            return message


def _event(reader, kind: str) -> dict:
    while True:
        message = json.loads(reader.readline())
        if message.get("event") == kind:
            return message


@pytest.mark.parametrize("option, value", [
    ("--fs-size", "-5"), ("--fs-size", "0"), ("--fs-size", "lots"), ("--rx-buffer", "0"), ("--rx-buffer", "-1"),
    ("--baud", "99999999999999"), ("--baud", "0"), ("--max-baud", "-9600"), ("--socket", "127.0.0.1"),
    ("--socket", "127.0.0.1:99999"), ("--rfc2217", "localhost:port"), ("--control", "127.0.0.1:"),
    ("--board", "no-such-board"), ("--firmware", "v9"), ("--flash-size", "3MB"),
])
def test_every_option_is_checked_before_a_board_starts(option, value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["board", "serve", option, value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("haas-ide board serve: error: argument ") and option in err
    assert err.endswith("(see haas-ide board serve --help)\n") and err.count("\n") == 1


def test_an_fs_folder_that_cannot_be_made_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["board", "serve", "--fs", str(blocker / "fs")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"haas-ide: error: Cannot make the folder {blocker / 'fs'} for the board's file system")
    assert err.count("\n") == 1


def test_a_control_port_in_use_is_one_line_and_nothing_keeps_running():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "ide.cli", "board", "serve", "--socket", "127.0.0.1:0",
                                 "--control", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"haas-ide: error: Cannot serve on 127.0.0.1:{port}: ")
    assert result.stderr.count("\n") == 1
