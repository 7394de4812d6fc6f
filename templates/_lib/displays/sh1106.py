# display.py: the screen of this board: the HaaS EDU K1's on-board SH1106 OLED on the SPI node
# "oled_spi", with its D/C and reset pins on the GPIO nodes "oled_dc" and "oled_res".
# 本开发板的屏幕：HaaS EDU K1 板载的 SH1106 OLED（SPI 节点 "oled_spi"，D/C 和复位引脚为 GPIO 节点 "oled_dc"、"oled_res"）。

from driver import GPIO, SPI

from oled import SH1106


def open_display():
    spi = SPI()
    spi.open('oled_spi')
    dc = GPIO()
    dc.open('oled_dc')
    res = GPIO()
    res.open('oled_res')
    return SH1106(spi, dc, res)
