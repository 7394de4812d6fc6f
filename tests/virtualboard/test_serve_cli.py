"""`haas-ide board serve` from the outside: port on line 1, control channel on line 2."""

from __future__ import annotations

import json
import socket

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
