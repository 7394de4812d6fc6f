"""`haas-ide console`: an interactive terminal on the board's REPL.

Keys go to the board as typed (Ctrl-C interrupts the program, Ctrl-D soft-resets); Ctrl-] leaves.
With stdin not a terminal (a pipe), its bytes are sent and the console leaves at end of input
once the board has been quiet for a moment. Bytes go out no faster than the baud rate: a pasted
block must not outrun a board that echoes each byte at its friendly prompt (the micro:bit's
MicroPython drops what arrives while it is echoing).
"""

from __future__ import annotations

import os
import sys
import threading

from ide.i18n import _

EXIT_KEY = b"\x1d"  # Ctrl-]
QUIET_AFTER_EOF = 0.5


def run_terminal(conn) -> int:
    stop = threading.Event()
    reader = threading.Thread(target=_pump_board, args=(conn, stop), daemon=True)
    reader.start()
    interactive = sys.stdin.isatty()
    if interactive:
        print(_("Connected to {port}. Ctrl-C interrupts the program, Ctrl-D soft-resets, Ctrl-] leaves.").format(
            port=conn.port), file=sys.stderr, flush=True)
    try:
        (_keys_raw if interactive else _keys_piped)(conn)
    finally:
        stop.set()
        reader.join(2)
    return 0


def _pump_board(conn, stop: threading.Event) -> None:
    out = sys.stdout.buffer
    while not stop.is_set():
        try:
            data = conn.read_some(0.05)
        except Exception:  # the port went away: the key loop reports nothing more to do
            return
        if data:
            out.write(data)
            out.flush()


def _keys_piped(conn) -> None:
    fd = sys.stdin.fileno()
    while True:
        data = os.read(fd, 1024)
        if not data:
            break
        conn.write_paced(data)
    _wait_quiet(conn)


def _wait_quiet(conn) -> None:
    import time

    last = conn.bytes_in
    while True:
        time.sleep(QUIET_AFTER_EOF)  # noqa: the only way to tell "quiet" is to let time pass
        if conn.bytes_in == last:
            return
        last = conn.bytes_in


def _keys_raw(conn) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:
            key = msvcrt.getwch().encode("utf-8")
            if key == EXIT_KEY:
                return
            conn.write(b"\r" if key == b"\n" else key)
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd)
        while True:
            key = os.read(fd, 64)
            if not key or EXIT_KEY in key:
                conn.write_paced(key.split(EXIT_KEY)[0])
                return
            conn.write_paced(key)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
