# A fan program that forgot `import network`: it compiles, then stops with NameError on the board.
import utime
from driver import PWM

wlan = None


def join(ssid, password):
    global wlan
    wlan.active(True)
    wlan.connect(ssid, password)
    while not wlan.isconnected():
        utime.sleep_ms(500)


if __name__ == '__main__':
    wlan = network.WLAN(network.STA_IF)
    join('home', 'secret')
    fan = PWM()
    fan.open('fan')
    fan.setOption({'freq': 2000, 'duty': 50})
