"""HaaS `driver` module: peripherals opened by board.json node name, answering integer codes.

`open(node)` returns 0, or -4 when board.json has no node of that name *and type* (the ESP32
adapters look nodes up by both), or -6 when the object is already open. Methods of a closed
object answer -1 (GPIO: -6, as gpio.c does). Data methods return byte counts, as the ESP32
adapters do; an I2C address that nothing acknowledges raises `OSError: [Errno 19] ENODEV`, as
machine.I2C under the adapter does. Each boot gets fresh classes bound to its `Vm`; open objects
are torn down (irq watchers, timers, PWM outputs) when the boot ends.
"""

from __future__ import annotations

import time
import types
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import (ALREADY_OPEN, FAILED, NODE_NOT_FOUND, OK, HostTimer, Watchdog,
                                          fill, i2c_read, i2c_write, mem_address, node_config, to_bytes)
from ide.virtualboard.modules import module_from

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

EDGES = {"rising": 1, "falling": 2, "both": 3}
ADC_FULL_SCALE_MV = (1100, 1500, 2200, 3300)  # by board.json "atten" 0..3 (0, 2.5, 6, 11 dB)


class _Driver:
    """Common open/close life of a node-backed driver object."""

    KIND = ""
    CLOSED = FAILED
    _vm: "Vm"

    def __init__(self) -> None:
        self._node: dict | None = None
        self._name: str | None = None

    def __repr__(self) -> str:
        return f"ModuleName({self.KIND.lower()})"

    @property
    def _hw(self):
        return self._vm.board.hardware

    @property
    def _port(self) -> int:
        return int(self._node["port"])  # type: ignore[index]

    def open(self, name: Any) -> int:
        if self._node is not None:
            return ALREADY_OPEN
        node = node_config(self._vm, name, self.KIND)
        if node is None:
            return NODE_NOT_FOUND
        self._node, self._name = node, name
        self._setup(node)
        self._vm.add_cleanup(self._teardown)
        return OK

    def close(self) -> int:
        if self._node is None:
            return self.CLOSED
        self._teardown()
        self._node = None
        return OK

    def _setup(self, node: dict) -> None:
        pass

    def _teardown(self) -> None:
        pass


class GPIO(_Driver):
    KIND = "GPIO"
    CLOSED = ALREADY_OPEN
    RisingEdge, FallingEdge = 1, 2

    def _setup(self, node: dict) -> None:
        self._input = node.get("dir", "output") != "output"
        pull = node.get("pull")
        self._hw.configure_pin(self._port, "in" if self._input else "out",
                               pull if self._input and pull in ("pullup", "pulldown") else None, self._name)
        self._edge = EDGES.get(node.get("intMode"), 3)
        self._unwatch = None

    def _teardown(self) -> None:
        if getattr(self, "_unwatch", None):
            self._unwatch()
            self._unwatch = None

    def read(self) -> int:
        return self.CLOSED if self._node is None else self._hw.read_pin(self._port)

    def write(self, level: int) -> int:
        if self._node is None:
            return self.CLOSED
        if not self._input:
            self._hw.write_pin(self._port, 1 if level else 0, self._name)
        return OK

    def on(self, callback: Any, edge: int | None = None) -> int:
        if self._node is None:
            return self.CLOSED
        if callback is None:
            return -22
        self._teardown()
        mask = self._edge if edge is None else int(edge)

        def edge_seen(old: int, new: int) -> None:
            if mask & (1 if new > old else 2):
                self._vm.schedule(callback, new)

        self._unwatch = self._hw.watch_pin(self._port, edge_seen)
        return OK


class I2C(_Driver):
    KIND = "I2C"

    def _setup(self, node: dict) -> None:
        self._addr = int(node.get("devAddr", 0xFF))

    def read(self, buf: Any) -> int:
        if self._node is None:
            return FAILED
        fill(buf, i2c_read(self._hw, self._port, self._addr, len(buf)))
        return len(buf)

    def write(self, buf: Any) -> int:
        if self._node is None:
            return FAILED
        i2c_write(self._hw, self._port, self._addr, to_bytes(buf))
        return len(buf)

    def memRead(self, buf: Any, memaddr: int, addrsize: int = 8) -> int:
        if self._node is None:
            return FAILED
        i2c_write(self._hw, self._port, self._addr, mem_address(memaddr, addrsize))
        fill(buf, i2c_read(self._hw, self._port, self._addr, len(buf)))
        return len(buf)

    def memWrite(self, buf: Any, memaddr: int, addrsize: int = 8) -> int:
        if self._node is None:
            return FAILED
        i2c_write(self._hw, self._port, self._addr, mem_address(memaddr, addrsize) + to_bytes(buf))
        return len(buf)


class SPI(_Driver):
    """A bus with nothing on it: writes go nowhere, reads see MISO pulled high (0xFF)."""

    KIND = "SPI"

    def read(self, buf: Any) -> int:
        return FAILED if self._node is None else fill(buf, b"\xff" * len(buf))

    def write(self, buf: Any) -> int:
        return FAILED if self._node is None else len(to_bytes(buf))

    def readAfterWrite(self, read_buf: Any, write_buf: Any) -> int:
        if self._node is None:
            return FAILED
        self.write(write_buf)
        return self.read(read_buf)


class UART(_Driver):
    """A peripheral UART: writes become "uart" events, the outside feeds what it receives."""

    KIND = "UART"

    def _setup(self, node: dict) -> None:
        self._baud = int(node.get("baudRate", 115200))
        self._unwatch = None

    def _teardown(self) -> None:
        if getattr(self, "_unwatch", None):
            self._unwatch()
            self._unwatch = None

    def write(self, buf: Any) -> int:
        if self._node is None:
            return FAILED
        data = to_bytes(buf)
        self._hw.uart_write(self._port, data, self._name)
        return len(data)

    def read(self, buf: Any) -> int:
        if self._node is None:
            return FAILED
        return fill(buf, self._hw.uart_read(self._port, len(buf)))

    def any(self) -> int:
        return FAILED if self._node is None else self._hw.uart_any(self._port)

    def setBaudRate(self, baud: int) -> int:
        if self._node is None:
            return FAILED
        self._baud = int(baud)
        return OK

    def on(self, callback: Any) -> int:
        if self._node is None:
            return FAILED
        self._teardown()
        self._unwatch = self._hw.watch_uart(self._port, lambda: self._vm.schedule(callback, self))
        return OK


class ADC(_Driver):
    """Reads the raw 12-bit value the outside put on the channel; read() is in millivolts."""

    KIND = "ADC"

    def _setup(self, node: dict) -> None:
        atten = node.get("atten", 3)
        self._full_scale = ADC_FULL_SCALE_MV[atten if atten in range(4) else 3]
        width = node.get("width", 3)
        self._shift = 3 - (width if width in range(4) else 3)

    def readRaw(self) -> int:
        return FAILED if self._node is None else self._hw.read_adc(self._port) >> self._shift

    def readVoltage(self) -> int:
        if self._node is None:
            return FAILED
        return self._hw.read_adc(self._port) * self._full_scale // 4095

    read = readVoltage


class DAC(_Driver):
    KIND = "DAC"

    def _setup(self, node: dict) -> None:
        self._mv = 0

    def setVol(self, millivolts: int) -> int:
        if self._node is None:
            return FAILED
        self._mv = int(millivolts)
        self._hw.set_dac(self._port, self._mv, self._name)
        return OK

    def getVol(self) -> int:
        return FAILED if self._node is None else self._mv


class PWM(_Driver):
    """setOption({'freq': Hz, 'duty': percent}) drives the pin; observers see "pwm" events."""

    KIND = "PWM"

    def _setup(self, node: dict) -> None:
        self._freq, self._duty = 0, 0

    def _teardown(self) -> None:
        self._hw.stop_pwm(self._port, self._name)

    def _apply(self) -> int:
        if self._node is None:
            return FAILED
        self._hw.set_pwm(self._port, self._freq, self._duty, self._name)
        return OK

    def setOption(self, option: dict) -> int:
        if not isinstance(option, dict):
            raise TypeError("option must be a dict")
        self._freq = int(option.get("freq", self._freq))
        self._duty = option.get("duty", self._duty)
        return self._apply()

    def getOption(self) -> Any:
        return FAILED if self._node is None else {"freq": self._freq, "duty": self._duty}

    def setConfig(self, freq: int, duty: float) -> int:
        return self.setOption({"freq": freq, "duty": duty})

    def setFreq(self, freq: int) -> int:
        return self.setOption({"freq": freq})

    def setDuty(self, duty: float) -> int:
        return self.setOption({"duty": duty})

    def getFreq(self) -> int:
        return FAILED if self._node is None else self._freq

    def getDuty(self) -> Any:
        return FAILED if self._node is None else float(self._duty)


class TIMER:
    """A software timer: open(period=ms, mode=, callback=), then start(); callback(timer)."""

    ONE_SHOT, PERIODIC = 1, 2
    _vm: "Vm"

    def __init__(self, timer_id: int = 0) -> None:
        self._id = timer_id
        self._period, self._mode, self._callback = 1000, self.PERIODIC, None
        self._timer: HostTimer | None = None

    def __repr__(self) -> str:
        return f"TIMER({self._id})"

    def open(self, period: int = 1000, mode: int = 2, callback: Any = None) -> int:
        if mode not in (self.ONE_SHOT, self.PERIODIC):
            raise ValueError(f"Mode:{mode} value wrong")
        self._period, self._mode, self._callback = int(period), mode, callback
        return OK

    def start(self) -> int:
        self.stop()
        if self._callback is not None:
            self._timer = HostTimer(self._vm, self._period / 1000, self._mode == self.PERIODIC,
                                    self._callback, self)
            self._vm.add_cleanup(self._timer.cancel)
        return OK

    def stop(self) -> int:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return OK

    close = stop

    def reload(self) -> int:
        return self.start()

    def period(self, ms: int | None = None) -> Any:
        if ms is None:
            return self._period
        self._period = int(ms)
        return self.start() if self._timer is not None else OK


class WDT(_Driver):
    """Watchdog: not fed within board.json's `timeout` seconds, it fires (a "wdt" event)."""

    KIND = "WDT"

    def _setup(self, node: dict) -> None:
        self._dog = Watchdog(self._vm, float(node.get("timeout", 3)), self._name)

    def _teardown(self) -> None:
        self._dog.cancel()

    def feed(self) -> int:
        if self._node is None:
            return FAILED
        self._dog.feed()
        return OK


class RTC:
    """The board's clock (shared with utime): getTime() -> (year, month, day, hour, minute, second)."""

    _vm: "Vm"

    def open(self) -> int:
        return OK

    def close(self) -> int:
        return OK

    def _now(self) -> int:
        return int(time.time()) + self._vm.board.clock_offset

    def getTime(self) -> tuple:
        return tuple(time.gmtime(self._now())[:6])

    def setTime(self, year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
        import calendar

        wanted = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
        self._vm.board.clock_offset += wanted - self._now()
        return OK


class CAN(_Driver):
    """A CAN controller with nobody else on the bus: frames go out, none come in."""

    KIND = "CAN"

    def send(self, *args: Any) -> int:
        return FAILED if self._node is None else OK

    def receive(self, *args: Any) -> int:
        return FAILED


CLASSES = (GPIO, I2C, SPI, UART, ADC, DAC, PWM, TIMER, WDT, RTC, CAN)


def make_driver(vm: "Vm") -> types.ModuleType:
    """The `driver` module for one boot: every class bound to `vm`."""
    bound = {cls.__name__: type(cls.__name__, (cls,), {"_vm": vm, "__module__": "driver"}) for cls in CLASSES}
    return module_from("driver", bound)
