# Helpers the HaaS modules' MicroPython faces share (MicroPython, runs in the VM): buffers cross
# the bridge as hex text, and a host object is held by its integer handle.
from binascii import hexlify, unhexlify
from _vm import call, register, forget


def hexof(data):
    """Hex text of a buffer or str (TypeError for anything else, as the buffer protocol)."""
    return hexlify(data).decode()


def fill(buf, text):
    """Copy the host's hex `text` into `buf` (readinto); the number of bytes."""
    data = unhexlify(text)
    buf[:len(data)] = data
    return len(data)


class HostObject:
    """An object whose state lives on the host: `_call(name, *args)` runs its method there."""

    _PREFIX = ""
    _KIND = ""

    def __init__(self):
        self._h = call(self._PREFIX + ".new", self._KIND)

    def _call(self, name, *args):
        return call(self._PREFIX + ".call", self._h, name, *args)


def once(callback):
    """A handle for a callback the host calls once (a reply): it is forgotten when it runs."""
    handle = [0]

    def run(*args):
        forget(handle[0])
        callback(*args)
    handle[0] = register(run)
    return handle[0]
