# HaaS `driver` module (MicroPython, runs in the VM): peripherals opened by board.json node name,
# answering integer codes. The logic and state live on the host (haas/driver_services.py); each
# object here holds its host object, callbacks cross as `_vm.register` handles.
from _vm import register, forget
from haas_util import HostObject, hexof, fill


class _Driver(HostObject):
    _PREFIX = "driver"

    def __repr__(self):
        return "ModuleName(%s)" % self._KIND.lower()

    def open(self, name):
        return self._call("open", name)

    def close(self):
        return self._call("close")

    def _read_into(self, method, buf, *args):
        result = self._call(method, len(buf), *args)
        return result if isinstance(result, int) else fill(buf, result)


class _Callbacks(_Driver):
    """A driver object with one callback at a time."""

    _handler = 0

    def _listen(self, function, *args):
        if self._handler:
            forget(self._handler)
            self._handler = 0
        handle = register(function)
        result = self._call("on", handle, *args)
        if result == 0:
            self._handler = handle
        else:
            forget(handle)
        return result


class GPIO(_Callbacks):
    _KIND = "GPIO"
    RisingEdge = 1
    FallingEdge = 2

    def read(self):
        return self._call("read")

    def port(self):
        return self._call("port")

    def write(self, level):
        return self._call("write", level)

    def on(self, callback, edge=None):
        if callback is None:
            return self._call("on", None)
        return self._listen(callback, edge)


class I2C(_Driver):
    _KIND = "I2C"

    def read(self, buf):
        return self._read_into("read", buf)

    def write(self, buf):
        return self._call("write", hexof(buf))

    def memRead(self, buf, memaddr, addrsize=8):
        return self._read_into("memRead", buf, memaddr, addrsize)

    def memWrite(self, buf, memaddr, addrsize=8):
        return self._call("memWrite", hexof(buf), memaddr, addrsize)


class SPI(_Driver):
    _KIND = "SPI"

    def read(self, buf):
        return self._read_into("read", buf)

    def write(self, buf):
        return self._call("write", hexof(buf))

    def readAfterWrite(self, read_buf, write_buf):
        result = self.write(write_buf)
        return result if result < 0 else self.read(read_buf)


class UART(_Callbacks):
    _KIND = "UART"

    def read(self, buf):
        return self._read_into("read", buf)

    def write(self, buf):
        return self._call("write", hexof(buf))

    def any(self):
        return self._call("any")

    def setBaudRate(self, baud):
        return self._call("setBaudRate", baud)

    def on(self, callback):
        return self._listen(lambda: callback(self))


class ADC(_Driver):
    _KIND = "ADC"

    def read(self):
        return self._call("read")

    def readRaw(self):
        return self._call("readRaw")

    def readVoltage(self):
        return self._call("readVoltage")


class DAC(_Driver):
    _KIND = "DAC"

    def setVol(self, millivolts):
        return self._call("setVol", millivolts)

    def getVol(self):
        return self._call("getVol")


class PWM(_Driver):
    _KIND = "PWM"

    def setOption(self, option):
        return self._call("setOption", option)

    def getOption(self):
        return self._call("getOption")

    def setConfig(self, freq, duty):
        return self.setOption({"freq": freq, "duty": duty})

    def setFreq(self, freq):
        return self.setOption({"freq": freq})

    def setDuty(self, duty):
        return self.setOption({"duty": duty})

    def getFreq(self):
        option = self.getOption()
        return option if isinstance(option, int) else option["freq"]

    def getDuty(self):
        option = self.getOption()
        return option if isinstance(option, int) else float(option["duty"])


class TIMER(HostObject):
    """A software timer: open(period=ms, mode=, callback=), then start(); callback(timer)."""

    _PREFIX = "driver"
    _KIND = "TIMER"
    ONE_SHOT = 1
    PERIODIC = 2

    def __init__(self, timer_id=0):
        HostObject.__init__(self)
        self._id = timer_id
        self._callback = None
        self._handler = register(self._fire)

    def __repr__(self):
        return "TIMER(%d)" % self._id

    def _fire(self):
        self._call("ran")
        if self._callback is not None:
            self._callback(self)

    def open(self, period=1000, mode=2, callback=None):
        result = self._call("open", period, mode, self._handler if callback is not None else None)
        self._callback = callback
        return result

    def start(self):
        return self._call("start")

    def stop(self):
        return self._call("stop")

    close = stop
    reload = start

    def period(self, ms=None):
        return self._call("period", ms)


class WDT(_Driver):
    _KIND = "WDT"

    def feed(self):
        return self._call("feed")


class RTC(HostObject):
    """The board's clock, shared with utime."""

    _PREFIX = "driver"
    _KIND = "RTC"

    def open(self):
        return 0

    def close(self):
        return 0

    def getTime(self):
        return tuple(self._call("getTime"))

    def setTime(self, year, month, day, hour, minute, second):
        return self._call("setTime", year, month, day, hour, minute, second)


class CAN(_Driver):
    _KIND = "CAN"

    def send(self, *args):
        return self._call("send")

    def receive(self, *args):
        return self._call("receive")
