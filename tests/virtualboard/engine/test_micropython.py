"""The virtual board is MicroPython, not CPython in disguise: what tools and libraries probe."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("code, out", [
    ("import builtins\nprint(builtins.len('abc'))", b"3\r\n"),
    ("X = const(7)\nprint(X * 6)", b"42\r\n"),  # a bare const(), as libraries write it
    ("from micropython import const\nY = const(2)\nprint(Y)", b"2\r\n"),
    ("print(hasattr(str, 'format_map'))", b"False\r\n"),
    ("import sys\nprint(sys.implementation.name, sys.implementation._mpy & 0xff)", b"micropython 6\r\n"),
    ("import sys\nprint(type(sys.stdin.buffer.readinto))", b"<class 'bound_method'>\r\n"),
    ("print(repr(b'\\x00\\xff'), 1 // 0 if False else 'ok')", b"b'\\x00\\xff' ok\r\n"),
    ("import errno\nprint(errno.ENOENT, errno.EEXIST)", b"2 17\r\n"),
    ("import os\nprint(os.uname().sysname)", b"esp32\r\n"),
])
def test_micropython_behaviour(board, code, out):
    board.raw()
    assert board.exec_raw(code) == (out, b"")


@pytest.mark.parametrize("code, last_line", [
    ("import typing", b"ImportError: no module named 'typing'"),
    ("import threading", b"ImportError: no module named 'threading'"),
    ("'{a}'.format_map({'a': 1})", b"AttributeError: 'str' object has no attribute 'format_map'"),
    ("open('/missing')", b"OSError: [Errno 2] ENOENT"),
])
def test_cpython_only_code_fails_as_on_a_board(board, code, last_line):
    board.raw()
    assert board.error_line(code).startswith(last_line)


def test_readinto_with_a_length_reads_that_many_bytes_from_stdin(board):
    board.raw()
    board.send(b"import sys\nb = bytearray(8)\nprint('go')\nn = sys.stdin.buffer.readinto(b, 5)\nprint(n, bytes(b))\x04")
    board.expect(b"OKgo\r\n")
    board.send(b"\x00\x01\xfe\xff\r")
    assert board.expect(b"\x04>") == b"5 b'\\x00\\x01\\xfe\\xff\\r\\x00\\x00\\x00'\r\n\x04\x04>"


def test_native_code_is_refused_in_one_clear_line(board):
    board.send(b"\x05")
    board.expect(b"=== ")
    board.send(b"import micropython\r@micropython.native\rdef f(x):\r    return x + 1\r\x04")
    out = board.expect(b">>> ")
    assert b"SyntaxError: invalid micropython decorator\r\n" in out
    assert out.count(b"no native code emitter") == 1
