# The firmware's `utime` / `time` (MicroPython, runs in the VM): the VM's own clock as HaaS Python
# v1.17 shows it: seconds since 2000-01-01, 8-tuples (no is_dst), ticks that wrap at 2**30, sleeps
# that run callbacks and stop on Ctrl-C. `localtime` applies the zone sntp.setTime() chose.
import time as _time

EPOCH_2000 = 946684800
sleep = _time.sleep
sleep_ms = _time.sleep_ms
sleep_us = _time.sleep_us
ticks_ms = _time.ticks_ms
ticks_us = _time.ticks_us
ticks_cpu = _time.ticks_cpu
ticks_add = _time.ticks_add
ticks_diff = _time.ticks_diff
_zone = [0]
__name__ = "utime"


def time():
    return int(_time.time()) - EPOCH_2000


def time_ns():
    return _time.time_ns() - EPOCH_2000 * 1000000000


def gmtime(secs=None):
    if secs is None:
        secs = time()
    return _time.gmtime(int(secs) + EPOCH_2000)[:8]


def localtime(secs=None):
    if secs is None:
        secs = time()
    return gmtime(int(secs) + _zone[0])


def mktime(local):
    return _time.mktime(tuple(local[:6]) + (0, 0)) - EPOCH_2000 - _zone[0]


def _set_zone(offset):
    _zone[0] = offset
