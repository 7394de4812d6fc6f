"""Board code runs in MicroPython 1.17's world (HaaS flavour): its modules, and only the board's files."""

from __future__ import annotations

import hashlib
import zlib

import pytest


def run(board, code: str) -> str:
    board.raw()
    out, err = board.exec_raw(code)
    assert err == b"", err.decode()
    return out.decode("utf-8").replace("\r\n", "\n")


def test_utime_ticks_wrap_and_differ(board):
    out = run(board, "import utime\nt = utime.ticks_ms()\nutime.sleep_ms(20)\n"
                     "print(utime.ticks_diff(utime.ticks_ms(), t) >= 20)\n"
                     "print(utime.ticks_diff(utime.ticks_add(2**30 - 1, 2), 2**30 - 1))\n"
                     "print(len(utime.localtime()))")
    assert out == "True\n2\n8\n"


def test_uos_stat_is_a_10_tuple_and_ilistdir_has_sizes(board):
    out = run(board, "import uos\nf = open('/data/x.bin', 'wb')\nf.write(b'abc')\nf.close()\n"
                     "print(uos.stat('/data/x.bin')[0] == 0x8000, len(uos.stat('/data')), uos.stat('/data/x.bin')[6])\n"
                     "print(sorted(uos.ilistdir('/data')))\nprint(len(uos.statvfs('/')))")
    assert out == "True 10 3\n[('pyamp', 16384, 0, 0), ('x.bin', 32768, 0, 3)]\n10\n"


def test_uos_rename_remove_mkdir_errors(board):
    out = run(board, "import uos\nuos.mkdir('/d')\nopen('/d/a', 'w').write('1')\nuos.rename('/d/a', '/d/b')\n"
                     "print(uos.listdir('/d'))\n"
                     "try:\n uos.rmdir('/d')\nexcept OSError as e:\n print(e.args[0], e.errno, e)\n"
                     "uos.remove('/d/b')\nuos.rmdir('/d')\nprint('d' in uos.listdir('/'))")
    assert out == "['b']\n39 39 39\nFalse\n"  # ENOTEMPTY is not in MicroPython's errno table


def test_ujson_ubinascii_uhashlib(board):
    out = run(board, "import ujson, ubinascii, uhashlib\n"
                     "print(ujson.dumps({'a': [1, 2]}), ujson.loads('{\"温度\": 25}'))\n"
                     "print(ubinascii.hexlify(b'\\x01\\xff'), ubinascii.a2b_base64('aGk='))\n"
                     "h = uhashlib.sha256(b'ab')\nh.update(b'c')\nprint(ubinascii.hexlify(h.digest()))\n"
                     "print(hasattr(h, 'hexdigest'))")
    digest = hashlib.sha256(b"abc").hexdigest()
    assert out == f"{{\"a\": [1, 2]}} {{'\\u6e29\\u5ea6': 25}}\nb'01ff' b'hi'\nb'{digest}'\nFalse\n"


def test_uzlib_and_zlib_decompress(board):
    payload = zlib.compress(b"HaaS " * 50)
    out = run(board, f"import uzlib, zlib\nd = {payload!r}\n"
                     "print(uzlib.decompress(d) == zlib.decompress(d) == b'HaaS ' * 50)")
    assert out == "True\n"


def test_micropython_const_and_gc(board):
    out = run(board, "from micropython import const\nimport gc\nX = const(7)\ngc.collect()\n"
                     "print(X, gc.mem_free() > 0)")
    assert out == "7 True\n"


def test_kbd_intr_disabled_lets_ctrl_c_reach_stdin(board):
    board.raw()
    board.send(b"import micropython, sys\nmicropython.kbd_intr(-1)\nprint('ready')\nc = sys.stdin.read(1)\n"
               b"micropython.kbd_intr(3)\nprint(ord(c))\x04")
    board.expect(b"OKready\r\n")
    board.send(b"\x03")
    assert board.expect(b"\x04>") == b"3\r\n\x04\x04>"


def test_modules_import_from_the_board_path(board):
    fs = board.board.fs
    with fs.open("/lib/helper.py", "w") as f:
        f.write("def twice(x):\n    return 2 * x\n")
    fs.mkdir("/data/pyamp/pkg")
    with fs.open("/data/pyamp/pkg/__init__.py", "w") as f:
        f.write("from pkg.inner import VALUE\n")
    with fs.open("/data/pyamp/pkg/inner.py", "w") as f:
        f.write("VALUE = '包'\n")
    assert run(board, "import helper\nfrom pkg import VALUE\nprint(helper.twice(21), VALUE)") == "42 包\n"


def test_traceback_names_the_board_file_and_line(board):
    with board.board.fs.open("/lib/broken.py", "w") as f:
        f.write("def f():\n    return 1 / 0\n")
    board.raw()
    _out, err = board.exec_raw("import broken\nbroken.f()")
    assert err == (b'Traceback (most recent call last):\r\n  File "<stdin>", line 2, in <module>\r\n'
                   b'  File "/lib/broken.py", line 2, in f\r\nZeroDivisionError: divide by zero\r\n')


@pytest.mark.parametrize("code, last_line", [
    ("open('/etc/passwd')", b"OSError: [Errno 2] ENOENT"),
    ("open('../../../../etc/passwd')", b"OSError: [Errno 2] ENOENT"),
    ("import subprocess", b"ImportError: no module named 'subprocess'"),
    ("import socket as s; s.socket().connect(('127.0.0.1', 22))", b"OSError: [Errno 104] ECONNRESET"),
    ("exec('open(\"/etc/hostname\")', {})", b"OSError: [Errno 2] ENOENT"),
])
def test_board_code_cannot_reach_the_host(board, code, last_line):
    board.raw()
    assert board.error_line(code) == last_line


def test_a_soft_reset_forgets_module_state(board):
    board.board.fs.host("/lib/state.py").write_text("items = []\n")
    assert run(board, "import state\nstate.items.append(1)\nprint(state.items)") == "[1]\n"
    board.send(b"\x04")  # soft reset: a new VM, modules are imported afresh
    board.expect(b"raw REPL; CTRL-B to exit\r\n>")
    assert board.exec_raw("import state\nprint(state.items)") == (b"[]\r\n", b"")


def test_full_file_system_refuses_the_write_and_keeps_the_old_file(tmp_path):
    from ide.virtualboard.board import VirtualBoard
    from tests.boardio import BoardIO

    vb = VirtualBoard(fs_root=tmp_path, fs_capacity=64 * 1024)
    io = BoardIO(vb)
    vb.start()
    try:
        io.expect(b">>> ")
        io.raw()
        assert io.exec_raw("print(open('/data/keep.txt', 'w').write('old'))") == (b"3\r\n", b"")
        _out, err = io.exec_raw("f = open('/data/big.bin', 'wb')\nfor i in range(100):\n f.write(bytes(4096))")
        assert err.rstrip().splitlines()[-1] == b"OSError: 28"  # ENOSPC: not in MicroPython's errno table
        out, err = io.exec_raw("f.close()\nprint(open('/data/keep.txt').read())")
    finally:
        vb.close()
    assert (out, err) == (b"old\r\n", b"")


def test_utime_counts_from_2000_in_8_tuples_as_haas_does(board):
    import time

    out = run(board, "import utime, time\nprint(utime is time, type(utime.time()).__name__, utime.time())\n"
                     "print(utime.gmtime(0), utime.mktime(utime.localtime(86400 * 365)) == 86400 * 365)")
    first, second = out.splitlines()
    same, kind, seconds = first.split()
    assert (same, kind) == ("True", "int")
    assert abs(int(seconds) - (time.time() - 946684800)) < 60
    assert second == "(2000, 1, 1, 0, 0, 0, 5, 1) True"


def test_sys_names_the_firmwares_micropython(board):
    out = run(board, "import sys, usys\nprint(sys.implementation.name, sys.implementation.version, sys.platform,"
                     " sys.version, usys.path)")
    assert out == "micropython (1, 17, 0) esp32 3.4.0 ['', '/lib', '/data/pyamp', '/data/lib']\n"


def test_uhashlib_has_the_esp32_builds_sha1_and_md5(board):
    out = run(board, "import uhashlib, ubinascii\nh = uhashlib.sha1(b'a')\nh.update('bc')\n"
                     "print(ubinascii.hexlify(h.digest()), ubinascii.hexlify(uhashlib.md5(bytes(20000)).digest()))")
    assert out == f"b'{hashlib.sha1(b'abc').hexdigest()}' b'{hashlib.md5(bytes(20000)).hexdigest()}'\n"


def test_uzlib_reads_zlib_gzip_and_raw_streams(board):
    text = b"HaaS " * 40
    raw = zlib.compressobj(wbits=-15)
    deflated = raw.compress(text) + raw.flush()
    gzipped = zlib.compressobj(wbits=31)
    out = run(board, f"import uzlib, io\nprint(uzlib.decompress({gzipped.compress(text) + gzipped.flush()!r}, 31)"
                     f" == uzlib.decompress({deflated!r}, -15) == {text!r})\n"
                     f"d = uzlib.DecompIO(io.BytesIO({zlib.compress(text)!r}))\nprint(d.read(5), len(d.read()))\n"
                     "try:\n    uzlib.decompress(b'garbage')\nexcept OSError as e:\n    print(e)")
    assert out == "True\nb'HaaS ' 195\n[Errno 22] EINVAL\n"


def test_random_numbers_differ_between_boots(board):
    draw = "import urandom, os\nprint(urandom.getrandbits(30), len(os.urandom(8)))"
    first = run(board, draw)
    board.send(b"\x04")
    board.expect(b"raw REPL; CTRL-B to exit\r\n>")
    second = run(board, draw)
    assert first.split()[1] == second.split()[1] == "8"
    assert first != second  # a 1 in 2**30 chance of a false failure


def test_thread_module_has_locks_and_says_it_cannot_start_threads(board):
    board.raw()
    out, err = board.exec_raw("import _thread\nlock = _thread.allocate_lock()\n"
                              "with lock:\n    print(lock.locked(), lock.acquire(0))\nprint(lock.locked())\n"
                              "_thread.start_new_thread(print, ('x',))")
    assert out == b"True False\r\nFalse\r\n"
    assert err.splitlines()[-1] == (b"NotImplementedError: the virtual board runs one thread: "
                                    b"_thread.start_new_thread is not available")


def test_uos_stat_times_count_from_2000(board):
    import os

    board.board.fs.host("/data/t.txt").write_text("x")
    mtime = os.stat(board.board.fs.host("/data/t.txt")).st_mtime
    out = run(board, "import uos\nuos.chdir('/data')\nprint(uos.stat('t.txt')[8], [e[0] for e in uos.ilistdir()])")
    stamp, names = out.split(" ", 1)
    assert int(stamp) == int(mtime) - 946684800
    assert names == "['pyamp', 't.txt']\n"
