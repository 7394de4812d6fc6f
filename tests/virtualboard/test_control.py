"""The control channel over real TCP sockets: events out, commands in, replies with their id."""

from __future__ import annotations

import json
import socket

import pytest

from ide.virtualboard.control import ControlServer, parse_address
from tests.served import served_board
from tests.virtualboard.test_haas_cloud import IDENTITY
from tests.virtualboard.test_haas_driver import NODES, configure

PROPS_TO_LED = f"""
import utime, ujson
from driver import GPIO
from aliyunIoT import Device
led = GPIO(); led.open('led')
def on_props(request):
    led.write(ujson.loads(request['params'])['ledSwitch'])
device = Device()
device.on(Device.ON_PROPS, on_props)
device.connect({IDENTITY})
while True:
    utime.sleep_ms(20)
"""


class Client:
    """A control-channel client: `request` returns the reply, keeping the events read meanwhile."""

    def __init__(self, address) -> None:
        self.sock = socket.create_connection(address, timeout=10)
        self.lines = self.sock.makefile("r", encoding="utf-8")
        self.events: list[dict] = []
        self._next_id = 0

    def send_line(self, text: str) -> None:
        self.sock.sendall(text.encode("utf-8") + b"\n")

    def read(self) -> dict:
        line = self.lines.readline()
        if not line:
            raise EOFError("control channel closed")
        return json.loads(line)

    def request(self, **command) -> dict:
        self._next_id += 1
        self.send_line(json.dumps({"id": self._next_id, **command}))
        return self.reply()

    def reply(self) -> dict:
        while True:
            message = self.read()
            if "event" not in message:
                return message
            self.events.append(message)

    def wait_event(self, **fields) -> dict:
        def matches(event: dict) -> bool:
            return all(event.get(k) == v for k, v in fields.items())

        while True:
            found = next((e for e in self.events if matches(e)), None)
            if found is not None:
                return found
            message = self.read()
            assert "event" in message, message
            self.events.append(message)

    def close(self) -> None:
        self.lines.close()
        self.sock.close()


@pytest.fixture
def connect(board):
    """A function opening a new client of a ControlServer serving the `board` fixture."""
    server = ControlServer(board.board, "127.0.0.1:0")
    clients: list[Client] = []

    def connect() -> Client:
        clients.append(Client(server.address))
        return clients[-1]

    yield connect
    for client in clients:
        client.close()
    server.close()


def test_subscribe_inject_and_read_the_reply(board, connect):
    client = connect()
    assert client.request(cmd="subscribe", events=["cloud", "pin"]) == {"id": 1, "ok": True, "events": ["cloud", "pin"]}
    configure(board, NODES, main=PROPS_TO_LED)
    client.wait_event(event="cloud", action="connect")
    assert client.request(cmd="inject_props", params={"ledSwitch": 1}) == {"id": 2, "ok": True, "delivered": 1}
    event = client.wait_event(event="pin", name="led")
    assert event == {"event": "pin", "name": "led", "pin": 2, "value": 1, "dir": "out"}
    assert {e["event"] for e in client.events} <= {"cloud", "pin"}
    board.send(b"\x03")
    board.expect(b">>> ")


def test_every_client_sees_events_and_only_its_own_replies(board, connect):
    first, second = connect(), connect()
    assert first.request(cmd="ping") == {"id": 1, "ok": True}
    assert second.request(cmd="ping") == {"id": 1, "ok": True}
    assert first.request(cmd="set_input", pin=4, value=1) == {"id": 2, "ok": True, "pin": 4}
    for client in (first, second):
        assert client.wait_event(event="pin", pin=4)["dir"] == "in"
    assert second.request(cmd="ping") == {"id": 2, "ok": True}


def test_board_events_reach_clients(board, connect):
    client = connect()
    client.request(cmd="ping")
    board.send(b"\x04")
    assert client.wait_event(event="boot")["count"] == 2


def test_bad_lines_and_commands_get_error_replies(board, connect):
    client = connect()
    client.send_line("{not json")
    assert client.reply() == {"ok": False, "error": "not a JSON line"}
    assert client.request(cmd="fly")["error"].startswith("unknown command 'fly'")
    assert client.request(cmd="set_input", pin=4) == {"id": 2, "ok": False, "error": "missing argument 'value'"}
    assert client.request(cmd="set_input", pin="nope", value=1)["ok"] is False
    assert client.request(cmd="subscribe", events=3)["ok"] is False
    client.send_line("[1, 2]")
    assert client.reply() == {"ok": False, "error": "a command must be a JSON object"}


def test_unsubscribed_client_gets_replies_only(board, connect):
    client = connect()
    assert client.request(cmd="unsubscribe") == {"id": 1, "ok": True}
    assert client.request(cmd="set_input", pin=5, value=1)["ok"]
    assert client.request(cmd="ping") == {"id": 3, "ok": True}
    assert client.events == []


def test_commands_change_and_report_hardware(board, connect):
    client = connect()
    client.request(cmd="unsubscribe")
    reply = client.request(cmd="set_environment", temperature=31.5, accel=[0, 1, 0])
    assert reply["environment"]["temperature"] == 31.5 and reply["environment"]["accel"] == [0.0, 1.0, 0.0]
    assert client.request(cmd="set_adc", port=3, mv=1650) == {"id": 3, "ok": True, "port": 3, "raw": 2048}
    assert client.request(cmd="wifi_add_ap", ssid="Lab", password="pw")["ok"]
    assert client.request(cmd="wifi_remove_ap", ssid="Lab") == {"id": 5, "ok": True, "removed": True}
    state = client.request(cmd="snapshot")["state"]
    assert state["environment"]["temperature"] == 31.5
    assert state["adc"] == {"3": 2048}
    assert [ap["ssid"] for ap in state["wifi"]["access_points"]] == ["HaaS-Virtual-AP", "HaaS-Virtual-WPA2"]
    assert {"addr": 68, "model": "SHT3x"} in state["i2c"]["0"]


def test_close_disconnects_clients(board):
    server = ControlServer(board.board, "127.0.0.1:0")
    client = Client(server.address)
    assert client.request(cmd="ping")["ok"]
    server.close()
    with pytest.raises(EOFError):
        client.read()
    client.close()
    assert server.clients == 0


def test_addresses():
    assert parse_address("127.0.0.1:0") == ("127.0.0.1", 0)
    assert parse_address("8765") == ("127.0.0.1", 8765)
    assert parse_address(":9") == ("127.0.0.1", 9)
    with pytest.raises(ValueError):
        parse_address("host:port")


def test_board_serve_prints_the_control_address():
    with served_board(["--socket", "127.0.0.1:0", "--control", "127.0.0.1:0"], header_lines=2) as served:
        assert served.lines[1].startswith("control: 127.0.0.1:")
        client = Client(parse_address(served.lines[1].split(" ", 1)[1]))
        try:
            client.request(cmd="unsubscribe")
            state = client.request(cmd="snapshot")["state"]
            assert state["wifi"]["status"] == "idle" and state["reset_cause"] == 1
        finally:
            client.close()
