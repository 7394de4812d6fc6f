# Pin numbers for the firmware's device modules (MicroPython, runs in the VM): the modules take a
# machine.Pin as on the board (repr "Pin(4)"), or a GPIO number.


def pin_number(pin):
    if isinstance(pin, int):
        return pin
    ident = getattr(pin, "id", None)
    if callable(ident):
        return ident()
    text = repr(pin)
    if text.startswith("Pin(") and text[4:-1].isdigit():
        return int(text[4:-1])
    raise TypeError("expecting a pin")
