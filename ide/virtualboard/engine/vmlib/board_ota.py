# HaaS's `ota` (MicroPython, runs in the VM): application update from the cloud. The virtual board
# has no network, so download() ends with its callback getting -1; verify() checks a board file's
# sha256/md5 for real, upgrade() unpacks a zip from the board into the install folder, and each
# reports to the callback registered with on(1 trigger, 2 download, 3 verify, 4 upgrade).
import micropython
from _vm import call as _call

__name__ = "ota"
_callbacks = {}


def _report(kind, result):
    callback = _callbacks.get(kind)
    if callback is not None:
        micropython.schedule(callback, result)


def init(data):
    return 0 if isinstance(data, dict) else -1


def on(kind, callback):
    _callbacks[kind] = callback
    return 0


def download(data):
    if not isinstance(data, dict):
        return -1
    data["url"], data["store_path"]
    _report(2, -1)
    return 0


def verify(data):
    if not isinstance(data, dict):
        return -1
    _report(3, _call("ota.verify", data["store_path"], data["length"], data["hash_type"], data["hash"]))
    return 0


def report(data):
    return 0 if isinstance(data, dict) else -1


def upgrade(data):
    if not isinstance(data, dict):
        return -1
    _call("ota.install", data["store_path"], data["install_path"])
    _report(4, 0)
    return 0
