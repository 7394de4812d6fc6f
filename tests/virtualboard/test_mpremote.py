"""The real, pinned mpremote drives `haas-ide board serve`, on a pty and on socket://.

mpremote reads a pty with no timeout, so every call runs under one (tests/clients.py).
"""

from __future__ import annotations

import hashlib
import queue
import signal
import subprocess
import threading

import pytest

from tests.clients import CLIENT_TIMEOUT, mpremote_argv, ok as succeeded, run_client
from tests.served import served_board


@pytest.fixture(params=["pty", "socket"], scope="module")
def port(request, tmp_path_factory):
    fs = tmp_path_factory.mktemp("board-fs")
    extra = ["--socket", "127.0.0.1:0"] if request.param == "socket" else []
    with served_board(["--fs", str(fs), *extra]) as served:
        yield served.port


def mpremote(port: str, *args: str) -> subprocess.CompletedProcess:
    return run_client(*mpremote_argv(port, *args))


def ok(port: str, *args: str) -> str:
    return succeeded(mpremote(port, *args))


def test_exec_and_eval(port):
    assert ok(port, "exec", "print('你好', 6 * 7)") == "你好 42\n"
    assert ok(port, "eval", "[1 + 1, 'x']") == "[2, 'x']\n"


def test_fs_ls_shows_firmware_files(port):
    listing = ok(port, "fs", "ls", ":")
    assert "boot.py" in listing and "lib/" in listing and "data/" in listing


def test_fs_mkdir_cp_cat_sha256_rm(port, tmp_path):
    local = tmp_path / "中文.py"
    local.write_text("print('主程序')\n", encoding="utf-8")
    ok(port, "fs", "mkdir", ":work")
    ok(port, "fs", "cp", str(local), ":work/中文.py")
    assert ok(port, "fs", "cat", ":work/中文.py") == "print('主程序')\n"
    digest = hashlib.sha256(local.read_bytes()).hexdigest()
    assert digest in ok(port, "fs", "sha256sum", ":work/中文.py")
    ok(port, "fs", "rm", ":work/中文.py")
    assert "中文.py" not in ok(port, "fs", "ls", ":work")
    ok(port, "fs", "rmdir", ":work")


def test_cat_of_a_missing_file_is_a_clean_error(port):
    result = mpremote(port, "fs", "cat", ":missing.txt")
    assert result.returncode == 1
    assert b"No such file or directory" in result.stderr


def test_cp_recursive_twice_is_up_to_date(port, tmp_path):
    project = tmp_path / "proj"
    (project / "sub").mkdir(parents=True)
    (project / "main.py").write_text("print('hi')\n")
    blob = bytes(range(256)) * 40
    (project / "sub" / "data.bin").write_bytes(blob)
    first = ok(port, "fs", "cp", "-r", str(project), ":")
    assert "Up to date" not in first
    second = ok(port, "fs", "cp", "-r", str(project), ":")
    assert "Up to date: ./proj/main.py" in second and "Up to date: ./proj/sub/data.bin" in second
    assert hashlib.sha256(blob).hexdigest() in ok(port, "fs", "sha256sum", ":proj/sub/data.bin")


def test_soft_reset_and_run(port, tmp_path):
    ok(port, "exec", "marker = 1")
    ok(port, "soft-reset")
    assert "NameError: name 'marker' isn't defined" in mpremote(port, "exec", "print(marker)").out
    script = tmp_path / "count.py"
    script.write_text("import utime\nfor i in range(3):\n    print('tick', i)\n    utime.sleep_ms(5)\n")
    assert ok(port, "run", str(script)) == "tick 0\ntick 1\ntick 2\n"


def test_cp_of_a_binary_file_both_ways_is_byte_identical(port, tmp_path):
    blob = bytes(range(256)) * 8 + bytes(reversed(range(256))) * 8
    (tmp_path / "blob.bin").write_bytes(blob)
    ok(port, "fs", "cp", str(tmp_path / "blob.bin"), ":blob.bin")
    ok(port, "fs", "cp", ":blob.bin", str(tmp_path / "back.bin"))
    assert (tmp_path / "back.bin").read_bytes() == blob
    assert hashlib.sha256(blob).hexdigest() in ok(port, "fs", "sha256sum", ":blob.bin")


def test_df_reports_the_board_file_system(port):
    statvfs = ok(port, "exec", "import os\ns = os.statvfs('/')\nprint(s[0], s[2], s[4])")
    bsize, blocks, bavail = map(int, statvfs.split())
    rows = [line.split() for line in ok(port, "df").splitlines()]
    assert rows[0] == ["filesystem", "size", "used", "avail", "use%", "mounted", "on"]
    (_name, size, used, avail, _percent, mounted), = rows[1:]
    assert (int(size), int(avail), mounted) == (bsize * blocks, bsize * bavail, "/")
    assert int(used) == int(size) - int(avail)


def test_ctrl_c_during_run_stops_the_program_and_the_board_keeps_its_state(port, tmp_path):
    # mpremote exits on Ctrl-C and leaves the program running; its next connection interrupts it
    script = tmp_path / "loop.py"
    script.write_text("import utime\nn = 0\nwhile True:\n    n += 1\n    print('tick', n)\n    utime.sleep_ms(10)\n")
    run = subprocess.Popen(mpremote_argv(port, "run", str(script)),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _first_line(run.stdout).startswith(b"tick 1")
        run.send_signal(signal.SIGINT)
        run.communicate(timeout=CLIENT_TIMEOUT)
    finally:
        run.kill()
        run.wait()
    stopped_at = int(ok(port, "resume", "exec", "print(n)"))
    assert stopped_at >= 1
    assert int(ok(port, "resume", "exec", "print(n)")) == stopped_at  # the loop no longer runs


def _first_line(stream) -> bytes:
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    return lines.get(timeout=CLIENT_TIMEOUT)


def test_mount_serves_the_host_folder_to_imports_listings_and_writes(port, tmp_path):
    (tmp_path / "mounted_hello.py").write_text("print('来自主机', __name__)\n", encoding="utf-8")
    code = ("import os\nimport mounted_hello\nprint(sorted(os.listdir('/remote')), sorted(os.listdir()))\n"
            "f = open('written.txt', 'w')\nf.write('写入')\nf.close()\n")
    out = ok(port, "mount", str(tmp_path), "exec", code)
    assert out.splitlines()[-2:] == ["来自主机 mounted_hello", "['mounted_hello.py'] ['mounted_hello.py']"]
    assert (tmp_path / "written.txt").read_text(encoding="utf-8") == "写入"
