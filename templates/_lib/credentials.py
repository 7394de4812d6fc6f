# credentials.py: reads credentials.json, the Wi-Fi and cloud settings of this project.
# 读取 credentials.json（本项目的 Wi-Fi 和云端配置）。
#
# HaaS IDE writes credentials.json when it creates the project and keeps it out of git
# (.gitignore), so a shared copy of the project does not leak your passwords.

import ujson

# The board runs the project from /data/pyamp (or /sdcard/pyamp); the current folder is "/".
PLACES = ('/data/pyamp/', '/sdcard/pyamp/', '')


def load():
    """The settings as a dict ({} when credentials.json is missing or broken)."""
    for place in PLACES:
        try:
            with open(place + 'credentials.json') as f:
                text = f.read()
        except OSError:
            continue
        try:
            return ujson.loads(text)
        except ValueError:
            print('credentials.json is not valid JSON: running without Wi-Fi and cloud')
            return {}
    print('credentials.json not found: running without Wi-Fi and cloud')
    return {}


def is_placeholder(value):
    """True for a value still as the template wrote it ("your-...") or empty."""
    return not value or value.startswith('your-')
