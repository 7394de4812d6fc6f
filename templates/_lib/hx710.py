# hx710.py: HX710B 24-bit pressure ADC (water-level sensors) read on two GPIO nodes, clock and data.
# HX710B 24 位压力传感器 ADC 驱动（水位传感器），时钟和数据两个 GPIO 节点。
#
#   clk = GPIO(); clk.open('hx710_clk'); data = GPIO(); data.open('hx710_data')
#   level = HX710(clk, data).read()   # raw 24-bit reading, None while the chip is not ready


class HX710:
    def __init__(self, clock, data):
        self._clock = clock
        self._data = data
        self._clock.write(0)

    def read(self):
        if self._data.read():         # DOUT stays high until a conversion is ready
            return None
        value = 0
        for _ in range(24):
            self._clock.write(1)
            value = (value << 1) | self._data.read()
            self._clock.write(0)
        self._clock.write(1)          # a 25th pulse: the next reading from the differential input
        self._clock.write(0)
        if value & 0x800000:
            value -= 0x1000000
        return value
