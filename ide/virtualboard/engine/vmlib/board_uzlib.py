# The firmware's `uzlib` / `zlib` (MicroPython, runs in the VM): MicroPython 1.17's decompressor
# API over the VM's `deflate` module. `wbits` as in 1.17: 0 or 8..15 a zlib stream, -8..-15 raw
# DEFLATE, 24..31 (16 + window) a gzip stream.
import deflate as _deflate
import io as _io

__name__ = "uzlib"


def _format(wbits):
    if wbits < 0:
        return _deflate.RAW, -wbits
    if wbits >= 16:
        return _deflate.GZIP, wbits - 16
    return _deflate.ZLIB, wbits


class DecompIO:
    """A stream of the decompressed data read from `stream`."""

    def __init__(self, stream, wbits=0):
        form, window = _format(wbits)
        self._stream = _deflate.DeflateIO(stream, form, window)

    def read(self, *size):
        return self._checked(self._stream.read, *size)

    def readinto(self, buf, *size):
        return self._checked(self._stream.readinto, buf, *size)

    def readline(self, *size):
        return self._checked(self._stream.readline, *size)

    @staticmethod
    def _checked(method, *args):
        try:
            return method(*args)
        except OSError as exc:  # corrupt data: 1.17 reports it as ValueError
            raise ValueError(exc.args[0] if exc.args else "corrupt data")


def decompress(data, wbits=0, bufsize=0):
    return DecompIO(_io.BytesIO(data), wbits).read()
