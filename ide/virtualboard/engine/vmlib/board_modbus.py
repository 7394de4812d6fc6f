# HaaS's `modbus` (MicroPython, runs in the VM): Modbus RTU master (and slave frames) over the UART
# a board.json MODBUS node names, with the firmware's API. Results are status tuples: 0, or minus
# the status code (-4 slave exception, -7 no answer in time...). Register buffers hold each
# register as 2 bytes in the chip's byte order (little-endian), as the firmware's master copies them.
import struct
from binascii import hexlify, unhexlify
from _vm import call as _call

__name__ = "modbus"
PARITY_NONE = 0
PARITY_ODD = 1
PARITY_EVEN = 2


def init(node, *args):
    return _call("modbus.init", node)


def deinit(*args):
    return _call("modbus.deinit")


def _transact(slave, function, data, timeout):
    status, reply, code = _call("modbus.transact", slave, function, hexlify(data).decode(), timeout)
    return status, (unhexlify(reply) if reply else b""), code


def _write_one(function, slave, address, value, timeout):
    status, reply, code = _transact(slave, function, struct.pack(">HH", address, value), timeout)
    if len(reply) == 4:
        address, value = struct.unpack(">HH", reply)
        return (status, address, value, code)
    return (status, 0, 0, code)


def writeHoldingRegister(slave, address, value, timeout):
    return _write_one(6, slave, address, value & 0xFFFF, timeout)


def writeCoil(slave, address, value, timeout):
    return _write_one(5, slave, address, 0xFF00 if value else 0, timeout)


def _write_many(function, slave, start, quantity, data, timeout):
    request = struct.pack(">HHB", start, quantity, len(data)) + data
    status, reply, code = _transact(slave, function, request, timeout)
    if len(reply) == 4:
        return (status,) + struct.unpack(">HH", reply) + (code,)
    return (status, 0, 0, code)


def writeMultipleHoldingRegisters(slave, start, quantity, buf, timeout):
    if len(buf) < 2 * quantity:
        raise ValueError("bytearray size should not smaller than twice of reg_quantity")
    values = struct.unpack("<%dH" % quantity, bytes(buf[:2 * quantity]))
    return _write_many(16, slave, start, quantity, struct.pack(">%dH" % quantity, *values), timeout)


def writeMultipleCoils(slave, start, quantity, buf, timeout):
    size = (quantity + 7) // 8
    if len(buf) < size:
        raise ValueError("bytearray size should not smaller than the coils' bytes")
    return _write_many(15, slave, start, quantity, bytes(buf[:size]), timeout)


def _read(function, slave, start, quantity, buf, timeout, registers):
    need = 2 * quantity if registers else (quantity + 7) // 8
    if len(buf) < need:
        raise ValueError("bytearray size should not smaller than twice of reg_quantity")
    status, reply, code = _transact(slave, function, struct.pack(">HH", start, quantity), timeout)
    if status != 0 or not reply:
        return (status, 0)
    data = reply[1:1 + reply[0]]
    if registers:
        count = len(data) // 2
        data = struct.pack("<%dH" % count, *struct.unpack(">%dH" % count, data))
    buf[:len(data)] = data
    return (status, len(data))


def readHoldingRegisters(slave, start, quantity, buf, timeout):
    return _read(3, slave, start, quantity, buf, timeout, True)


def readInputRegisters(slave, start, quantity, buf, timeout):
    return _read(4, slave, start, quantity, buf, timeout, True)


def readCoils(slave, start, quantity, buf, timeout):
    return _read(1, slave, start, quantity, buf, timeout, False)


def readDiscreteInputs(slave, start, quantity, buf, timeout):
    return _read(2, slave, start, quantity, buf, timeout, False)


def recv():
    status, frame = _call("modbus.recv")
    return (status, unhexlify(frame) if frame is not None else None)


def send(slave, data, timeout=200):
    return tuple(_call("modbus.send", slave, hexlify(data).decode(), timeout))
