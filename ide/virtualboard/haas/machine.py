"""MicroPython 1.17's `machine` module for the virtual ESP32, on the same `Hardware` as `driver`.

Pin, ADC, PWM, I2C/SoftI2C, UART, Timer, WDT and RTC follow the ESP32 port's behaviour where
programs notice it: valid GPIO numbers only, GPIO 34-39 input-only, ADC only on ADC1 pins (keyed
by channel in Hardware), PWM duty 0..1023, I2C errors as `OSError: [Errno 19] ENODEV`, irq and
timer handlers run through `vm.schedule`. soft_reset() sets `vm.soft_reset_requested` and raises
SystemExit (the REPL then soft-reboots); reset() does the same with `MachineReset`, a SystemExit
subclass a board can tell apart to show a full hard reset.
"""

from __future__ import annotations

import time
import types
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import (DEEPSLEEP_RESET, HARD_RESET, PWRON_RESET, SOFT_RESET, WDT_RESET, HostTimer,
                                          Watchdog, fill, i2c_read, i2c_write, mem_address, to_bytes)
from ide.virtualboard.haas.hardware import MachineReset
from ide.virtualboard.haas.net import mac_address
from ide.virtualboard.modules import module_from

if TYPE_CHECKING:
    from ide.virtualboard.runtime import Vm

VALID_PINS = frozenset([*range(0, 20), 21, 22, 23, 25, 26, 27, *range(32, 40)])
ADC_CHANNELS = {36: 0, 37: 1, 38: 2, 39: 3, 32: 4, 33: 5, 34: 6, 35: 7}
FREQUENCIES = (20_000_000, 40_000_000, 80_000_000, 160_000_000, 240_000_000)


class _Bound:
    _vm: "Vm"

    @property
    def _hw(self):
        return self._vm.board.hardware


class Pin(_Bound):
    IN, OUT, OPEN_DRAIN = 1, 3, 7
    PULL_UP, PULL_DOWN, PULL_HOLD = 1, 2, 4
    IRQ_RISING, IRQ_FALLING = 1, 2
    WAKE_LOW, WAKE_HIGH = 4, 5

    def __init__(self, pin: Any, mode: int = -1, pull: int = -1, *, value: Any = None) -> None:
        pin = pin.id() if isinstance(pin, Pin) else pin
        if not isinstance(pin, int) or pin not in VALID_PINS:
            raise ValueError("invalid pin")
        self._pin, self._unwatch = pin, None
        self.init(mode, pull, value=value)

    def init(self, mode: int = -1, pull: int = -1, *, value: Any = None) -> None:
        if mode in (self.OUT, self.OPEN_DRAIN) and self._pin >= 34:
            raise ValueError("pin can only be input")
        pulls = {self.PULL_UP: "pullup", self.PULL_DOWN: "pulldown"}
        if mode != -1:
            self._hw.configure_pin(self._pin, "out" if mode in (self.OUT, self.OPEN_DRAIN) else "in",
                                   pulls.get(pull))
        if value is not None:
            self._hw.write_pin(self._pin, value)

    def __repr__(self) -> str:
        return f"Pin({self._pin})"

    def id(self) -> int:
        return self._pin

    def value(self, level: Any = None) -> Any:
        if level is None:
            return self._hw.read_pin(self._pin)
        self._hw.write_pin(self._pin, 1 if level else 0)
        return None

    __call__ = value

    def on(self) -> None:
        self._hw.write_pin(self._pin, 1)

    def off(self) -> None:
        self._hw.write_pin(self._pin, 0)

    def irq(self, handler: Any = None, trigger: int = 3, wake: Any = None, hard: bool = False) -> Any:
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None
        if handler is not None:
            def edge_seen(old: int, new: int) -> None:
                if trigger & (self.IRQ_RISING if new > old else self.IRQ_FALLING):
                    self._vm.schedule(handler, self)
            self._unwatch = self._hw.watch_pin(self._pin, edge_seen)
            self._vm.add_cleanup(self._unwatch)
        return _Irq(trigger)


class _Irq:
    def __init__(self, trigger: int) -> None:
        self._trigger = trigger

    def trigger(self, value: Any = None) -> int:
        return self._trigger


class ADC(_Bound):
    ATTN_0DB, ATTN_2_5DB, ATTN_6DB, ATTN_11DB = 0, 1, 2, 3
    WIDTH_9BIT, WIDTH_10BIT, WIDTH_11BIT, WIDTH_12BIT = 0, 1, 2, 3

    def __init__(self, pin: Any) -> None:
        number = pin.id() if isinstance(pin, Pin) else pin
        if number not in ADC_CHANNELS:
            raise ValueError("invalid Pin for ADC")
        self._channel, self._width = ADC_CHANNELS[number], 3

    def read(self) -> int:
        return self._hw.read_adc(self._channel) >> (3 - self._width)

    def read_u16(self) -> int:
        return self._hw.read_adc(self._channel) * 65535 // 4095

    def atten(self, value: int) -> None:
        pass

    def width(self, value: int) -> None:
        if value not in range(4):
            raise ValueError("invalid width")
        self._width = value


class PWM(_Bound):
    def __init__(self, pin: Any, freq: int = 5000, duty: int = 512) -> None:
        self._pin = pin.id() if isinstance(pin, Pin) else int(pin)
        self._freq, self._duty = int(freq), int(duty)
        self._vm.add_cleanup(self.deinit)
        self._apply()

    def _apply(self) -> None:
        self._hw.set_pwm(self._pin, self._freq, round(self._duty * 100 / 1023, 1))

    def freq(self, value: Any = None) -> Any:
        if value is None:
            return self._freq
        self._freq = int(value)
        self._apply()
        return None

    def duty(self, value: Any = None) -> Any:
        if value is None:
            return self._duty
        self._duty = max(0, min(1023, int(value)))
        self._apply()
        return None

    def duty_u16(self, value: Any = None) -> Any:
        if value is None:
            return self._duty * 65535 // 1023
        return self.duty(int(value) * 1023 // 65535)

    def deinit(self) -> None:
        self._hw.stop_pwm(self._pin)


class I2C(_Bound):
    def __init__(self, bus: int = 0, *, scl: Any = None, sda: Any = None, freq: int = 400000, timeout: int = 0) -> None:
        self._bus = int(bus) if isinstance(bus, int) else 0

    def scan(self) -> list[int]:
        return self._hw.i2c_scan(self._bus)

    def writeto(self, addr: int, buf: Any, stop: bool = True) -> int:
        data = to_bytes(buf)
        i2c_write(self._hw, self._bus, addr, data)
        return len(data)

    def readfrom(self, addr: int, nbytes: int, stop: bool = True) -> bytes:
        return i2c_read(self._hw, self._bus, addr, nbytes)

    def readfrom_into(self, addr: int, buf: Any, stop: bool = True) -> None:
        fill(buf, i2c_read(self._hw, self._bus, addr, len(buf)))

    def writevto(self, addr: int, vector: Any, stop: bool = True) -> int:
        return self.writeto(addr, b"".join(to_bytes(part) for part in vector))

    def readfrom_mem(self, addr: int, memaddr: int, nbytes: int, *, addrsize: int = 8) -> bytes:
        i2c_write(self._hw, self._bus, addr, mem_address(memaddr, addrsize))
        return i2c_read(self._hw, self._bus, addr, nbytes)

    def readfrom_mem_into(self, addr: int, memaddr: int, buf: Any, *, addrsize: int = 8) -> None:
        fill(buf, self.readfrom_mem(addr, memaddr, len(buf), addrsize=addrsize))

    def writeto_mem(self, addr: int, memaddr: int, buf: Any, *, addrsize: int = 8) -> None:
        i2c_write(self._hw, self._bus, addr, mem_address(memaddr, addrsize) + to_bytes(buf))


class UART(_Bound):
    def __init__(self, uart_id: int, baudrate: int = 115200, **kwargs: Any) -> None:
        self._port, self._baud = int(uart_id), int(baudrate)

    def init(self, baudrate: int = 115200, **kwargs: Any) -> None:
        self._baud = int(baudrate)

    def deinit(self) -> None:
        pass

    def write(self, buf: Any) -> int:
        data = to_bytes(buf)
        self._hw.uart_write(self._port, data)
        return len(data)

    def any(self) -> int:
        return self._hw.uart_any(self._port)

    def read(self, nbytes: int = -1) -> bytes | None:
        data = self._hw.uart_read(self._port, 1 << 20 if nbytes < 0 else nbytes)
        return data or None

    def readinto(self, buf: Any) -> int | None:
        data = self._hw.uart_read(self._port, len(buf))
        return fill(buf, data) if data else None

    def readline(self) -> bytes | None:
        pending = self._hw.uart_read(self._port, 1 << 20)
        line, sep, rest = pending.partition(b"\n")
        if rest:
            self._hw.uart_input(self._port, rest)  # put back what follows the line
        return (line + sep) or None


class Timer(_Bound):
    ONE_SHOT, PERIODIC = 0, 1

    def __init__(self, timer_id: int, **kwargs: Any) -> None:
        self._id, self._timer = timer_id, None
        if kwargs:
            self.init(**kwargs)

    def init(self, *, mode: int = 1, period: int = -1, freq: float = -1, callback: Any = None) -> None:
        self.deinit()
        seconds = 1 / freq if freq > 0 else period / 1000
        if callback is not None:
            self._timer = HostTimer(self._vm, seconds, mode == self.PERIODIC, callback, self)
            self._vm.add_cleanup(self._timer.cancel)

    def deinit(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def value(self) -> int:
        return 0


class WDT(_Bound):
    def __init__(self, id: int = 0, timeout: int = 5000) -> None:
        self._dog = Watchdog(self._vm, timeout / 1000, None)

    def feed(self) -> None:
        self._dog.feed()


class RTC(_Bound):
    def datetime(self, value: Any = None) -> Any:
        board = self._vm.board
        if value is None:
            t = time.gmtime(int(time.time()) + board.clock_offset)
            return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_wday, t.tm_hour, t.tm_min, t.tm_sec, 0)
        import calendar

        y, mo, d, _wd, h, mi, s = tuple(value)[:7]
        board.clock_offset = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) - int(time.time())
        return None

    init = datetime


def make_machine(vm: "Vm") -> types.ModuleType:
    board = vm.board
    state = {"freq": 160_000_000}

    def freq(value: Any = None) -> Any:
        if value is None:
            return state["freq"]
        if value not in FREQUENCIES:
            raise ValueError("frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz")
        state["freq"] = value
        return None

    def reset() -> None:
        board.hardware.request_reset(HARD_RESET, "machine.reset")
        vm.soft_reset_requested = True
        raise MachineReset()

    def soft_reset() -> None:
        vm.soft_reset_requested = True
        raise SystemExit()

    classes = {cls.__name__: type(cls.__name__, (cls,), {"_vm": vm, "__module__": "machine"})
               for cls in (Pin, ADC, PWM, I2C, UART, Timer, WDT, RTC)}
    classes["SoftI2C"] = type("SoftI2C", (classes["I2C"],), {})
    return module_from("machine", dict(
        classes, freq=freq, reset=reset, soft_reset=soft_reset, deepsleep=lambda ms=0: reset(),
        unique_id=lambda: mac_address(board), idle=lambda: vm.sleep(0.01),
        lightsleep=lambda ms=0: vm.sleep(ms / 1000), sleep=lambda ms=0: vm.sleep(ms / 1000),
        reset_cause=lambda: board.hardware.reset_cause, disable_irq=lambda: 0, enable_irq=lambda state=0: None,
        PWRON_RESET=PWRON_RESET, HARD_RESET=HARD_RESET, WDT_RESET=WDT_RESET, DEEPSLEEP_RESET=DEEPSLEEP_RESET,
        SOFT_RESET=SOFT_RESET,
    ))
