# wifi.py: joins a Wi-Fi network (HaaS EDU K1, HaaS200: the netmgr module).
# 连接 Wi-Fi（HaaS EDU K1、HaaS200：使用 netmgr 模块）。

import netmgr
import utime

CONNECTED = 5  # netmgr.getStatus() once the board has an IP address


def connect(ssid, password, timeout_s=20):
    """Join `ssid`; True once the board has an IP address, False after `timeout_s` seconds."""
    if not ssid:
        print('Wi-Fi: no network configured')
        return False
    netmgr.init()
    if netmgr.getStatus() != CONNECTED:
        print('Wi-Fi: connecting to', ssid)
        netmgr.connect(ssid, password)
        deadline = utime.ticks_add(utime.ticks_ms(), timeout_s * 1000)
        while netmgr.getStatus() != CONNECTED and utime.ticks_diff(deadline, utime.ticks_ms()) > 0:
            utime.sleep_ms(100)
    if netmgr.getStatus() == CONNECTED:
        print('Wi-Fi: connected')
        return True
    print('Wi-Fi: could not connect; check wifi_ssid and wifi_password in credentials.json')
    return False
