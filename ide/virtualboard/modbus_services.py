"""Host side of HaaS's `modbus` module: a Modbus RTU master on the UART a board.json MODBUS node names.

A request goes out as a frame on that UART (observers see a "uart" event with its bytes); the
slaves on the port (`haas/modbus_slave.py`) answer with bytes arriving on the same UART, as would
a device the control channel plays (`uart_input`). The master waits for a whole answer until the
call's timeout and reports the firmware's status codes (0 ok, 4 slave exception, 6 bad frame,
7 no answer, 3 bad parameter; the module returns them negated). One master per boot, as the
firmware has; a reset frees it. Its MicroPython face is `engine/vmlib/board_modbus.py`.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from ide.virtualboard.device_services import checked_bytes, checked_int
from ide.virtualboard.engine.bridge import Bridge, BridgeError
from ide.virtualboard.firmware_catalogue import offer
from ide.virtualboard.haas.modbus_slave import frame, valid_frame
from ide.virtualboard.haas.pin_devices import pin_devices_of

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

MB_SUCCESS, MB_INVALID_SLAVE_ADDR, MB_INVALID_PARAM, MB_RESPOND_EXCEPTION = 0, 2, 3, 4
MB_RESPOND_FRAME_ERR, MB_RESPOND_TIMEOUT = 6, 7
NODE_NOT_FOUND = -4
FRAME_GAP = 0.005  # silence that ends a frame the board receives as a slave


class ModbusMaster:
    def __init__(self, board: "VirtualBoard") -> None:
        self.board = board
        self.hardware = board.hardware
        self.node: dict | None = None

    @property
    def port(self) -> int:
        return int(self.node["port"]) if self.node else -1

    def init(self, name: Any) -> int:
        if not isinstance(name, str):
            raise BridgeError("RuntimeError", "Should input 1 string argument")
        if self.node is not None:
            raise BridgeError("RuntimeError", "Device busy, deinit firstly")
        node = ((self.board.vm.board_config or {}).get("io") or {}).get(name)
        if not isinstance(node, dict) or node.get("type") != "MODBUS":
            return NODE_NOT_FOUND
        if node.get("mode", 0) == 1:
            return -errno.EOPNOTSUPP
        node = {"port": 1, "baudrate": 9600, "timeout": 200, **node}
        if not isinstance(node["port"], int):
            return NODE_NOT_FOUND
        self.node = node
        return MB_SUCCESS

    def deinit(self) -> int:
        if self.node is None:
            raise OSError(errno.EBADF, "modbus is not initialised")
        self.node = None
        return MB_SUCCESS

    def transact(self, slave: Any, function: Any, data: Any, timeout: Any) -> list:
        """[status (negated), response data after the function byte as hex or None, exception code]"""
        function = checked_int(function, 1, 127, "function")
        payload = checked_bytes(data)
        if self.node is None:
            return [-MB_INVALID_PARAM, None, 0]
        if not isinstance(slave, int) or not 0 <= slave <= 247:
            return [-MB_INVALID_SLAVE_ADDR, None, 0]
        self._send(frame(bytes([slave, function]) + payload))
        if slave == 0:
            return [MB_SUCCESS, None, 0]
        reply = self._receive(_answer_length, _seconds(timeout))
        if reply is None:
            return [-MB_RESPOND_TIMEOUT, None, 0]
        if not valid_frame(reply) or reply[0] != slave or reply[1] & 0x7F != function:
            return [-MB_RESPOND_FRAME_ERR, None, 0]
        if reply[1] & 0x80:
            return [-MB_RESPOND_EXCEPTION, None, reply[2]]
        return [MB_SUCCESS, reply[2:-2].hex(), 0]

    def _send(self, request: bytes) -> None:
        port = self.port
        self.hardware.uart_read(port, 1 << 16)  # what arrived before the request is not its answer
        self.hardware.uart_write(port, request)
        answer = pin_devices_of(self.hardware).modbus.request(port, request)
        if answer is not None:
            self.hardware.uart_input(port, answer)

    def _receive(self, length, seconds: float | None) -> bytes | None:
        """A whole frame from the port (`length(bytes so far)` says how long it is), or None."""
        port, hardware = self.port, self.hardware
        received = bytearray()

        def complete() -> bool:
            received.extend(hardware.uart_read(port, 256))
            wanted = length(bytes(received))
            return wanted is not None and len(received) >= wanted

        if not self.board.vm.wait_for(complete, seconds):
            return None
        return bytes(received[:length(bytes(received))])

    # -- the board as a slave ----------------------------------------------------------------
    def recv(self) -> list:
        if self.node is None:
            raise BridgeError("RuntimeError", "slave not inited")
        port, hardware = self.port, self.hardware
        seconds = _seconds(self.node.get("timeout", 200))
        if not self.board.vm.wait_for(lambda: hardware.uart_any(port) > 0, seconds):
            return [-MB_RESPOND_TIMEOUT, None]
        size = -1
        while hardware.uart_any(port) != size:  # the frame ends with a silence
            size = hardware.uart_any(port)
            self.board.vm.wait_for(lambda: False, FRAME_GAP)
        received = hardware.uart_read(port, size)
        if not valid_frame(received):
            return [-MB_RESPOND_FRAME_ERR, None]
        return [MB_SUCCESS, received.hex()]

    def send(self, slave: Any, data: Any, timeout: Any) -> list:
        if self.node is None:
            raise BridgeError("RuntimeError", "slave not inited")
        response = frame(bytes([checked_int(slave, 0, 247, "slave")]) + checked_bytes(data))
        self.hardware.uart_write(self.port, response)
        return [MB_SUCCESS, len(response)]


def _seconds(timeout: Any) -> float | None:
    if not isinstance(timeout, int) or isinstance(timeout, bool):
        raise TypeError("timeout must be an int")
    return None if timeout < 0 else timeout / 1000


def _answer_length(data: bytes) -> int | None:
    """The length of the answer frame starting with `data`, once its header says it."""
    if len(data) < 2:
        return None
    if data[1] & 0x80:
        return 5
    if data[1] in (1, 2, 3, 4):
        return None if len(data) < 3 else 5 + data[2]
    return 8


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    if not offer(bridge, board, "board_modbus", "modbus"):
        return
    master = ModbusMaster(board)
    bridge.add("modbus", {
        "init": master.init, "deinit": master.deinit, "transact": master.transact,
        "recv": master.recv, "send": master.send,
    })
