"""The board is on a wire, not a pipe: line rate, a finite receive buffer, robustness."""

from __future__ import annotations

import random
import socket
import threading
import time

import pytest

from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import SocketTransport
from ide.virtualboard import uart
from ide.virtualboard.uart import Pacer, TxQueue, Uart
from tests.boardio import BoardIO


def test_pacer_spaces_bytes_at_a_tenth_of_the_baud_rate():
    pacer = Pacer(115200)
    first = pacer.delay_for(1152)
    assert 0.099 <= first <= 0.101  # 1152 bytes at 11520 B/s
    assert pacer.delay_for(1152) > first  # the second burst queues behind the first
    assert Pacer(None).delay_for(10**6) == 0.0


def test_bytes_sent_while_code_runs_are_lost_beyond_the_buffer():
    uart = Uart(rx_capacity=256)
    with uart.running():  # the board runs code that does not read stdin
        uart.feed(bytes(1000))
    assert uart.any() == 256 and uart.dropped == 744


def test_bytes_sent_while_the_repl_reads_are_kept():
    uart = Uart(rx_capacity=16)
    received = bytearray()

    def consume():
        with uart.consuming():
            while len(received) < 1000:
                received.append(uart.read_byte(timeout=5))

    reader = threading.Thread(target=consume)
    with uart.consuming():  # the REPL is in an input loop before the bytes arrive
        reader.start()
        uart.feed(bytes(range(250)) * 4)
    reader.join(10)
    assert bytes(received) == bytes(range(250)) * 4 and uart.dropped == 0


def test_busy_board_drops_input_as_a_real_one(board):
    board.raw()
    board.send(b"from utime import sleep\nsleep(0.5)\nprint('done')\x04")  # the board is busy
    board.expect(b"OK")
    board.send(b"x" * 600)  # no flow control while the board sleeps
    assert board.expect(b"\x04>") == b"done\r\n\x04\x04>"
    assert board.board.uart.dropped == 600 - 256
    board.send(b"\x03")  # clear the 256 surviving bytes
    assert board.exec_raw("print('ok')") == (b"ok\r\n", b"")


def test_a_block_sent_on_an_ack_survives_until_the_code_reads_it(board):
    # rshell's upload loop: the board acks, the host sends a whole block (512 bytes by default),
    # and the board reads it a moment later; on a wire the block takes that long to arrive
    board.raw()
    board.send(b"import micropython, sys, utime\nmicropython.kbd_intr(-1)\nbuf = bytearray(512)\n"
               b"sys.stdout.write('\\x06')\nutime.sleep_ms(20)\n"
               b"print(sys.stdin.buffer.readinto(buf, 512), bytes(buf) == bytes(range(256)) * 2)\x04")
    board.expect(b"OK\x06")
    board.send(bytes(range(256)) * 2)
    assert board.expect(b"\x04>") == b"512 True\r\n\x04\x04>"
    assert board.board.uart.dropped == 0


def test_output_is_limited_to_the_line_rate(tmp_path):
    vb = VirtualBoard(fs_root=tmp_path, baud=115200)
    io = BoardIO(vb)
    vb.start()
    try:
        io.expect(b">>> ", 30)
        io.raw()
        started = time.monotonic()
        out, _err = io.exec_raw("print('x' * 5758)", timeout=30)  # 5760 bytes with \r\n
        elapsed = time.monotonic() - started
    finally:
        vb.close()
    assert len(out) == 5760
    assert elapsed >= (5760 - VirtualBoard.TX_FIFO) / 11520  # no faster than 11,520 B/s


@pytest.mark.parametrize("seed", range(6))
def test_random_bytes_never_break_the_repl(board, seed):
    rng = random.Random(seed)
    alphabet = bytes(range(256))
    for _ in range(40):
        size = rng.randint(1, 200)
        chunk = bytes(rng.choice(alphabet) if rng.random() < 0.3 else rng.choice(b"\x01\x02\x03\x04\x05\r(:'\"A")
                      for _ in range(size))
        board.send(chunk)
    assert board.board._thread.is_alive()
    # Ctrl-C then Ctrl-B always brings the prompt back. Bytes that arrive while the board is busy
    # with the garbage are lost (as on a real board), so a host repeats the sequence until answered.
    for attempt in range(10):
        board.send(b"\x03\x03\x02")
        board.send(f"print('back', {attempt} * 2)\r".encode())
        try:
            board.expect(f"back {attempt * 2}\r\n>>> ", 1)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("the REPL did not come back")


def test_flood_of_half_written_commands(board):
    board.raw()
    for _ in range(50):
        board.send(b"print('unfinished")  # never terminated
        board.send(b"\x03")
    board.send(b"\x05A\x01")
    board.expect(b"R\x01")
    board.send(b"for i in range(")  # a raw-paste cut off by Ctrl-C
    board.send(b"\x03")
    board.expect(b"\x04>", 10)
    assert board.exec_raw("print('alive')") == (b"alive\r\n", b"")


def test_socket_serves_one_client_and_survives_a_disconnect_mid_command(tmp_path):
    vb = VirtualBoard(fs_root=tmp_path)
    transport = SocketTransport(vb)
    vb.start()
    try:
        first = socket.create_connection(transport.address, timeout=10)
        first.sendall(b"\r\x03\x01")
        _read_until(first, b"raw REPL; CTRL-B to exit\r\n>")
        second = socket.create_connection(transport.address, timeout=10)
        assert second.recv(100) == b""  # a second client is turned away while the first is on
        second.close()
        first.sendall(b"print('half")  # disconnect in the middle of a command
        first.close()
        third = _connect_when_free(transport.address)
        third.sendall(b"\x03\x04")
        third.sendall(b"print('again')\x04")
        assert _read_until(third, b"again\r\n\x04\x04>").endswith(b"again\r\n\x04\x04>")
        third.close()
    finally:
        transport.close()
        vb.close()


def _connect_when_free(address, timeout: float = 10.0) -> socket.socket:
    """Connect once the server has noticed the previous client left (it closes newcomers until then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock = socket.create_connection(address, timeout=timeout)
        sock.sendall(b"\x03\x01")
        try:
            _read_until(sock, b"raw REPL; CTRL-B to exit\r\n>", timeout=2)
            return sock
        except (AssertionError, OSError):
            sock.close()
    raise AssertionError("server never accepted a new client")


def _read_until(sock: socket.socket, pattern: bytes, timeout: float = 10.0) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while pattern not in data:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(4096)
        if not chunk:
            raise AssertionError(f"connection closed; got {data!r}")
        data += chunk
    return data


def test_output_goes_out_when_the_board_waits_however_long_the_transmitter_lingers(monkeypatch):
    # after each delivery the transmit thread waits a moment for more output (a flood's writes then
    # travel together); a board thread about to wait for an answer must not leave its reply in
    # that wait, or every deploy round trip pays it
    monkeypatch.setattr(uart, "LINGER", 60.0)
    delivered: list[bytes] = []
    arrived = threading.Condition()

    def deliver(data: bytes) -> None:
        with arrived:
            delivered.append(data)
            arrived.notify_all()

    queue = TxQueue(deliver)
    line = Uart()
    line.before_wait = queue.flush
    try:
        queue.put(b"OK")
        with arrived:
            assert arrived.wait_for(lambda: delivered == [b"OK"], timeout=10)
        queue.put(b"\x04>")                                    # the thread lingers: this waits
        assert line.wait(lambda: False, timeout=0.001) is False  # the board waits for input
        with arrived:
            assert arrived.wait_for(lambda: delivered == [b"OK", b"\x04>"], timeout=10)
    finally:
        queue.close()
