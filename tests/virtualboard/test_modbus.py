"""HaaS's modbus module on the virtual board: RTU frames on the UART a MODBUS node names, answered
by slave models the control channel sets up; a program written like HaaS's power-meter example."""

from __future__ import annotations

import json
import struct
import threading

import pytest

from ide.virtualboard.haas.modbus_slave import frame
from tests.virtualboard.boards import error, run, started

BOARD_JSON = {"name": "nodemcu32s", "version": "1.0.0", "io": {
    "mb1": {"type": "MODBUS", "mode": 0, "port": 2, "baudrate": 9600, "priority": 0, "timeout": 200, "parity": 2},
    "mbtcp": {"type": "MODBUS", "mode": 1, "port": 1}}}

METER = """
import modbus, struct

def to_float(buf):
    return struct.unpack('!f', bytes([buf[1], buf[0], buf[3], buf[2]]))[0]

class Meter:
    def __init__(self, node, address):
        if modbus.init(node) != 0:
            raise ValueError('Error: Modbus init error.')
        self.address = address

    def read(self, register):
        buf = bytearray(4)
        code = modbus.readInputRegisters(self.address, register, 2, buf, 200)
        return code[0], (to_float(buf) if code[0] == 0 else 0.0)

meter = Meter('mb1', 2)
print(meter.read(0x00), meter.read(0x100))
"""


@pytest.fixture
def board(tmp_path):
    app = tmp_path / "fs" / "data" / "pyamp"
    app.mkdir(parents=True)
    (app / "board.json").write_text(json.dumps(BOARD_JSON), encoding="utf-8")
    with started(tmp_path / "fs") as io:
        yield io


def registers_of(value: float) -> dict:
    high, low = struct.unpack(">HH", struct.pack(">f", value))
    return {"0": high, "1": low}


def uart_frames(io) -> list[str]:
    frames: list[str] = []
    io.board.events.subscribe(lambda e: e["event"] == "uart" and e["port"] == 2 and frames.append(e["hex"]))
    return frames


def test_a_power_meter_program_reads_float_registers_from_a_slave(board):
    hardware = board.board.hardware
    assert hardware.handle({"cmd": "modbus_slave", "port": 2, "address": 2,
                            "input": {"0": 0x4366, "1": 0x0000, "256": 0x4148, "257": 0x0000}})["ok"]
    frames = uart_frames(board)
    assert run(board, METER) == "(0, 230.0) (0, 12.5)\n"
    assert frames == [frame(bytes([2, 4, 0, 0, 0, 2])).hex(), frame(bytes([2, 4, 1, 0, 0, 2])).hex()]


def test_writes_reach_the_slave_and_are_reported(board):
    hardware = board.board.hardware
    hardware.handle({"cmd": "modbus_slave", "port": 2, "address": 1, "holding": {"0": 7}})
    events: list[dict] = []
    board.board.events.subscribe(lambda e: e["event"] == "modbus" and events.append(e))
    out = run(board, "import modbus\nmodbus.init('mb1')\nprint(modbus.writeHoldingRegister(1, 3, 0x1234, 200))\n"
                     "print(modbus.writeMultipleHoldingRegisters(1, 10, 2, bytearray([1, 0, 2, 0]), 200))\n"
                     "print(modbus.writeCoil(1, 5, 1, 200))\nbuf = bytearray(6)\n"
                     "print(modbus.readHoldingRegisters(1, 10, 2, buf, 200), buf[:4])\n"
                     "print(modbus.readCoils(1, 0, 8, buf, 200), buf[0])")
    assert out == ("(0, 3, 4660, 0)\n(0, 10, 2, 0)\n(0, 5, 65280, 0)\n(0, 4) bytearray(b'\\x01\\x00\\x02\\x00')\n"
                   "(0, 1) 32\n")
    state = hardware.handle({"cmd": "devices"})["devices"]["modbus"]["2"]["1"]
    assert state["holding"] == {"0": 7, "3": 0x1234, "10": 1, "11": 2} and state["coils"] == {"5": 1}
    assert [e["function"] for e in events] == [6, 16, 5]


def test_no_answer_a_slave_exception_and_bad_use_give_the_firmwares_codes(board):
    board.board.hardware.handle({"cmd": "modbus_slave", "port": 2, "address": 1, "holding": {}})
    out = run(board, "import modbus\nprint(modbus.readHoldingRegisters(1, 0, 1, bytearray(2), 100))\n"
                     "print(modbus.init('nothing'), modbus.init('mb1'))\n"
                     "print(modbus.readHoldingRegisters(9, 0, 1, bytearray(2), 50))\n"
                     "print(modbus.readHoldingRegisters(1, 0, 200, bytearray(400), 50))\n"
                     "print(modbus.writeHoldingRegister(1, 0, 5, 50))\n"
                     "print(modbus.writeHoldingRegister(0, 1, 9, 50))")
    assert out == "(-3, 0)\n-4 0\n(-7, 0)\n(-4, 0)\n(0, 0, 5, 0)\n(0, 0, 0, 0)\n"
    assert board.board.hardware.handle({"cmd": "devices"})["devices"]["modbus"]["2"]["1"]["holding"]["1"] == 9
    assert error(board, "import modbus\nmodbus.init('mb1')") == "RuntimeError: Device busy, deinit firstly"
    assert run(board, "import modbus\nprint(modbus.deinit(), modbus.init('mbtcp'))") == "0 -95\n"
    assert error(board, "import modbus\nmodbus.deinit()") == "OSError: [Errno 9] EBADF"


def test_the_board_as_a_slave_receives_a_masters_frame_and_answers(board):
    hardware = board.board.hardware
    frames = uart_frames(board)
    request = frame(bytes([3, 3, 0, 0, 0, 1]))

    def master() -> None:
        started_waiting.wait(10)
        hardware.handle({"cmd": "uart_input", "port": 2, "hex": request.hex()})

    started_waiting = threading.Event()
    marker = frame(bytes([0])).hex()
    board.board.events.subscribe(lambda e: e["event"] == "uart" and e.get("hex") == marker and started_waiting.set())
    thread = threading.Thread(target=master)
    thread.start()
    out = run(board, "import modbus\nmodbus.init('mb1')\nmodbus.send(0, b'', 10)\n"  # a marker frame
                     "status, data = modbus.recv()\nprint(status, data)\nprint(modbus.send(3, b'\\x03\\x02\\x00\\x2a', 200))")
    thread.join(10)
    assert out == f"0 {request!r}\n(0, 7)\n"
    assert frames[-1] == frame(bytes([3, 3, 2, 0, 0x2A])).hex()
