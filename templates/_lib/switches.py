# switches.py: GPIO outputs that cloud properties switch, one property each (LEDs, relays, a buzzer).
# 由云端属性控制的 GPIO 输出，每个属性对应一个（LED、继电器、蜂鸣器）。
#
#   outputs = Switches({'airconditioner': blue_led, 'humidifier': green_led})   # opened GPIO objects
#   link = cloud.start(outputs.on_props)    # the cloud sets them; their new state is reported back
#   outputs.set('humidifier', 1)            # the program sets one itself


class Switches:
    def __init__(self, pins):
        self.pins = pins
        self.state = {}
        for key in pins:
            self.set(key, 0)

    def set(self, key, on):
        self.state[key] = 1 if on else 0
        self.pins[key].write(self.state[key])

    def on_props(self, props):
        for key in self.pins:
            if key in props:
                self.set(key, props[key])
                print('%s: %s' % (key, 'on' if self.state[key] else 'off'))
        return self.state
