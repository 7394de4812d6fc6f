# HaaS `system` (MicroPython, runs in the VM): the firmware's version and a reboot of the chip
# (host side in haas/machine_services.py).
from _vm import call


def version_info():
    return call("system.version_info")


def reboot():
    call("system.reboot")
    while True:  # the board is resetting: this VM is stopped at its next branch
        pass
