# The firmware's `uzlib` / `zlib` (MicroPython, runs in the VM): MicroPython 1.17's decompression
# API over the VM's `deflate` module. wbits < 0: raw DEFLATE; 16 and up: gzip; otherwise a zlib
# stream (gzip accepted too). Bad data raises OSError(EINVAL), as uzlib does.
import deflate as _deflate
import errno as _errno
import io as _io

__name__ = "uzlib"


def _format(wbits):
    if wbits < 0:
        return _deflate.RAW
    return _deflate.GZIP if wbits >= 16 else _deflate.AUTO


class DecompIO:
    def __init__(self, stream, wbits=0):
        self._stream = _deflate.DeflateIO(stream, _format(wbits))

    def read(self, *size):
        try:
            return self._stream.read(*size)
        except OSError:
            raise OSError(_errno.EINVAL)

    def readinto(self, buf):
        try:
            return self._stream.readinto(buf)
        except OSError:
            raise OSError(_errno.EINVAL)

    def readline(self):
        try:
            return self._stream.readline()
        except OSError:
            raise OSError(_errno.EINVAL)


def decompress(data, wbits=0, bufsize=0):
    return DecompIO(_io.BytesIO(data), wbits).read()
