# Hello world: prints a line every second, the smallest HaaS Python program.
# 你好，世界：每秒打印一行，最小的 HaaS Python 程序。

import utime

print('helloworld: main loop')
count = 0
while True:
    count += 1
    print('Hello, HaaS!', count)
    utime.sleep(1)
