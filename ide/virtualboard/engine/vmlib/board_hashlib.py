# The firmware's `uhashlib` / `hashlib` (MicroPython, runs in the VM): the VM's sha256, and the
# ESP32 build's sha1 and md5 computed by the host (stdlib_services.py). Objects have update() and
# digest() only, as in MicroPython.
import hashlib as _hashlib
from binascii import unhexlify
from _vm import call
from haas_util import hexof

sha256 = _hashlib.sha256
CHUNK = 8192
__name__ = "uhashlib"


class _HostHash:
    _ALGORITHM = ""

    def __init__(self, data=None):
        self._h = call("hash.new", self._ALGORITHM)
        if data is not None:
            self.update(data)

    def update(self, data):
        view = memoryview(data.encode() if isinstance(data, str) else data)
        for start in range(0, len(view), CHUNK):
            call("hash.update", self._h, hexof(view[start:start + CHUNK]))

    def digest(self):
        return unhexlify(call("hash.digest", self._h))


class sha1(_HostHash):
    _ALGORITHM = "sha1"


class md5(_HostHash):
    _ALGORITHM = "md5"
