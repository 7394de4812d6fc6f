# What the firmware's builtins do differently from the VM's (MicroPython, runs in the VM):
# input() reads the board's UART with echo and line editing; help() prints the port's help and
# help('modules') the firmware's modules.
import builtins
import sys
from _vm import call as _call


def input(prompt=""):
    if prompt:
        print(prompt, end="")
    return _call("board.input")


def help(obj=None):
    if obj is None or obj == "modules":
        print(_call("board.help" if obj is None else "board.help_modules"), end="")
        return
    print("object", repr(obj), "is of type", type(obj).__name__)
    for name in dir(obj):
        if not name.startswith("__"):
            print(" ", name, "--", repr(getattr(obj, name, None)))


class _Builtins:
    """`import builtins` as the firmware has it: its own input() and help(), the VM's others
    (tools such as Thonny call builtins.help('modules'))."""

    input = staticmethod(input)
    help = staticmethod(help)

    def __getattr__(self, name):
        return getattr(builtins, name)

    def __setattr__(self, name, value):
        setattr(builtins, name, value)


builtins.input = input
builtins.help = help
sys.modules["builtins"] = _Builtins()
