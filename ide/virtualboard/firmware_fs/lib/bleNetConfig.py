# HaaS firmware library: Wi-Fi provisioning over BLE (not available on the virtual board).
def start(*args, **kwargs):
    return -1
