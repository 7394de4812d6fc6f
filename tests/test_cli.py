"""The command line: --help everywhere, one clear line and exit 1 for user errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ide.cli import build_parser, main

COMMANDS = ["new", "check", "ports", "deploy", "run", "console", "flash", "firmware", "templates",
            "boards", "lib", "plugins", "board", "board serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command.split(), "--help"])
    assert exit_info.value.code == 0
    assert "usage: haas-ide" in capsys.readouterr().out


def test_parser_knows_every_design_command():
    names = set(build_parser()._subparsers._group_actions[0].choices)
    assert set(COMMANDS) - {"board serve"} <= names


def test_user_error_is_one_clear_translated_line(capsys):
    assert main(["--lang", "zh_CN", "plugins", "enable", "no-such-plugin"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-plugin" in err and "error" not in err


def test_board_serve_rejects_a_file_as_fs(tmp_path, capsys):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    assert main(["board", "serve", "--fs", str(not_a_folder)]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_board_serve_reports_a_busy_socket(tmp_path):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "ide.cli", "board", "serve", "--socket", f"127.0.0.1:{port}"],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith(f"haas-ide: error: Cannot serve on 127.0.0.1:{port}")
    assert "Traceback" not in result.stderr


def test_lib_comes_from_the_driver_library_plugin_and_searches_offline():
    """`haas-ide lib` is the built-in library plugin's command; search needs no network."""
    import os

    env = {**os.environ, "HAAS_IDE_PYPI_URL": "http://127.0.0.1:9/nowhere"}  # nothing listens there
    result = subprocess.run([sys.executable, "-m", "ide.cli", "lib", "search", "mpu6050"], capture_output=True,
                            text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("haas-python-mpu6050 ")


@pytest.mark.parametrize("argv, option", [
    (["deploy"], "the following arguments are required"),
    (["deploy", "p", "--port", "x", "--baud", "99999999999999"], "--baud"),
    (["run", "f.py", "--port", "x", "--baud", "-1"], "--baud"),
    (["console", "--port", "x", "--baud", "fast"], "--baud"),
    (["flash", "--port", "x", "--board", "virtual", "--baud", "0"], "--baud"),
    (["no-such-command"], "invalid choice"),
    (["--lang", "fr"], "--lang"),
])
def test_a_usage_error_is_one_line_pointing_at_help(argv, option, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and option in err and "usage:" not in err
    assert err.rstrip().endswith("--help)")


def test_an_unreadable_run_file_is_one_line(tmp_path, monkeypatch, capsys):
    from tests.unreadable import make_unreadable

    script = tmp_path / "main.py"
    script.write_text("print(1)\n")
    make_unreadable(monkeypatch, script)
    assert main(["run", str(script), "--port", "virtual"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"haas-ide: error: {script}: Permission denied") and err.count("\n") == 1


def test_ctrl_c_anywhere_exits_130_without_a_traceback(monkeypatch, capsys):
    import ide.cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(ide.cli, "build_parser", interrupted)
    assert main(["boards"]) == 130
    assert capsys.readouterr().err == ""


def test_a_closed_pipe_ends_the_output_quietly():
    """`haas-ide templates | head -1`: the reader is gone before the output is written."""
    reader = subprocess.Popen([sys.executable, "-m", "ide.cli", "templates"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    reader.stdout.close()
    with reader.stderr:
        err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 1
    assert err == ""
