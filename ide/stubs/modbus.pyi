"""HaaS `modbus`: a Modbus RTU master on a UART (RS-485).

Open it with the MODBUS node of board.json, or (HaaS506 firmware) with the port settings:
init(port, baudrate, parity, timeout). Functions answer 0 on success or a negative code.
Register reads fill the given bytearray, two bytes per register.
"""

from typing import overload

@overload
def init(node: str) -> int:
    """Open the MODBUS node `node` of board.json."""
@overload
def init(port: int, baudrate: int, parity: int, timeout: int) -> int:
    """Open UART `port` (parity 0 none, 1 odd, 2 even; `timeout` in ms)."""
def deinit() -> int:
    """Close the Modbus port."""
def readHoldingRegisters(slave_addr: int, start_addr: int, quantity: int, buf: bytearray, timeout: int) -> int:
    """Read `quantity` holding registers from `start_addr` of device `slave_addr` into `buf`."""
def readInputRegisters(slave_addr: int, start_addr: int, quantity: int, buf: bytearray, timeout: int) -> int:
    """Read `quantity` input registers from `start_addr` of device `slave_addr` into `buf`."""
def readCoils(slave_addr: int, start_addr: int, quantity: int, buf: bytearray, timeout: int) -> int:
    """Read `quantity` coils from `start_addr` of device `slave_addr` into `buf`."""
def readDiscreteInputs(slave_addr: int, start_addr: int, quantity: int, buf: bytearray, timeout: int) -> int:
    """Read `quantity` discrete inputs from `start_addr` of device `slave_addr` into `buf`."""
def writeHoldingRegister(slave_addr: int, register_addr: int, value: int, timeout: int) -> int:
    """Write one holding register of device `slave_addr`."""
def writeMultipleHoldingRegisters(slave_addr: int, start_addr: int, quantity: int, data: bytes | bytearray,
                                  timeout: int) -> int:
    """Write `quantity` holding registers from `start_addr` with `data` (two bytes each)."""
def writeCoil(slave_addr: int, coil_addr: int, value: int, timeout: int) -> int:
    """Switch one coil of device `slave_addr` on (1) or off (0)."""
def writeMultipleCoils(slave_addr: int, start_addr: int, quantity: int, data: bytes | bytearray, timeout: int) -> int:
    """Write `quantity` coils from `start_addr` with the bits of `data`."""
