# The firmware's `micropython` module (MicroPython, runs in the VM): the VM's own, except that
# kbd_intr() tells the board's UART, which is where the interrupt character is acted on.
import micropython as _micropython
from _vm import call as _call

for _name in dir(_micropython):
    if not _name.startswith("__"):
        globals()[_name] = getattr(_micropython, _name)
del _name
__name__ = "micropython"


def kbd_intr(char):
    _call("board.kbd_intr", char)


def alloc_emergency_exception_buf(size):
    return None
