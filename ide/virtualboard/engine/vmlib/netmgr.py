# HaaS `netmgr` (MicroPython, runs in the VM): the EDU K1 style network manager over the board's
# simulated Wi-Fi (haas/net_services.py). getStatus() == 5 means connected.
from _vm import call, register


def init(*args):
    return 0


def deinit(*args):
    return 0


def connect(ssid, password=None):
    return call("netmgr.connect", ssid, password)


def disconnect(*args):
    return call("netmgr.disconnect")


def getStatus(*args):
    return call("netmgr.status")


def getInfo(*args):
    return call("netmgr.info")


def getType(*args):
    return 0


def register_call_back(kind, callback):
    return call("netmgr.register_call_back", kind, register(callback))


def autoReconnect(*args):
    return 0


def getChannelList(*args):
    return call("netmgr.channels")
