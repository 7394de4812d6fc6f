"""Reading a board's output in big chunks on every kind of port, and Ctrl-C sent from another thread."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from ide.core.link.connection import Connection
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import Rfc2217Transport
from tests.conftest import RFC2217_CLIENT_WARNINGS

FLOOD = b"\x03\x03\x05i = 0\nwhile True:\n    i += 1\n    print('flood line', i)\n\x04"
BURST = 60_000


def wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    ready = threading.Event()
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        ready.wait(0.01)


@pytest.fixture
def sender():
    """A TCP server that sends one burst of BURST bytes when its client writes a byte (pyserial
    discards what arrives while it opens); `sent` is set once the burst is in the client's receive
    buffer (loopback delivers during sendall)."""
    server = socket.create_server(("127.0.0.1", 0))
    sent = threading.Event()

    def serve() -> None:
        client, _ = server.accept()
        client.recv(1)
        client.sendall(bytes(range(256)) * (BURST // 256) + b"x" * (BURST % 256))
        sent.set()
        sent.client = client  # kept open until the test ends

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"socket://127.0.0.1:{server.getsockname()[1]}", sent
    thread.join(5)
    getattr(sent, "client", server).close()
    server.close()


def test_a_burst_on_socket_is_taken_in_one_read_not_a_byte_at_a_time(sender):
    # pyserial's socket:// says at most 1 byte is waiting: reading that many crawled at 2 bytes a read
    url, sent = sender
    with Connection(url) as conn:
        conn.write(b"!")
        assert sent.wait(10)
        received, reads = bytearray(), 0
        while len(received) < BURST and reads < 100:
            received += conn.read_some(2.0)
            reads += 1
    assert received == bytes(range(256)) * (BURST // 256) + b"x" * (BURST % 256)
    assert reads <= 2


@pytest.mark.filterwarnings(RFC2217_CLIENT_WARNINGS)
def test_a_burst_on_rfc2217_is_taken_whole(tmp_path):
    board = VirtualBoard(fs_root=tmp_path / "fs")
    transport = Rfc2217Transport(board)
    board.start()
    try:
        with Connection(transport.name) as conn:
            conn.write(b"\x03\x03\x05print('y' * %d)\n\x04" % BURST)
            wait_for(lambda: conn._serial.in_waiting > BURST)   # all of it arrived in pyserial's queue
            data = conn.read_some(2.0)
        assert len(data) > BURST and b"y" * BURST in data
    finally:
        transport.close()
        board.close()


@pytest.mark.filterwarnings(RFC2217_CLIENT_WARNINGS)
def test_interrupt_from_another_thread_stops_a_flood_while_the_owner_reads(any_port):
    with Connection(any_port) as conn:
        conn.write(FLOOD)
        conn.read_until(b"flood line 1\r\n", 10)  # the output, not the echo of the code
        threading.Thread(target=conn.interrupt).start()   # Stop pressed while the owner follows the output
        conn.read_until(b"KeyboardInterrupt", 10, on_data=lambda _data: None)
        conn.read_until(b">>> ", 10)
        conn.write(b"print(6 * 7)\r")
        assert conn.read_until(b">>> ", 10).endswith(b"42\r\n>>> ")


def test_an_interrupt_is_sent_once():
    with Connection("loop://") as conn:
        conn.interrupt()
        conn.interrupt()
        assert conn.read_some(1.0) == b"\x03"
        assert conn.read_some(0.0) == b""
