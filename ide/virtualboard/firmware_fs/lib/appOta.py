# HaaS firmware library: application OTA over the cloud (the virtual board has no OTA server).
def check(*args, **kwargs):
    return -1
