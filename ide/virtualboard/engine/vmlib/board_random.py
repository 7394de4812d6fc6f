# The firmware's `urandom` / `random` (MicroPython, runs in the VM): the VM's generator, seeded
# by the host (the VM's own seeding reads a /dev/urandom the board has not: its first import
# fails, the second finds the module).
from _vm import call

try:
    import random as _random
except OSError:
    import random as _random

_random.seed(call("random.seed"))
for _name in dir(_random):
    if not _name.startswith("__"):
        globals()[_name] = getattr(_random, _name)
del _name
__name__ = "urandom"
