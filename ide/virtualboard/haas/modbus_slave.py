"""Modbus RTU on the virtual board's UARTs: slave devices that answer the board's requests.

A request frame the board sends on a UART port (address, function, data, CRC-16) reaches every
slave on that port; the addressed one answers with the frame the Modbus specification defines, as
bytes arriving on the port. Slaves hold coils, discrete inputs, holding and input registers
(unset ones read 0); the control channel adds slaves and sets their values. Functions: 01 read
coils, 02 read discrete inputs, 03 read holding registers, 04 read input registers, 05 write single
coil, 06 write single register, 15 write multiple coils, 16 write multiple registers. An unknown
function answers exception 01, an address range past 0xFFFF exception 02, a bad value exception 03.
Address 0 is a broadcast: every slave applies a write and none answers.
"""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware

TABLES = ("coils", "discrete", "holding", "input")
READS = {1: "coils", 2: "discrete", 3: "holding", 4: "input"}
ILLEGAL_FUNCTION, ILLEGAL_ADDRESS, ILLEGAL_VALUE = 1, 2, 3


def crc16(data: bytes) -> int:
    """Modbus CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF); sent low byte first."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def frame(pdu: bytes) -> bytes:
    """`pdu` (address and function included) with its CRC appended."""
    return pdu + struct.pack("<H", crc16(pdu))


def valid_frame(data: bytes) -> bool:
    return len(data) >= 4 and crc16(data[:-2]) == struct.unpack("<H", data[-2:])[0]


class ModbusError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class ModbusSlave:
    address: int
    tables: dict[str, dict[int, int]] = field(default_factory=lambda: {name: {} for name in TABLES})

    def answer(self, function: int, data: bytes) -> bytes:
        """The response PDU data for a request (without address), or raises ModbusError."""
        if function in READS:
            return self._read(READS[function], data)
        if function == 5:
            return self._write_coil(data)
        if function == 6:
            start, value = struct.unpack(">HH", data[:4])
            self.tables["holding"][start] = value
            return data[:4]
        if function in (15, 16):
            return self._write_many("coils" if function == 15 else "holding", data)
        raise ModbusError(ILLEGAL_FUNCTION)

    def _read(self, table: str, data: bytes) -> bytes:
        start, count = struct.unpack(">HH", data[:4])
        bits = table in ("coils", "discrete")
        if not 1 <= count <= (2000 if bits else 125):
            raise ModbusError(ILLEGAL_VALUE)
        if start + count > 0x10000:
            raise ModbusError(ILLEGAL_ADDRESS)
        values = [self.tables[table].get(start + i, 0) for i in range(count)]
        if bits:
            packed = bytes(sum((1 << j) for j in range(8) if i + j < count and values[i + j])
                           for i in range(0, count, 8))
        else:
            packed = b"".join(struct.pack(">H", v & 0xFFFF) for v in values)
        return bytes([len(packed)]) + packed

    def _write_coil(self, data: bytes) -> bytes:
        start, value = struct.unpack(">HH", data[:4])
        if value not in (0x0000, 0xFF00):
            raise ModbusError(ILLEGAL_VALUE)
        self.tables["coils"][start] = 1 if value else 0
        return data[:4]

    def _write_many(self, table: str, data: bytes) -> bytes:
        start, count, size = struct.unpack(">HHB", data[:5])
        payload = data[5:5 + size]
        if start + count > 0x10000:
            raise ModbusError(ILLEGAL_ADDRESS)
        if table == "coils":
            for i in range(count):
                self.tables[table][start + i] = (payload[i // 8] >> (i % 8)) & 1
        else:
            for i in range(count):
                self.tables[table][start + i] = struct.unpack_from(">H", payload, 2 * i)[0]
        return data[:4]

    def state(self) -> dict:
        return {name: {str(k): v for k, v in sorted(values.items())} for name, values in self.tables.items()}


class ModbusBuses:
    """Slaves by UART port and address."""

    def __init__(self, hardware: "Hardware") -> None:
        self._hardware = hardware
        self._lock = threading.Lock()
        self.slaves: dict[int, dict[int, ModbusSlave]] = {}

    def request(self, port: int, request: bytes) -> bytes | None:
        """The frame the slaves on `port` answer to `request` (a whole frame), None for silence."""
        if not valid_frame(request):
            return None
        address, function, data = request[0], request[1], request[2:-2]
        with self._lock:
            slaves = self.slaves.get(port, {})
            targets = list(slaves.values()) if address == 0 else [s for a, s in slaves.items() if a == address]
            replies = [self._answer(slave, function, data) for slave in targets]
        if function in (5, 6, 15, 16) and targets:
            self._hardware.emit("modbus", port=port, address=address, function=function,
                                slaves={str(s.address): s.state() for s in targets})
        if address == 0 or not replies:
            return None
        return frame(bytes([address]) + replies[0])

    @staticmethod
    def _answer(slave: ModbusSlave, function: int, data: bytes) -> bytes:
        try:
            return bytes([function]) + slave.answer(function, data)
        except ModbusError as error:
            return bytes([function | 0x80, error.code])
        except struct.error:
            return bytes([function | 0x80, ILLEGAL_VALUE])

    def set_values(self, port: int, address: int, values: dict[str, dict]) -> ModbusSlave:
        """Add slave `address` on `port` if needed and set `values` ({"holding": {"0": 1}, ...})."""
        if not 1 <= address <= 247:
            raise ValueError("a slave address is 1..247")
        unknown = set(values) - set(TABLES)
        if unknown:
            raise ValueError(f"unknown tables {', '.join(sorted(unknown))}; known: {', '.join(TABLES)}")
        with self._lock:
            slave = self.slaves.setdefault(port, {}).setdefault(address, ModbusSlave(address))
            for table, entries in values.items():
                for key, value in dict(entries).items():
                    slave.tables[table][int(key)] = int(value) & (1 if table in ("coils", "discrete") else 0xFFFF)
            state = slave.state()
        self._hardware.emit("modbus", port=port, address=address, function=0, slaves={str(address): state})
        return slave

    def detach(self, port: int, address: int) -> bool:
        with self._lock:
            return self.slaves.get(port, {}).pop(address, None) is not None

    def snapshot(self) -> dict:
        with self._lock:
            return {str(port): {str(a): s.state() for a, s in sorted(slaves.items())}
                    for port, slaves in sorted(self.slaves.items())}
