# wifi.py: joins a Wi-Fi network (ESP32 family: MicroPython's network.WLAN).
# 连接 Wi-Fi（ESP32 系列：使用 MicroPython 的 network.WLAN）。

import network
import utime


def connect(ssid, password, timeout_s=20):
    """Join `ssid`; True once the board has an IP address, False after `timeout_s` seconds."""
    if not ssid:
        print('Wi-Fi: no network configured')
        return False
    wlan = network.WLAN(network.STA_IF)
    wlan.active(True)
    if not wlan.isconnected():
        print('Wi-Fi: connecting to', ssid)
        wlan.connect(ssid, password)
        deadline = utime.ticks_add(utime.ticks_ms(), timeout_s * 1000)
        while not wlan.isconnected() and utime.ticks_diff(deadline, utime.ticks_ms()) > 0:
            utime.sleep_ms(100)
    if wlan.isconnected():
        print('Wi-Fi: connected, IP address', wlan.ifconfig()[0])
        return True
    print('Wi-Fi: could not connect; check wifi_ssid and wifi_password in credentials.json')
    return False
