# HaaS `http` (MicroPython, runs in the VM): there is no internet behind the virtual board's access
# point, so every request and download answers -1 (haas/net_services.py reports them as events).
from _vm import call


def _what(data):
    if not isinstance(data, dict):
        return None
    return {key: str(data[key]) for key in ("url", "method", "filepath") if key in data}


def request(data, callback=None):
    return call("http.request", _what(data))


def download(data, callback=None):
    return call("http.download", _what(data))
