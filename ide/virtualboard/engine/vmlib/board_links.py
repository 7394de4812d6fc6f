# MicroPython 1.17's weak links for the VM's own modules (MicroPython, runs in the VM): `import
# ctypes` finds `uctypes` on a firmware that has `uctypes`. The host lists the links this board
# needs (firmware_catalogue.py); the firmware's own modules carry their weak-link names already.
import sys
from _vm import call


def _link(alias, target):
    try:
        __import__(alias)
        return  # the VM has this name itself (`json`)
    except Exception:  # noqa: BLE001 - missing, or failing to load: never stop the boot
        pass
    try:
        sys.modules[alias] = __import__(target)
    except Exception:  # noqa: BLE001
        pass


for _alias, _target in call("firmware.links").items():
    _link(_alias, _target)
