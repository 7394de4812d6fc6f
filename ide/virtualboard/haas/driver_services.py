"""Host side of HaaS's `driver` module: peripherals opened by board.json node name, integer codes.

`open(node)` answers 0, or -4 when board.json has no node of that name *and type* (the ESP32
adapters look nodes up by both), or -6 when the object is already open. Methods of a closed
object answer -1 (GPIO: -6, as gpio.c does). Data methods return byte counts, as the ESP32
adapters do; an I2C address that nothing acknowledges raises `OSError: [Errno 19] ENODEV`, as
machine.I2C under the adapter does. Open objects are torn down (irq watchers, timers, PWM
outputs) when the boot ends.

The MicroPython face is `engine/vmlib/driver.py`: each of its objects holds one host object here
(`driver.new(kind)` -> handle) and calls its public methods through `driver.call(handle, name,
*args)`; buffers cross as hex, callbacks as `_vm.register` handles.
"""

from __future__ import annotations

import calendar
import time
from functools import partial
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import (ALREADY_OPEN, FAILED, NODE_NOT_FOUND, OK, Callback, HostTimer, add_objects,
                                          Watchdog, data_arg, i2c_read, i2c_write, int_arg, is_int, mem_address,
                                          node_config, optional_callback, size_arg)
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge

EDGES = {"rising": 1, "falling": 2, "both": 3}
ADC_FULL_SCALE_MV = (1100, 1500, 2200, 3300)  # by board.json "atten" 0..3 (0, 2.5, 6, 11 dB)


class _Peripheral:
    """What every driver object has: the board, its boot's bridge, and the methods the VM may call."""

    CALLS: frozenset[str] = frozenset()

    def __init__(self, board: "VirtualBoard", bridge: "Bridge") -> None:
        self._board = board
        self._bridge = bridge

    @property
    def _hw(self):
        return self._board.hardware


class _Driver(_Peripheral):
    """Common open/close life of a node-backed driver object."""

    KIND = ""
    CLOSED = FAILED
    CALLS = frozenset({"open", "close"})

    def __init__(self, board: "VirtualBoard", bridge: "Bridge") -> None:
        super().__init__(board, bridge)
        self._node: dict | None = None
        self._name: str | None = None

    @property
    def _port(self) -> int:
        return int(self._node["port"])  # type: ignore[index]

    def open(self, name: Any) -> int:
        if self._node is not None:
            return ALREADY_OPEN
        node = node_config(self._board, name, self.KIND)
        if node is None:
            return NODE_NOT_FOUND
        self._node, self._name = node, name
        self._setup(node)
        self._bridge.on_end(self._teardown)
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


class _Watching(_Driver):
    """A driver object with at most one outside watcher (an interrupt or receive callback)."""

    def _setup(self, node: dict) -> None:
        self._unwatch = None

    def _teardown(self) -> None:
        if getattr(self, "_unwatch", None):
            self._unwatch()
            self._unwatch = None


class GPIO(_Watching):
    KIND = "GPIO"
    CLOSED = ALREADY_OPEN
    CALLS = _Driver.CALLS | {"read", "write", "on", "port"}

    def _setup(self, node: dict) -> None:
        super()._setup(node)
        self._input = node.get("dir", "output") != "output"
        pull = node.get("pull")
        self._hw.configure_pin(self._port, "in" if self._input else "out",
                               pull if self._input and pull in ("pullup", "pulldown") else None, self._name)
        self._edge = EDGES.get(node.get("intMode"), 3)

    def read(self) -> int:
        return self.CLOSED if self._node is None else self._hw.read_pin(self._port)

    def port(self) -> int:
        """The pin number of the opened node (drivers for 1-Wire and WS2812 hand it to machine.Pin)."""
        return self.CLOSED if self._node is None else self._port

    def write(self, level: Any) -> int:
        if self._node is None:
            return self.CLOSED
        if not self._input:
            self._hw.write_pin(self._port, 1 if level else 0, self._name)
        return OK

    def on(self, handle: Any, edge: Any = None) -> int:
        if self._node is None:
            return self.CLOSED
        callback = optional_callback(self._board, handle)
        if callback is None:
            return -22
        self._teardown()
        mask = self._edge if edge is None else int_arg(edge, 0, 3, "edge")

        def edge_seen(old: int, new: int) -> None:
            if mask & (1 if new > old else 2):
                callback.fire(new)

        self._unwatch = self._hw.watch_pin(self._port, edge_seen)
        return OK


class I2C(_Driver):
    KIND = "I2C"
    CALLS = _Driver.CALLS | {"read", "write", "memRead", "memWrite"}

    def _setup(self, node: dict) -> None:
        addr = node.get("devAddr", 0xFF)
        self._addr = addr if is_int(addr) else 0xFF

    def read(self, size: Any) -> Any:
        if self._node is None:
            return FAILED
        return i2c_read(self._hw, self._port, self._addr, size_arg(size)).hex()

    def write(self, data: Any) -> int:
        if self._node is None:
            return FAILED
        payload = data_arg(data)
        i2c_write(self._hw, self._port, self._addr, payload)
        return len(payload)

    def memRead(self, size: Any, memaddr: Any, addrsize: Any = 8) -> Any:
        if self._node is None:
            return FAILED
        i2c_write(self._hw, self._port, self._addr, mem_address(memaddr, addrsize))
        return i2c_read(self._hw, self._port, self._addr, size_arg(size)).hex()

    def memWrite(self, data: Any, memaddr: Any, addrsize: Any = 8) -> int:
        if self._node is None:
            return FAILED
        payload = data_arg(data)
        i2c_write(self._hw, self._port, self._addr, mem_address(memaddr, addrsize) + payload)
        return len(payload)


class SPI(_Driver):
    """The SPI bus of board.json's `port`: the devices wired to it (an SH1106 display) see what
    the program writes; reads see what they answer (MISO pulled high, 0xFF, when nothing does)."""

    KIND = "SPI"
    CALLS = _Driver.CALLS | {"read", "write"}

    def read(self, size: Any) -> Any:
        return FAILED if self._node is None else self._hw.spi_read(self._port, size_arg(size)).hex()

    def write(self, data: Any) -> int:
        if self._node is None:
            return FAILED
        payload = data_arg(data)
        self._hw.spi_write(self._port, payload)
        return len(payload)


class UART(_Watching):
    """A peripheral UART: writes become "uart" events, the outside feeds what it receives."""

    KIND = "UART"
    CALLS = _Driver.CALLS | {"read", "write", "any", "setBaudRate", "on"}

    def _setup(self, node: dict) -> None:
        super()._setup(node)
        baud = node.get("baudRate", 115200)
        self._baud = baud if is_int(baud) else 115200

    def write(self, data: Any) -> int:
        if self._node is None:
            return FAILED
        payload = data_arg(data)
        self._hw.uart_write(self._port, payload, self._name)
        return len(payload)

    def read(self, size: Any) -> Any:
        if self._node is None:
            return FAILED
        return self._hw.uart_read(self._port, size_arg(size)).hex()

    def any(self) -> int:
        return FAILED if self._node is None else self._hw.uart_any(self._port)

    def setBaudRate(self, baud: Any) -> int:
        if self._node is None:
            return FAILED
        self._baud = int_arg(baud, 1, None, "baud rate")
        return OK

    def on(self, handle: Any) -> int:
        if self._node is None:
            return FAILED
        callback = Callback(self._board, handle)
        self._teardown()
        self._unwatch = self._hw.watch_uart(self._port, callback.fire)
        return OK


class ADC(_Driver):
    """Reads the raw 12-bit value the outside put on the channel; read() is in millivolts."""

    KIND = "ADC"
    CALLS = _Driver.CALLS | {"readRaw", "readVoltage", "read"}

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
    CALLS = _Driver.CALLS | {"setVol", "getVol"}

    def _setup(self, node: dict) -> None:
        self._mv = 0

    def setVol(self, millivolts: Any) -> int:
        if self._node is None:
            return FAILED
        self._mv = int_arg(millivolts, 0, 3300, "voltage")
        self._hw.set_dac(self._port, self._mv, self._name)
        return OK

    def getVol(self) -> int:
        return FAILED if self._node is None else self._mv


class PWM(_Driver):
    """setOption({'freq': Hz, 'duty': percent}) drives the pin; observers see "pwm" events."""

    KIND = "PWM"
    CALLS = _Driver.CALLS | {"setOption", "getOption"}

    def _setup(self, node: dict) -> None:
        self._freq, self._duty = 0, 0

    def _teardown(self) -> None:
        self._hw.stop_pwm(self._port, self._name)

    def setOption(self, option: Any) -> int:
        if not isinstance(option, dict):
            raise TypeError("option must be a dict")
        freq, duty = option.get("freq", self._freq), option.get("duty", self._duty)
        self._freq = int_arg(freq, 0, 40_000_000, "freq")
        if isinstance(duty, bool) or not isinstance(duty, (int, float)):
            raise TypeError("duty must be a number")
        self._duty = duty
        if self._node is None:
            return FAILED
        self._hw.set_pwm(self._port, self._freq, self._duty, self._name)
        return OK

    def getOption(self) -> Any:
        return FAILED if self._node is None else {"freq": self._freq, "duty": self._duty}


class TIMER(_Peripheral):
    """A software timer: open(period=ms, mode=, callback=), then start(); callback(timer)."""

    ONE_SHOT, PERIODIC = 1, 2
    CALLS = frozenset({"open", "start", "stop", "period", "ran"})

    def __init__(self, board: "VirtualBoard", bridge: "Bridge") -> None:
        super().__init__(board, bridge)
        self._period, self._mode, self._callback = 1000, self.PERIODIC, None
        self._timer: HostTimer | None = None

    def open(self, period: Any = 1000, mode: Any = 2, handle: Any = None) -> int:
        if mode not in (self.ONE_SHOT, self.PERIODIC):
            raise ValueError(f"Mode:{mode} value wrong")
        self._period = int_arg(period, 1, None, "period")
        self._mode, self._callback = mode, optional_callback(self._board, handle)
        return OK

    def start(self) -> int:
        self.stop()
        if self._callback is not None:
            self._timer = HostTimer(self._period / 1000, self._mode == self.PERIODIC, self._callback)
            self._bridge.on_end(self._timer.cancel)
        return OK

    def stop(self) -> int:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return OK

    def period(self, ms: Any = None) -> int:
        if ms is None:
            return self._period
        self._period = int_arg(ms, 1, None, "period")
        return self.start() if self._timer is not None else OK

    def ran(self) -> None:
        if self._timer is not None:
            self._timer.ran()


class WDT(_Driver):
    """Watchdog: not fed within board.json's `timeout` seconds, it fires (a "wdt" event)."""

    KIND = "WDT"
    CALLS = _Driver.CALLS | {"feed"}

    def _setup(self, node: dict) -> None:
        timeout = node.get("timeout", 3)
        timeout = timeout if isinstance(timeout, (int, float)) and timeout > 0 else 3
        self._dog = Watchdog(self._board, self._bridge, float(timeout), self._name)

    def _teardown(self) -> None:
        self._dog.cancel()

    def feed(self) -> int:
        if self._node is None:
            return FAILED
        self._dog.feed()
        return OK


class RTC(_Peripheral):
    """The board's clock (shared with utime): getTime() -> (year, month, day, hour, minute, second)."""

    CALLS = frozenset({"getTime", "setTime"})

    def _now(self) -> int:
        return int(time.time()) + self._board.clock_offset

    def getTime(self) -> list:
        return list(time.gmtime(self._now())[:6])

    def setTime(self, *fields: Any) -> int:
        if len(fields) != 6:
            raise TypeError("function takes 6 positional arguments")
        wanted = calendar.timegm(tuple(int_arg(f) for f in fields) + (0, 0, 0))
        self._board.clock_offset += wanted - self._now()
        return OK


class CAN(_Driver):
    """A CAN controller with nobody else on the bus: frames go out, none come in."""

    KIND = "CAN"
    CALLS = _Driver.CALLS | {"send", "receive"}

    def send(self, *args: Any) -> int:
        return FAILED if self._node is None else OK

    def receive(self, *args: Any) -> int:
        return FAILED


CLASSES = {cls.__name__: cls for cls in (GPIO, I2C, SPI, UART, ADC, DAC, PWM, TIMER, WDT, RTC, CAN)}


def install(bridge: "Bridge", board: "VirtualBoard") -> None:
    """`import driver` for one boot."""
    offer(bridge, board, "driver", "driver")
    add_objects(bridge, "driver", {name: partial(cls, board, bridge) for name, cls in CLASSES.items()})
