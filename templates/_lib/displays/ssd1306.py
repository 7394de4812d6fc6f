# display.py: the screen of this board: an SSD1306 OLED on the I2C node "ssd1306".
# 本开发板的屏幕：I2C 节点 "ssd1306" 上的 SSD1306 OLED。

from driver import I2C

from oled import SSD1306


def open_display():
    i2c = I2C()
    i2c.open('ssd1306')
    return SSD1306(i2c)
