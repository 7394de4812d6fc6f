"""`haas-ide deploy | run | console` against a virtual board on a pty."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ide.cli import main
from ide.core.templates import create_project
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import PtyTransport


@pytest.fixture
def port(tmp_path):
    board = VirtualBoard(fs_root=tmp_path / "board")
    transport = PtyTransport(board)
    board.start()
    yield transport.name
    transport.close()
    board.close()


@pytest.fixture
def project(tmp_path):
    create_project(tmp_path / "hello", "helloworld", "esp32-devkitc", {})
    return tmp_path / "hello"


def test_deploy_json_summary_then_nothing_changed(port, project, capsys):
    assert main(["deploy", str(project), "--port", port, "--json", "--no-run"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert "main.py" in first["written"] and first["bytes_out"] > first["payload_bytes"] > 0
    assert set(first["seconds"]) == {"connect", "plan", "apply"}
    assert main(["deploy", str(project), "--port", port, "--json", "--no-run"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["written"] == [] and "main.py" in second["unchanged"]


def test_dry_run_prints_the_plan(port, project, capsys):
    assert main(["deploy", str(project), "--port", port, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "write     /data/pyamp/main.py" in out


def test_credentials_stay_out_of_nothing_the_board_needs(port, project, capsys):
    assert main(["deploy", str(project), "--port", port, "--json", "--no-run"]) == 0
    written = json.loads(capsys.readouterr().out)["written"]
    assert ".haas-ide/project.json" not in written and "board.json" in written


def test_run_streams_output_and_reports_errors(port, tmp_path, capsys):
    script = tmp_path / "count.py"
    script.write_text("for i in range(3):\n    print('第', i)\n", encoding="utf-8")
    assert main(["run", str(script), "--port", port]) == 0
    assert capsys.readouterr().out == "第 0\n第 1\n第 2\n"
    broken = tmp_path / "broken.py"
    broken.write_text("print('before')\nraise ValueError('bad value')\n")
    assert main(["run", str(broken), "--port", port]) == 1
    out = capsys.readouterr().out
    assert out.startswith("before\n") and out.rstrip().endswith("ValueError: bad value")


def test_deploy_to_a_missing_port_is_one_line(project, tmp_path, capsys):
    assert main(["deploy", str(project), "--port", str(tmp_path / "ttyUSB7"), "--no-follow"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


def test_console_passes_keys_and_leaves_at_end_of_input(port):
    result = subprocess.run([sys.executable, "-m", "ide.cli", "console", "--port", port],
                            input=b"\x03print(6 * 7)\r", capture_output=True, timeout=60)
    assert result.returncode == 0
    assert b"print(6 * 7)\r\n42\r\n>>> " in result.stdout


def test_port_virtual_is_the_built_in_board(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HAAS_IDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("ide.core.link.embedded._url", None)
    assert main(["deploy", str(project), "--port", "virtual", "--json", "--no-run"]) == 0
    assert "main.py" in json.loads(capsys.readouterr().out)["written"]
    assert (tmp_path / "data" / "virtual-board" / "fs" / "data" / "pyamp" / "main.py").is_file()


@pytest.fixture
def edu_k1_port(tmp_path):
    board = VirtualBoard(fs_root=tmp_path / "k1-board", board_id="haas-edu-k1")
    transport = PtyTransport(board)
    board.start()
    yield transport.name, tmp_path / "k1-board"
    transport.close()
    board.close()


def test_an_edu_k1_project_goes_through_the_boot_window(edu_k1_port, tmp_path, capsys):
    """The project's board picks the deploy method: EDU K1 files travel by YMODEM in its boot window."""
    port, board_fs = edu_k1_port
    create_project(tmp_path / "k1", "helloworld", "haas-edu-k1", {})
    assert main(["deploy", str(tmp_path / "k1"), "--port", port, "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == ["send board.json", "send main.py"]
    assert main(["deploy", str(tmp_path / "k1"), "--port", port, "--json", "--no-follow"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)  # stdout holds the JSON alone; the board's boot went to stderr
    assert "amp shakehand begin..." in captured.err
    assert summary["method"] == "ymodem" and sorted(summary["written"]) == ["board.json", "main.py"]
    assert (board_fs / "data" / "pyamp" / "main.py").read_bytes() == (tmp_path / "k1" / "main.py").read_bytes()
