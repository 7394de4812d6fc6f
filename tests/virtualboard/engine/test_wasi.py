"""The VM's files are the board's: MicroPython's os and open() over the board file system model,
with its capacity, its hidden flash store, and files no more readable than owner-only."""

from __future__ import annotations

import stat

import pytest


def run(board, code: str) -> bytes:
    out, err = board.exec_raw(code)
    assert err == b"", err.decode()
    return out


def test_files_round_trip_with_seek_append_and_unicode_names(board):
    board.raw()
    assert run(board, "f = open('中文.bin', 'wb')\nf.write(bytes(range(256)) * 40)\nf.close()\n"
                      "f = open('中文.bin', 'ab')\nf.write(b'END')\nf.close()\n"
                      "f = open('中文.bin', 'rb')\nf.seek(10240)\nprint(f.read(), f.tell())\nf.close()\n"
                      "import os\nprint(os.stat('中文.bin')[6])") == b"b'END' 10243\r\n10243\r\n"
    assert (board.board.fs.root / "中文.bin").read_bytes()[:3] == b"\x00\x01\x02"


def test_directory_operations_and_their_errors(board):
    board.raw()
    assert run(board, "import os\nos.mkdir('d')\nopen('d/a.txt', 'w').write('x')\n"
                      "print(list(os.ilistdir('d')))\nos.rename('d/a.txt', 'd/b.txt')\nprint(os.listdir('d'))") \
        == b"[('a.txt', 32768, 0, 1)]\r\n['b.txt']\r\n"
    for code, error in [("os.mkdir('d')", b"OSError: [Errno 17] EEXIST"),
                        ("os.rmdir('d')", b"OSError: 39"),  # MicroPython names only its own errno set
                        ("os.remove('d')", b"OSError: [Errno 21] EISDIR"),
                        ("open('d', 'w')", b"OSError: [Errno 21] EISDIR"),
                        ("os.listdir('nope')", b"OSError: [Errno 2] ENOENT"),
                        ("os.chdir('d/b.txt')", b"OSError: 20"),   # the VM's C library's own check
                        ("os.chdir('nope')", b"OSError: [Errno 2] ENOENT")]:
        assert board.error_line("import os\n" + code) == error


def test_files_the_board_writes_are_owner_only(board):
    board.raw()
    run(board, "open('/data/pyamp/credentials.json', 'w').write('{}')\nimport os\nos.mkdir('/made')")
    created = board.board.fs.root / "data" / "pyamp" / "credentials.json"
    assert stat.S_IMODE(created.stat().st_mode) & 0o077 == 0


def test_the_flash_store_and_the_rom_stay_out_of_sight(board):
    board.raw()
    (board.board.fs.root / ".flash").mkdir(exist_ok=True)
    (board.board.fs.root / ".flash" / "flash.bin").write_bytes(b"\xff" * 16)
    assert run(board, "import os\nprint(sorted(os.listdir('/')))") == b"['boot.py', 'data', 'lib']\r\n"
    assert board.error_line("open('/.flash/flash.bin')") == b"OSError: [Errno 2] ENOENT"


@pytest.fixture
def small_board(tmp_path):
    from ide.virtualboard.board import VirtualBoard
    from tests.boardio import BoardIO

    vb = VirtualBoard(fs_root=tmp_path / "fs", fs_capacity=64 * 1024)
    io = BoardIO(vb)
    vb.start()
    io.wait_idle_prompt()
    yield io
    vb.close()


def test_a_full_file_system_refuses_the_write(small_board):
    small_board.raw()
    run(small_board, "open('keep.txt', 'w').write('old')")
    assert small_board.error_line("f = open('big.bin', 'wb')\nf.write(bytes(200 * 1024))") == b"OSError: 28"
    assert run(small_board, "print(open('keep.txt').read())") == b"old\r\n"
    assert run(small_board, "import os\ns = os.statvfs('/')\nprint(s[0], s[2])") == b"4096 16\r\n"
