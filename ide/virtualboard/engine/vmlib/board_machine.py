# The firmware's `machine` / `umachine` (MicroPython, runs in the VM): the ESP32 port's classes over
# the board's hardware models (haas/machine_services.py), plus the VM's own mem8/mem16/mem32,
# Signal and time_pulse_us. Pin is a machine.PinBase, so Signal and time_pulse_us use it.
import machine as _machine
from binascii import unhexlify
from _vm import call, register, forget
from haas_util import hexof, fill

mem8 = _machine.mem8
mem16 = _machine.mem16
mem32 = _machine.mem32
Signal = _machine.Signal
time_pulse_us = _machine.time_pulse_us
idle = _machine.idle
PWRON_RESET = 1
HARD_RESET = 2
WDT_RESET = 3
DEEPSLEEP_RESET = 4
SOFT_RESET = 5
__name__ = "machine"


def _id(pin):
    return pin.id() if isinstance(pin, Pin) else pin


class Pin(_machine.PinBase):
    IN = 1
    OUT = 3
    OPEN_DRAIN = 7
    PULL_UP = 1
    PULL_DOWN = 2
    PULL_HOLD = 4
    IRQ_RISING = 1
    IRQ_FALLING = 2
    WAKE_LOW = 4
    WAKE_HIGH = 5

    def __init__(self, id, mode=-1, pull=-1, *, value=None):
        self._id = _id(id)
        self._irq = 0
        self.init(mode, pull, value=value)

    def init(self, mode=-1, pull=-1, *, value=None):
        call("machine.pin_init", self._id, mode, pull, value)

    def __repr__(self):
        return "Pin(%d)" % self._id

    def id(self):
        return self._id

    def value(self, level=None):
        return call("machine.pin_value", self._id, level)

    __call__ = value

    def on(self):
        call("machine.pin_value", self._id, 1)

    def off(self):
        call("machine.pin_value", self._id, 0)

    def irq(self, handler=None, trigger=3, wake=None, hard=False):
        if self._irq:
            forget(self._irq)
            self._irq = 0
        if handler is not None:
            self._irq = register(lambda: handler(self))
        call("machine.pin_irq", self._id, self._irq or None, trigger)
        return _Irq(trigger)


class _Irq:
    def __init__(self, trigger):
        self._trigger = trigger

    def trigger(self, value=None):
        return self._trigger


class ADC:
    ATTN_0DB = 0
    ATTN_2_5DB = 1
    ATTN_6DB = 2
    ATTN_11DB = 3
    WIDTH_9BIT = 0
    WIDTH_10BIT = 1
    WIDTH_11BIT = 2
    WIDTH_12BIT = 3

    def __init__(self, pin):
        self._channel = call("machine.adc_channel", _id(pin))
        self._width = 3

    def read(self):
        return call("machine.adc_read", self._channel, self._width)

    def read_u16(self):
        return call("machine.adc_read_u16", self._channel)

    def atten(self, value):
        pass

    def width(self, value):
        if value not in (0, 1, 2, 3):
            raise ValueError("invalid width")
        self._width = value


class PWM:
    def __init__(self, pin, freq=5000, duty=512):
        self._pin = _id(pin)
        self._freq = freq
        self._duty = duty
        self._apply()

    def _apply(self):
        call("machine.pwm_set", self._pin, self._freq, self._duty)

    def freq(self, value=None):
        if value is None:
            return self._freq
        self._freq = value
        self._apply()

    def duty(self, value=None):
        if value is None:
            return self._duty
        self._duty = max(0, min(1023, int(value)))
        self._apply()

    def duty_u16(self, value=None):
        if value is None:
            return self._duty * 65535 // 1023
        self.duty(int(value) * 1023 // 65535)

    def deinit(self):
        call("machine.pwm_stop", self._pin)


class I2C:
    def __init__(self, id=0, *, scl=None, sda=None, freq=400000, timeout=50000):
        self._bus = id if isinstance(id, int) else 0

    def scan(self):
        return call("machine.i2c_scan", self._bus)

    def writeto(self, addr, buf, stop=True):
        return call("machine.i2c_writeto", self._bus, addr, hexof(buf))

    def writevto(self, addr, vector, stop=True):
        return self.writeto(addr, b"".join(bytes(part) for part in vector))

    def readfrom(self, addr, nbytes, stop=True):
        return unhexlify(call("machine.i2c_readfrom", self._bus, addr, nbytes))

    def readfrom_into(self, addr, buf, stop=True):
        fill(buf, call("machine.i2c_readfrom", self._bus, addr, len(buf)))

    def readfrom_mem(self, addr, memaddr, nbytes, *, addrsize=8):
        return unhexlify(call("machine.i2c_readfrom_mem", self._bus, addr, memaddr, nbytes, addrsize))

    def readfrom_mem_into(self, addr, memaddr, buf, *, addrsize=8):
        fill(buf, call("machine.i2c_readfrom_mem", self._bus, addr, memaddr, len(buf), addrsize))

    def writeto_mem(self, addr, memaddr, buf, *, addrsize=8):
        call("machine.i2c_writeto_mem", self._bus, addr, memaddr, hexof(buf), addrsize)


class SoftI2C(I2C):
    def __init__(self, scl=None, sda=None, *, freq=400000, timeout=50000):
        I2C.__init__(self, 0)


class SPI:
    """An SPI controller with nothing wired to it: writes go out, reads see an idle MISO line
    (0xFF). HaaS boards' SPI devices are driver.SPI nodes of board.json."""
    MSB = 0
    LSB = 1

    def __init__(self, id=1, baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=0,
                 sck=None, mosi=None, miso=None):
        self._id = id
        self.init(baudrate, polarity=polarity, phase=phase, bits=bits, firstbit=firstbit)

    def init(self, baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=0,
             sck=None, mosi=None, miso=None):
        if bits != 8:
            raise ValueError("bits must be 8")
        self._baudrate = baudrate

    def deinit(self):
        pass

    def read(self, nbytes, write=0x00):
        return b"\xff" * nbytes

    def readinto(self, buf, write=0x00):
        for i in range(len(buf)):
            buf[i] = 0xFF

    def write(self, buf):
        return None

    def write_readinto(self, write_buf, read_buf):
        if len(write_buf) != len(read_buf):
            raise ValueError("buffers must be the same length")
        self.readinto(read_buf)

    def __repr__(self):
        return "SPI(id=%d, baudrate=%d)" % (self._id, self._baudrate)


class SoftSPI(SPI):
    def __init__(self, baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=0,
                 sck=None, mosi=None, miso=None):
        SPI.__init__(self, -1, baudrate, polarity=polarity, phase=phase, bits=bits, firstbit=firstbit)


class UART:
    def __init__(self, id, baudrate=115200, **kwargs):
        self._port = id
        self._baud = baudrate
        call("machine.uart_any", id)  # checks the id

    def init(self, baudrate=115200, **kwargs):
        self._baud = baudrate

    def deinit(self):
        pass

    def write(self, buf):
        return call("machine.uart_write", self._port, hexof(buf))

    def any(self):
        return call("machine.uart_any", self._port)

    def read(self, nbytes=-1):
        return unhexlify(call("machine.uart_read", self._port, nbytes)) or None

    def readinto(self, buf):
        return fill(buf, call("machine.uart_read", self._port, len(buf))) or None

    def readline(self):
        return unhexlify(call("machine.uart_readline", self._port)) or None


class Timer:
    ONE_SHOT = 0
    PERIODIC = 1

    def __init__(self, id, **kwargs):
        self._id = id
        self._timer = 0
        self._handler = 0
        if kwargs:
            self.init(**kwargs)

    def __repr__(self):
        return "Timer(%d)" % self._id

    def init(self, *, mode=1, period=-1, freq=-1, callback=None):
        self.deinit()
        if callback is None:
            return
        seconds = 1 / freq if freq > 0 else period / 1000

        def fire():
            call("machine.timer_ran", self._timer)
            callback(self)
        self._handler = register(fire)
        self._timer = call("machine.timer_start", self._handler, seconds, mode == Timer.PERIODIC)

    def deinit(self):
        if self._timer:
            call("machine.timer_stop", self._timer)
            forget(self._handler)
            self._timer = self._handler = 0

    def value(self):
        return 0


class WDT:
    def __init__(self, id=0, timeout=5000):
        self._dog = call("machine.wdt_start", timeout)

    def feed(self):
        call("machine.wdt_feed", self._dog)


class RTC:
    def datetime(self, value=None):
        if value is None:
            return tuple(call("machine.rtc_datetime"))
        call("machine.rtc_datetime", tuple(value))

    init = datetime


def freq(value=None):
    return call("machine.freq", value)


def reset():
    call("machine.reset")
    while True:  # the board is resetting: this VM is stopped at its next branch
        pass


def soft_reset():
    call("machine.soft_reset")
    raise SystemExit


def deepsleep(ms=0):
    reset()


def lightsleep(ms=0):
    import utime
    utime.sleep_ms(ms)


sleep = lightsleep


def unique_id():
    return unhexlify(call("machine.unique_id"))


def reset_cause():
    return call("machine.reset_cause")


def disable_irq():
    return 0


def enable_irq(state=0):
    pass
