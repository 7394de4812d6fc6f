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


# -- hostile projects ------------------------------------------------------------------------------
@pytest.fixture
def secret(tmp_path):
    """A file outside the project, like ~/.ssh/id_rsa."""
    path = tmp_path / "home" / "id_rsa"
    path.parent.mkdir()
    path.write_text("PRIVATE KEY\n")
    return path


def test_links_out_of_the_project_are_never_deployed_and_are_listed(port, project, secret, tmp_path, capsys):
    (project / "key.txt").symlink_to(secret)
    (project / "mem.bin").symlink_to("/proc/self/mem")
    (project / "inside.py").symlink_to(project / "main.py")  # a link within the project is a file like any
    assert main(["deploy", str(project), "--port", port, "--dry-run"]) == 0
    plan = capsys.readouterr().out.splitlines()
    assert "skipped   key.txt (a link to something outside the project)" in plan
    assert "skipped   mem.bin (a link to something outside the project)" in plan
    assert not any("key.txt" in line or "mem.bin" in line for line in plan if line.startswith("write"))
    assert any(line.startswith("write     /data/pyamp/inside.py") for line in plan)
    assert main(["deploy", str(project), "--port", port, "--json", "--no-run"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["skipped"] == ["key.txt", "mem.bin"] and "key.txt" not in summary["written"]
    app = tmp_path / "board" / "data" / "pyamp"
    assert (app / "inside.py").is_file() and not (app / "key.txt").exists() and not (app / "mem.bin").exists()


def test_a_real_deploy_says_which_links_it_skipped(port, project, secret, capsys):
    (project / "key.txt").symlink_to(secret)
    assert main(["deploy", str(project), "--port", port, "--no-run"]) == 0
    out = capsys.readouterr().out
    assert "Skipped key.txt: it is a link to something outside the project" in out


def test_links_are_listed_for_plugin_deploy_methods_too(edu_k1_port, secret, tmp_path, capsys):
    port, _board_fs = edu_k1_port
    create_project(tmp_path / "k1", "helloworld", "haas-edu-k1", {})
    (tmp_path / "k1" / "key.txt").symlink_to(secret)
    assert main(["deploy", str(tmp_path / "k1"), "--port", port, "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["send board.json", "send main.py"] and "send key.txt" not in lines
    assert lines[2].startswith("Skipped key.txt: ")


@pytest.mark.parametrize("name", ["main.py", "board.json"])
def test_an_unreadable_project_file_is_one_line(port, project, name, monkeypatch, capsys):
    from tests.unreadable import make_unreadable

    make_unreadable(monkeypatch, project / name)
    assert main(["deploy", str(project), "--port", port, "--no-run"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"haas-ide: error: Cannot read {name}: Permission denied") and err.count("\n") == 1


@pytest.mark.parametrize("name, command", [(".haas-ide/project.json", ["check"]),
                                           (".haas-project.json", ["lib", "list", "--dir"])])
def test_a_deeply_nested_project_file_is_one_line(project, name, command, capsys):
    (project / name).write_text("[" * 100_000 + "]" * 100_000)
    assert main([*command, str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("haas-ide: error: ") and "nested too deeply" in err and err.count("\n") == 1
    assert (project / name).read_text().startswith("[[[")  # kept for the user to fix
