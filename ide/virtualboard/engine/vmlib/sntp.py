# HaaS `sntp` (MicroPython, runs in the VM): setTime([zone], [server]) sets the board's clock from
# the network and the zone utime.localtime() shows (haas/time_services.py). Needs Wi-Fi.
from _vm import call


def setTime(zone="CST-8", server="cn.pool.ntp.org"):
    offset = call("time.sync", zone)
    import utime
    utime._set_zone(offset)
