"""MicroPython `uzlib`: decompress zlib, gzip and raw DEFLATE data (no compression on v1.17)."""

from typing import Any

def decompress(data: bytes, wbits: int = 0, bufsize: int = 0) -> bytes:
    """Decompress `data`; `wbits` picks the format (see the zlib documentation)."""

class DecompIO:
    """Decompress a stream as it is read: DecompIO(open('f.gz', 'rb'), 31)."""

    def __init__(self, stream: Any, wbits: int = 0) -> None: ...
    def read(self, size: int = -1) -> bytes:
        """Up to `size` decompressed bytes."""
    def readinto(self, buf: bytearray) -> int:
        """Decompress into `buf`; returns the count."""
    def readline(self) -> bytes:
        """One decompressed line."""
