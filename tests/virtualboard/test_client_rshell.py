"""rshell 0.0.36 (PyPI; not ours) copies files to and from `haas-ide board serve` on a pty.

rshell runs its own functions on the board. An upload streams raw bytes on sys.stdin.buffer with
micropython.kbd_intr(-1) set (the data holds 0x03), reading each block with readinto(buf, n)
after a one-byte ack; `-a` sends the blocks as hex instead. Every run connects afresh: Ctrl-C and
CR until it sees `>>> `, then the raw REPL, which it leaves before it exits.
"""

from __future__ import annotations

from tests.clients import ok, rshell_argv, run_client

BLOB = bytes(range(256)) * 3 + bytes(reversed(range(256))) * 3  # every byte value, Ctrl-C included


def rshell(port: str, *args: str):
    return run_client(*rshell_argv(port, *args))


def test_cp_uploads_a_binary_file_intact_in_32_byte_blocks(served_pty, tmp_path):
    port, fs = served_pty
    (tmp_path / "blob.bin").write_bytes(BLOB)
    ok(rshell(port, "--buffer-size", "32", "cp", str(tmp_path / "blob.bin"), "/pyboard/blob32.bin"))
    assert (fs / "blob32.bin").read_bytes() == BLOB


def test_cp_uploads_in_rshells_default_512_byte_blocks(served_pty, tmp_path):
    port, fs = served_pty
    blob = BLOB * 3  # 12 blocks of 512 bytes, each sent at once on its ack
    (tmp_path / "big.bin").write_bytes(blob)
    ok(rshell(port, "cp", str(tmp_path / "big.bin"), "/pyboard/big.bin"))
    assert (fs / "big.bin").read_bytes() == blob


def test_cp_in_ascii_mode_uploads_hex_intact(served_pty, tmp_path):
    port, fs = served_pty
    (tmp_path / "blob.bin").write_bytes(BLOB)
    ok(rshell(port, "--ascii", "--buffer-size", "32", "cp", str(tmp_path / "blob.bin"), "/pyboard/hex.bin"))
    assert (fs / "hex.bin").read_bytes() == BLOB


def test_cp_round_trip_of_a_chinese_named_file(served_pty, tmp_path):
    port, fs = served_pty
    text = "print('你好，世界')\n# 中文注释\n".encode("utf-8")
    (tmp_path / "中文.py").write_bytes(text)
    ok(rshell(port, "mkdir", "/pyboard/工程", ";", "cp", str(tmp_path / "中文.py"), "/pyboard/工程/中文.py", ";",
              "cp", "/pyboard/工程/中文.py", str(tmp_path / "back.py")))  # one connection, three commands
    assert (fs / "工程" / "中文.py").read_bytes() == text
    assert (tmp_path / "back.py").read_bytes() == text


def test_ls_lists_the_board_files_by_name(served_pty):
    port, fs = served_pty
    (fs / "listed.bin").write_bytes(bytes(300))
    listing = ok(rshell(port, "ls", "-l", "/pyboard")).splitlines()
    entries = {line.split()[-1]: int(line.split()[0]) for line in listing if line.strip()}
    assert entries["listed.bin"] == 300
    assert entries["boot.py"] == (fs / "boot.py").stat().st_size
    assert "lib/" in entries and "data/" in entries
