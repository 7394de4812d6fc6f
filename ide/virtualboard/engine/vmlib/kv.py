# HaaS `kv` (MicroPython, runs in the VM): persistent string items that survive resets and deploys
# (haas/kv_services.py keeps them in /data/.kv.json). set/get/remove are the newer short names.
from _vm import call


def setStorageSync(key, value):
    return call("kv.set", key, value)


def getStorageSync(key):
    return call("kv.get", key)


def removeStorageSync(key):
    return call("kv.remove", key)


set = setStorageSync
get = getStorageSync
remove = removeStorageSync
