"""Nothing that runs on the virtual board reaches the host: the escapes that worked on the CPython
engine, and the obvious others, fail on `haas-ide board serve` and on the IDE's `virtual` port."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.served import served_board

SECRET = "host-secret-7f3a"
ATTEMPTS = r'''
def attempt(name, action):
    try:
        result = action()
    except Exception as exc:
        print("BLOCKED", name, type(exc).__name__)
        return
    print("RESULT", name, repr(result))

import os
attempt("subclasses", lambda: ().__class__.__base__.__subclasses__())
attempt("func_globals", lambda: print.__func__.__globals__["__builtins__"])
attempt("os_system", lambda: __import__("os").system("touch ESCAPED"))
attempt("os_popen", lambda: os.popen("id"))
attempt("etc_passwd", lambda: open("/etc/passwd").read())
attempt("climb_relative", lambda: open("../../../../../../../etc/passwd").read())
attempt("climb_absolute", lambda: open("/../../../../etc/passwd").read())
attempt("sibling_secret", lambda: open("../secret.txt").read())
attempt("link_out", lambda: open("/link-out.txt").read())
attempt("link_dir_out", lambda: os.listdir("/linked-dir"))
attempt("write_out", lambda: open("../ESCAPED", "w").write("x"))
attempt("rom_write", lambda: open("/__haas_vm_rom__/_vm.py", "w").write("x"))
attempt("environment", lambda: os.getenv("HOME"))
attempt("chdir_up", lambda: (os.chdir(".."), os.chdir(".."), os.getcwd(), os.listdir())[2:])
'''
BLOCKED = ["subclasses", "func_globals", "os_system", "os_popen", "etc_passwd", "climb_relative",
           "climb_absolute", "sibling_secret", "link_out", "link_dir_out", "rom_write"]


def board_folder(parent):
    """A board file system next to a secret, with links that lead out of it."""
    parent.mkdir(parents=True, exist_ok=True)
    (parent / "secret.txt").write_text(SECRET)
    (parent / "secret-dir").mkdir()
    (parent / "secret-dir" / "inside.txt").write_text(SECRET)
    fs = parent / "fs"
    fs.mkdir(parents=True)
    (fs / "link-out.txt").symlink_to(parent / "secret.txt")
    (fs / "linked-dir").symlink_to(parent / "secret-dir")
    (fs / "attempts.py").write_text(ATTEMPTS)
    return fs


def check(output: str, parent) -> None:
    for name in BLOCKED:
        assert f"BLOCKED {name} " in output, (name, output)
    assert "RESULT environment None" in output
    assert "RESULT write_out 1" in output  # `..` stops at the board's root: it wrote /ESCAPED
    assert "RESULT chdir_up ('/', ['ESCAPED', 'attempts.py'])" in output
    assert SECRET not in output
    fs = parent / "fs"
    assert (fs / "ESCAPED").is_file()
    assert [p for p in parent.rglob("ESCAPED") if fs not in p.parents] == []


def test_no_escape_from_board_serve(tmp_path):
    fs = board_folder(tmp_path)
    with served_board(["--fs", str(fs)]) as served:
        result = subprocess.run([sys.executable, "-m", "mpremote", "connect", served.port, "exec",
                                 "exec(open('attempts.py').read())"], capture_output=True, timeout=60, text=True)
    check(result.stdout, tmp_path)


def test_no_escape_from_the_ides_own_virtual_port(tmp_path):
    data = tmp_path / "data"
    fs = board_folder(data / "virtual-board")
    script = tmp_path / "run-me.py"
    script.write_text("exec(open('attempts.py').read())\n")
    env = dict(os.environ, HAAS_IDE_DATA_DIR=str(data))
    result = subprocess.run([sys.executable, "-m", "ide.cli", "run", str(script), "--port", "virtual"],
                            capture_output=True, timeout=120, text=True, env=env)
    assert fs.is_dir()
    check(result.stdout, data / "virtual-board")


@pytest.mark.parametrize("code, error", [
    ("bytearray(1 << 30)", "MemoryError"),
    ("import sys\nsys.modules['os'].system", "AttributeError"),
    ("import ctypes\nctypes.CDLL", "AttributeError"),  # MicroPython's uctypes: the VM's memory only
    ("import subprocess", "ImportError"),
])
def test_host_powers_do_not_exist(board, code, error):
    board.raw()
    assert board.error_line(code).startswith(error.encode())
