# `webrepl` on the virtual board (MicroPython, runs in the VM): there is no network to serve it on.
__name__ = "webrepl"
_MESSAGE = "WebREPL is not available on the virtual board (it has no network); use the serial REPL"


def start(port=8266, password=None):
    print(_MESSAGE)


def start_foreground(port=8266, password=None):
    print(_MESSAGE)


def stop():
    pass
