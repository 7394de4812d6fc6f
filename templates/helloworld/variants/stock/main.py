# Hello world for stock MicroPython: prints a line every second, a first check that the board
# runs your code. The board runs /main.py at every reset; no board.json is needed.
# 你好，世界（标准 MicroPython）：每秒打印一行，确认开发板能运行你的代码。

try:
    import time
except ImportError:  # the micro:bit's MicroPython 1.9 calls it utime
    import utime as time

print('helloworld: main loop')
count = 0
while True:
    count += 1
    print('Hello, MicroPython!', count)
    time.sleep(1)
