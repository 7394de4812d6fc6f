"""Every row of protocols.md part A, byte for byte, against the in-process board."""

from __future__ import annotations

import struct

import pytest

from ide.virtualboard.board import VirtualBoard
from tests.boardio import BoardIO

BANNER = b'MicroPython v1.17-dirty on 2022-05-30; ESP32 module with ESP32\r\nType "help()" for more information.\r\n'
RAW = b"raw REPL; CTRL-B to exit\r\n"


def test_boot_prints_rom_lines_markers_and_banner(tmp_path):
    vb = VirtualBoard(fs_root=tmp_path)
    io = BoardIO(vb)
    vb.start()
    try:
        boot = io.expect(b">>> ")
    finally:
        vb.close()
    assert boot.startswith(b"ets Jun  8 2016 00:22:57\r\n")
    assert b" ==== python execute bootpy ====\r\n ==== python file check /data/pyamp/main.py ====\r\n" in boot
    assert boot.endswith(BANNER + b">>> ")


def test_printable_bytes_are_echoed_and_enter_runs_the_line(board):
    board.send(b"print('a\\nb')")
    assert board.expect(b"print('a\\nb')") == b"print('a\\nb')"
    board.send(b"\r")
    assert board.expect(b">>> ") == b"\r\na\r\nb\r\n>>> "


def test_expression_value_is_printed(board):
    board.send(b"[1, 'x']\r")
    assert board.expect(b">>> ") == b"[1, 'x']\r\n[1, 'x']\r\n>>> "


def test_ctrl_c_at_the_prompt(board):
    board.send(b"\x03")
    assert board.expect(b">>> ") == b"\r\n>>> "


def test_ctrl_c_interrupts_a_sleeping_loop(board):
    board.send(b"from utime import sleep\r")  # utime.sleep, the board's own sleep
    board.expect(b">>> ")
    board.send(b"while True: sleep(1)\r")
    board.expect(b"\r\n... ")
    board.send(b"\r")
    board.expect(b"\r\n")
    board.send(b"\x03")
    out = board.expect(b">>> ")
    assert out == (b'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n'
                   b"KeyboardInterrupt: \r\n>>> ")


def test_ctrl_c_interrupts_a_busy_loop_in_main_py(tmp_path):
    (tmp_path / "data" / "pyamp").mkdir(parents=True)
    (tmp_path / "data" / "pyamp" / "main.py").write_text("n = 0\nwhile True:\n    n += 1\n")
    vb = VirtualBoard(fs_root=tmp_path)
    io = BoardIO(vb)
    vb.start()
    try:
        io.expect(b" ==== python execute from /data/pyamp/main.py ====\r\n")
        io.send(b"\x03")
        out = io.expect(b">>> ")
    finally:
        vb.close()
    assert out.startswith(b'Traceback (most recent call last):\r\n  File "/data/pyamp/main.py", line ')
    assert b"KeyboardInterrupt: \r\n" + BANNER + b">>> " in out


def test_ctrl_a_enters_raw_repl(board):
    board.send(b"\x01")
    assert board.expect(b">") == b"\r\n" + RAW + b">"


def test_ctrl_b_prints_the_banner(board):
    board.send(b"\x02")
    assert board.expect(b">>> ") == b"\r\n" + BANNER + b">>> "


def test_ctrl_d_soft_reboots_running_boot_and_main(board):
    fs = board.board.fs
    with fs.open("/boot.py", "w") as f:
        f.write("print('boot here')\n")
    with fs.open("/data/pyamp/main.py", "w") as f:
        f.write("print('main here')\n")
    board.send(b"\x04")
    out = board.expect(b">>> ")
    assert out == (b"\r\nMPY: soft reboot\r\n ==== python execute bootpy ====\r\nboot here\r\n"
                   b" ==== python file check /data/pyamp/main.py ====\r\n"
                   b" ==== python execute from /data/pyamp/main.py ====\r\nmain here\r\n" + BANNER + b">>> ")


def test_main_py_at_the_root_is_the_fallback(board):
    with board.board.fs.open("/main.py", "w") as f:
        f.write("print('root main')\n")
    board.send(b"\x04")
    out = board.expect(b">>> ")
    assert b" ==== python file check /main.py ====\r\n ==== python execute from /main.py ====\r\nroot main\r\n" in out


def test_paste_mode(board):
    board.send(b"\x05")
    assert board.expect(b"=== ") == b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== "
    board.send(b"if True:\r    print('pasted')\r")
    assert board.expect(b"=== ", 5) + board.expect(b"=== ") == b"if True:\r\n===     print('pasted')\r\n=== "
    board.send(b"\x04")
    assert board.expect(b">>> ") == b"\r\npasted\r\n>>> "


def test_paste_mode_cancelled_with_ctrl_c(board):
    board.send(b"\x05")
    board.expect(b"=== ")
    board.send(b"print('no')\x03")
    assert board.expect(b">>> ") == b"print('no')\r\n>>> "


def test_raw_repl_exec_frames_stdout_and_stderr(board):
    board.raw()
    board.send(b"print('out')\nraise ValueError('bad')\x04")
    assert board.expect(b"\x04>", 5) == (b"OKout\r\n\x04Traceback (most recent call last):\r\n"
                                     b'  File "<stdin>", line 2, in <module>\r\nValueError: bad\r\n\x04>')


def test_raw_repl_input_is_not_echoed_and_ctrl_c_clears_it(board):
    board.raw()
    board.send(b"print('lost')\x03print('kept')\x04")
    assert board.expect(b"\x04>") == b"OKkept\r\n\x04\x04>"


def test_raw_repl_ctrl_d_on_empty_buffer_soft_resets_without_main(board):
    with board.board.fs.open("/data/pyamp/main.py", "w") as f:
        f.write("print('main must not run')\n")
    board.raw()
    board.send(b"\x04")
    out = board.expect(RAW + b">")
    assert out == b"OK\r\nMPY: soft reboot\r\n ==== python execute bootpy ====\r\n" + RAW + b">"


def test_raw_repl_ctrl_b_returns_to_friendly(board):
    board.raw()
    board.send(b"\x02")
    assert board.expect(b">>> ") == b"\r\n" + BANNER + b">>> "


def test_raw_repl_globals_persist_between_commands(board):
    board.raw()
    board.exec_raw("x = 41")
    assert board.exec_raw("print(x + 1)") == (b"42\r\n", b"")


def test_raw_paste_window_and_flow_control(board):
    board.raw()
    board.send(b"\x05A\x01")
    header = board.expect(b"\x01")
    assert header[:2] == b"R\x01"
    header += board.expect(b"\x01")
    assert header == b"R\x01" + struct.pack("<H", 128) + b"\x01"
    source = ("x = 0\n" + "x += 1\n" * 60 + "print(x)\n").encode()  # 432 bytes: three windows
    board.send(source[:256])  # two windows may be in flight at the start
    assert board.expect(b"\x01") == b"\x01"  # one window consumed -> one credit
    board.send(source[256:])
    board.send(b"\x04")
    out = board.expect(b"\x04>")
    assert out.replace(b"\x01", b"") == b"\x0460\r\n\x04\x04>"
    assert out.count(b"\x01") == 2  # the second and third windows were consumed


def test_raw_paste_error_goes_to_stderr(board):
    board.raw()
    board.send(b"\x05A\x01")
    board.expect(b"\x01")
    board.expect(b"\x01")
    board.send(b"import nosuchmodule\x04")
    assert board.expect(b"\x04>") == (b"\x04\x04Traceback (most recent call last):\r\n"
                                      b'  File "<stdin>", line 1, in <module>\r\n'
                                      b"ImportError: no module named 'nosuchmodule'\r\n\x04>")


def test_legacy_firmware_reprints_the_raw_banner_for_raw_paste(tmp_path):
    vb = VirtualBoard(fs_root=tmp_path, firmware="legacy")
    io = BoardIO(vb)
    vb.start()
    try:
        assert b"MicroPython v1.13" in io.expect(b">>> ")
        io.raw()
        io.send(b"\x05A\x01")
        assert io.expect(b">") == RAW + b">"
        assert io.exec_raw("print('old')") == (b"old\r\n", b"")
    finally:
        vb.close()


def test_unknown_raw_paste_command_is_refused(board):
    board.raw()
    board.send(b"\x05B\x01")
    assert board.expect(b"R\x00") == b"R\x00"
    assert board.exec_raw("print(1)") == (b"1\r\n", b"")


@pytest.mark.parametrize("code, last_line", [
    ("open('/nope')", b"OSError: [Errno 2] ENOENT"),
    ("import os\nos.mkdir('/lib')", b"OSError: [Errno 17] EEXIST"),
    ("undefined_name", b"NameError: name 'undefined_name' isn't defined"),
    ("1/0", b"ZeroDivisionError: divide by zero"),
    ("raise ValueError", b"ValueError: "),
    ("{}['k']", b"KeyError: k"),
])
def test_errors_have_micropython_text(board, code, last_line):
    board.raw()
    assert board.error_line(code) == last_line


def test_syntax_error_report(board):
    board.raw()
    _out, err = board.exec_raw("def (:")
    assert err == b'Traceback (most recent call last):\r\n  File "<stdin>", line 1\r\nSyntaxError: invalid syntax\r\n'


def test_sys_exit_ends_the_code_without_a_reset(board):
    board.raw()
    assert board.exec_raw("import sys\nprint('before')\nsys.exit()\nprint('after')") == (b"before\r\n", b"")


def test_soft_reset_request_from_code(board):
    board.raw()
    board.send(b"import micropython\n__import__('sys')\x04")
    board.expect(b"\x04>")
    board.board.vm.soft_reset_requested = True  # what machine.soft_reset() sets before raising SystemExit
    board.send(b"raise SystemExit\x04")
    assert board.expect(RAW + b">") == b"OK\x04\x04MPY: soft reboot\r\n ==== python execute bootpy ====\r\n" + RAW + b">"
