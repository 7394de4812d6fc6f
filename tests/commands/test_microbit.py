"""The command line against real firmware: MicroPython 1.9.2 of the BBC micro:bit, emulated by
qemu (see tests/microbit.py). An old, limited port: no uos, no hashlib, no stdin, no folders, no
rename, about 10 KB of heap, and bytes dropped when they come faster than it echoes them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ide.cli import main
from tests.core.link.test_ports import fake_port
from tests.microbit import microbit

TIMEOUT = 120


@pytest.fixture
def port():
    with microbit() as pty:
        yield pty


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    (root / "main.py").write_text("import helper\nprint('micro:bit says', helper.VALUE)\n" + "# 注释\n" * 200,
                                  encoding="utf-8")
    (root / "helper.py").write_text("VALUE = 42\n")
    return root


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ide.cli", *args], input=stdin, capture_output=True,
                          timeout=TIMEOUT)


def test_ports_names_the_micro_bit_and_deploy_uses_the_port_it_lists(port, project, monkeypatch, capsys):
    import serial.tools.list_ports

    monkeypatch.setattr(serial.tools.list_ports, "comports",
                        lambda include_links=False: [fake_port(port, 0x0D28, 0x0204, "9900", "BBC micro:bit CMSIS-DAP")])
    assert main(["ports", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)[0]
    assert (listed["device"], listed["bridge"], listed["board"], listed["likely"]) == (port, "DAPLink", "BBC micro:bit",
                                                                                     True)
    assert main(["deploy", str(project), "--port", listed["device"], "--no-run"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Deployed: 2 written, 0 unchanged, 0 deleted."


def test_deploy_gets_a_clean_result_and_main_py_runs(port, project):
    first = cli("deploy", str(project), "--port", port, "--no-follow")
    assert first.returncode == 0, first.stderr
    assert first.stdout.decode().splitlines() == [
        "Board: MicroPython 1.9.2, micro:bit with nRF51822; target /; non-atomic mode (the board cannot rename files)",
        "Deployed: 2 written, 0 unchanged, 0 deleted."]
    (project / "helper.py").unlink()
    (project / "main.py").write_text("print('second version')\n")
    second = cli("deploy", str(project), "--port", port, "--json", "--no-run")
    summary = json.loads(second.stdout)
    assert (summary["firmware"], summary["version"], summary["target"], summary["atomic"]) == (
        "micropython", "1.9.2", "/", False)
    assert summary["deleted"] == ["helper.py"] and summary["written"] == ["main.py"]
    assert {"os.rename", "hashlib.sha256", "os.mkdir", "sys.stdin.buffer", "os.statvfs"} <= set(summary["lacks"])
    run = cli("run", str(project / "main.py"), "--port", port)
    assert run.stdout == b"second version\n"
    listing = cli("run", str(write_script(project.parent, "import os\nprint(sorted(os.listdir()))\n")), "--port", port)
    assert listing.stdout == b"['.haas-manifest', 'main.py']\n"


def write_script(folder, text: str):
    path = folder / "script.py"
    path.write_text(text)
    return path


def test_main_py_output_follows_the_deploy(port, project):
    with subprocess.Popen([sys.executable, "-m", "ide.cli", "deploy", str(project), "--port", port],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, PYTHONUNBUFFERED="1")) as process:
        from tests.commands.test_deploy_cli import read_until

        try:
            out = read_until(process.stdout, b"micro:bit says 42\n", TIMEOUT)
        finally:
            process.kill()
    assert b"Deployed: 2 written" in out and b"micro:bit says 42\n" in out


def test_a_project_with_folders_is_refused_in_one_line(port, project):
    (project / "drivers").mkdir()
    (project / "drivers" / "sensor.py").write_text("X = 1\n")
    result = cli("deploy", str(project), "--port", port, "--no-run")
    assert result.returncode == 1 and result.stderr.count(b"\n") == 1
    assert b"has no folders (its firmware lacks os.mkdir), so drivers/sensor.py cannot go there" in result.stderr
    assert b"Traceback" not in result.stderr
    listing = cli("run", str(write_script(project.parent, "import os\nprint(os.listdir())\n")), "--port", port)
    assert listing.stdout == b"[]\n"  # nothing was written, and the board answers


def test_run_streams_output_and_reports_board_errors(port, tmp_path):
    ok = cli("run", str(write_script(tmp_path, "for i in range(3):\n    print('line', i)\n")), "--port", port)
    assert (ok.returncode, ok.stdout) == (0, b"line 0\nline 1\nline 2\n")
    bad = cli("run", str(write_script(tmp_path, "import uos\n")), "--port", port)
    assert bad.returncode == 1 and bad.stdout.rstrip().endswith(b"ImportError: no module named 'uos'")


def test_console_keeps_up_with_a_long_pasted_line(port):
    line = b"print(len('" + b"x" * 300 + b"'))\r"
    result = cli("console", "--port", port, stdin=b"\x03" + line)
    assert result.returncode == 0
    assert b"\r\n300\r\n>>> " in result.stdout  # no byte lost at the friendly prompt
