"""The firmware's network modules on a board without a network: the errors an ESP32 gives when the
peer or the radio is absent, and never a connection to the host."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.virtualboard.boards import error, run, started


@pytest.fixture
def board(tmp_path):
    with started(tmp_path / "fs") as io:
        yield io


@pytest.fixture
def host_server():
    """A TCP server on the host's loopback that records every connection it gets."""
    server = socket.create_server(("127.0.0.1", 0))
    connections: list = []

    def accept() -> None:
        while True:
            try:
                connections.append(server.accept())
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    server.close()
    thread.join(5)


def join_wifi(io) -> None:
    wifi = io.board.hardware.wifi
    joined = threading.Event()
    unsubscribe = io.board.events.subscribe(lambda e: e.get("event") == "wifi" and wifi.status == "connected"
                                            and joined.set())
    wifi.connect("HaaS-Virtual-AP", "")
    assert joined.wait(10)
    unsubscribe()


def test_a_board_socket_never_reaches_a_server_on_the_host(board, host_server):
    port, connections = host_server
    for host in ("127.0.0.1", "localhost"):
        code = f"import socket\ns = socket.socket()\ns.connect(socket.getaddrinfo({host!r}, {port})[0][-1])"
        assert error(board, code) in ("OSError: [Errno 104] ECONNRESET", "OSError: -202")
    assert connections == []


def test_lookups_fail_and_connects_fail_as_without_wifi(board):
    assert run(board, "import usocket\nprint(usocket.getaddrinfo('10.0.0.7', 80))") == \
        "[(2, 1, 0, '', ('10.0.0.7', 80))]\n"
    assert error(board, "import usocket; usocket.getaddrinfo('iot.example.com', 1883)") == "OSError: -202"
    assert error(board, "import socket; socket.socket().connect(('10.0.0.7', 80))") == \
        "OSError: [Errno 113] EHOSTUNREACH"
    assert error(board, "import socket; s = socket.socket(); s.send(b'x')") == "OSError: [Errno 107] ENOTCONN"


def test_with_wifi_joined_a_connect_times_out_and_udp_leaves_into_the_void(board):
    join_wifi(board)
    assert error(board, "import socket\ns = socket.socket()\ns.settimeout(0.05)\ns.connect(('10.0.0.7', 80))"
                 ).endswith("] ETIMEDOUT")
    assert error(board, "import socket\ns = socket.socket()\ns.setblocking(False)\ns.connect(('10.0.0.7', 80))") == \
        "OSError: [Errno 115] EINPROGRESS"
    assert run(board, "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                      "print(s.sendto(b'ping', ('10.0.0.7', 9)))\ns.settimeout(0.02)\ntry:\n"
                      "    s.recvfrom(10)\nexcept OSError as e:\n    import errno; print(e.args[0] == errno.ETIMEDOUT)") == "4\nTrue\n"


def test_umqtt_simple_connect_fails_like_its_socket_and_robust_keeps_retrying(board):
    assert error(board, "from umqtt.simple import MQTTClient\nMQTTClient('dev', 'broker.example.com').connect()") == \
        "OSError: -202"
    assert error(board, "import umqtt.simple\numqtt.simple.MQTTClient('dev', '10.0.0.9').connect()") == \
        "OSError: [Errno 113] EHOSTUNREACH"
    board.raw()
    board.send("from umqtt.robust import MQTTClient\nc = MQTTClient('dev', '10.0.0.9')\nc.DELAY = 0\nc.DEBUG = True\n"
               "c.reconnect()\x04")
    board.expect(b"OK")
    board.expect(b"mqtt reconnect: OSError(113,)")
    board.expect(b"mqtt reconnect: OSError(113,)")
    board.send(b"\x03")
    assert b"KeyboardInterrupt" in board.expect(b"\x04>")


def test_ssl_and_bluetooth_report_what_is_missing(board):
    assert error(board, "import ssl, socket; ssl.wrap_socket(socket.socket())") == "OSError: [Errno 107] ENOTCONN"
    assert run(board, "import bluetooth, ubluetooth\nble = bluetooth.BLE()\nprint(ble is ubluetooth.BLE(), "
                      "ble.active(), ubluetooth.UUID(0x180F))") == "True False UUID(0x180f)\n"
    assert error(board, "import ubluetooth; ubluetooth.BLE().active(True)") == "OSError: [Errno 19] ENODEV"
    assert error(board, "import ubluetooth; ubluetooth.BLE().gap_advertise(100)") == "OSError: [Errno 19] ENODEV"
