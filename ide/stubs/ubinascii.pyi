"""MicroPython `ubinascii`: conversions between binary data and hexadecimal or base64 text."""

def hexlify(data: bytes | bytearray, sep: str | bytes | None = None) -> bytes:
    """`data` as hexadecimal digits, optionally separated by `sep`."""
def unhexlify(data: str | bytes) -> bytes:
    """The bytes the hexadecimal `data` describes."""
def a2b_base64(data: str | bytes) -> bytes:
    """Decode base64 `data`."""
def b2a_base64(data: bytes | bytearray) -> bytes:
    """`data` encoded as base64, with a trailing newline."""
def crc32(data: bytes | bytearray, value: int = 0) -> int:
    """The CRC-32 of `data`, continuing from `value`."""
