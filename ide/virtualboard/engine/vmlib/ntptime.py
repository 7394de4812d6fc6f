# MicroPython's `ntptime` as the ESP32 firmware freezes it (MicroPython, runs in the VM): the time
# from an NTP server, in UTC (haas/time_services.py). Needs Wi-Fi.
from _vm import call

host = "pool.ntp.org"
timeout = 1


def time():
    return call("time.network_time")


def settime():
    call("time.sync")
