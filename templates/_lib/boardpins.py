# boardpins.py: the pin number of a board.json node, for MicroPython modules that take a machine.Pin
# (neopixel, onewire) rather than a node name.
# 读取 board.json 中节点的引脚号，供需要 machine.Pin 的 MicroPython 模块（neopixel、onewire）使用。

import ujson

PLACES = ('/data/pyamp/board.json', '/sdcard/pyamp/board.json', 'board.json')


def port(name):
    """The "port" of node `name` in the board.json the board runs with; None when it is not there."""
    for place in PLACES:
        try:
            with open(place) as f:
                return ujson.loads(f.read())['io'][name]['port']
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None
