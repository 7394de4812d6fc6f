# The firmware's `urandom` / `random` (MicroPython, runs in the VM): MicroPython 1.17's API with
# its extra functions, over a xorshift32 generator seeded from the host at import, as the chip's
# hardware RNG seeds it at boot. (The VM's own `random` cannot seed itself under WASI.)
from _vm import call as _call

__name__ = "urandom"
_state = [1]


def seed(n=None):
    """Restart the sequence from `n` (None: a new seed from the board's RNG)."""
    if n is None:
        n = _call("random.seed")
    n = int(n) & 0xFFFFFFFF
    _state[0] = n or 0x9E3779B9  # xorshift never leaves 0


def _next32():
    x = _state[0]
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    _state[0] = x
    return x


def getrandbits(n):
    if not 1 <= n <= 32:
        raise ValueError("bits must be 1-32")
    return _next32() >> (32 - n)


def _below(n):
    """A uniform integer in [0, n) (n > 0), by rejection."""
    bits = 1
    while (1 << bits) < n:
        bits += 1
    while True:
        value = 0
        for _ in range(0, bits, 32):
            value = (value << 32) | _next32()
        value &= (1 << bits) - 1
        if value < n:
            return value


def randrange(start, stop=None, step=1):
    if stop is None:
        start, stop = 0, start
    if step > 0:
        count = (stop - start + step - 1) // step
    elif step < 0:
        count = (stop - start + step + 1) // step
    else:
        raise ValueError("zero step")
    if count <= 0:
        raise ValueError("empty range")
    return start + step * _below(count)


def randint(a, b):
    if b < a:
        raise ValueError("empty range")
    return a + _below(b - a + 1)


def choice(sequence):
    if not len(sequence):
        raise IndexError("empty sequence")
    return sequence[_below(len(sequence))]


def random():
    return (_next32() >> 8) / 16777216.0


def uniform(a, b):
    return a + (b - a) * random()


seed()
