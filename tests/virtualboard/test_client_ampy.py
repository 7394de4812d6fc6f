"""adafruit-ampy 1.1.0 (PyPI; not ours) drives `haas-ide board serve` on a pty.

ampy enters the raw REPL with a soft reset on every run, writes files as `f.write(b'...')`
statements of 32 bytes each, reads them back as hex from `sys.stdout.write`, and recognises a
missing file by the board's own error text (`OSError: [Errno 2] ENOENT`).
"""

from __future__ import annotations

from tests.clients import ampy_argv, ok, run_client

BLOB = bytes(range(256)) * 2 + bytes(reversed(range(256)))  # every byte value


def ampy(port: str, *args: str):
    return run_client(*ampy_argv(port, *args))


def test_put_and_get_a_binary_file_byte_identical(served_pty, tmp_path):
    port, fs = served_pty
    (tmp_path / "blob.bin").write_bytes(BLOB)
    ok(ampy(port, "put", str(tmp_path / "blob.bin"), "/blob.bin"))
    assert (fs / "blob.bin").read_bytes() == BLOB
    ok(ampy(port, "get", "/blob.bin", str(tmp_path / "back.bin")))
    assert (tmp_path / "back.bin").read_bytes() == BLOB


def test_put_a_chinese_text_file_into_a_new_folder_and_list_it(served_pty, tmp_path):
    port, fs = served_pty
    text = "print('你好，世界')\n# 中文注释\n".encode("utf-8")
    (tmp_path / "中文.py").write_bytes(text)
    ok(ampy(port, "mkdir", "/工程"))
    ok(ampy(port, "put", str(tmp_path / "中文.py"), "/工程/中文.py"))
    assert (fs / "工程" / "中文.py").read_bytes() == text
    assert ok(ampy(port, "ls", "-l", "/工程")).splitlines() == [f"/工程/中文.py - {len(text)} bytes"]


def test_ls_lists_the_board_files_by_name(served_pty):
    port, fs = served_pty
    (fs / "listed.txt").write_text("x" * 12)
    listing = ok(ampy(port, "ls", "-l")).splitlines()
    assert "/listed.txt - 12 bytes" in listing
    assert f"/boot.py - {(fs / 'boot.py').stat().st_size} bytes" in listing
    assert "/lib - 0 bytes" in listing and "/data - 0 bytes" in listing


def test_run_prints_the_programs_output(served_pty, tmp_path):
    port, _fs = served_pty
    (tmp_path / "hello.py").write_text("for i in range(3):\n    print('第', i, '次')\n", encoding="utf-8")
    assert ok(ampy(port, "run", str(tmp_path / "hello.py"))) == "第 0 次\n第 1 次\n第 2 次\n"


def test_get_of_a_missing_file_is_ampys_no_such_file_error(served_pty):
    port, _fs = served_pty
    result = ampy(port, "get", "/missing.txt")
    assert result.returncode == 1
    assert result.stderr.decode().rstrip().endswith("RuntimeError: No such file: /missing.txt")
