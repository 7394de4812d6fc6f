"""Host side of MicroPython 1.17's `machine` module for the virtual ESP32, on the same `Hardware`
as `driver`.

Pin, ADC, PWM, I2C/SoftI2C, UART, Timer, WDT and RTC follow the ESP32 port where programs notice
it: valid GPIO numbers only, GPIO 34-39 input-only, ADC only on ADC1 pins (keyed by channel in
Hardware), PWM duty 0..1023, I2C errors as `OSError: [Errno 19] ENODEV`, irq and timer handlers
as VM callbacks. reset() resets the chip at once (ROM lines, `rst:0xc (SW_CPU_RESET)`);
soft_reset() marks the boot so that the REPL soft-reboots on the SystemExit its face raises.
The MicroPython face is `engine/vmlib/board_machine.py`.
"""

from __future__ import annotations

import calendar
import time
from typing import TYPE_CHECKING, Any, Callable

from ide.virtualboard.haas.common import (HARD_RESET, MAX_TRANSFER, Callback, Handles, HostTimer, Watchdog, data_arg,
                                          i2c_read, i2c_write, int_arg, is_int, mem_address, optional_callback,
                                          size_arg)
from ide.virtualboard.haas.net_services import mac_address
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge

# GPIO numbers each chip has (ESP32: 20 and 24 are missing, 34-39 only input; the S3 has no 22-25)
CHIP_PINS = {
    "esp32": frozenset([*range(0, 20), 21, 22, 23, 25, 26, 27, *range(32, 40)]),
    "esp32s3": frozenset([*range(0, 22), *range(26, 49)]),
    "esp32c3": frozenset(range(0, 22)),
}
VALID_PINS = CHIP_PINS["esp32"]
INPUT_ONLY = {"esp32": frozenset(range(34, 40))}
ADC_CHANNELS = {36: 0, 37: 1, 38: 2, 39: 3, 32: 4, 33: 5, 34: 6, 35: 7}
FREQUENCIES = (20_000_000, 40_000_000, 80_000_000, 160_000_000, 240_000_000)
IN, OUT, OPEN_DRAIN = 1, 3, 7
PULLS = {1: "pullup", 2: "pulldown"}
IRQ_RISING, IRQ_FALLING = 1, 2
UART_READ_ALL = MAX_TRANSFER


def pin_number(pin: Any, chip: str = "esp32") -> int:
    if not is_int(pin) or pin not in CHIP_PINS.get(chip, VALID_PINS):
        raise ValueError("invalid pin")
    return pin


class Machine:
    """One boot's `machine`: CPU frequency, irq watchers, PWM outputs, timers and watchdogs."""

    def __init__(self, board: "VirtualBoard", bridge: "Bridge") -> None:
        self.board = board
        self.bridge = bridge
        self.freq = 160_000_000
        self._irqs: dict[int, Callable[[], None]] = {}
        self._pwm: set[int] = set()
        self.timers = Handles()
        bridge.on_end(self._end)

    @property
    def hw(self):
        return self.board.hardware

    def _end(self) -> None:
        for unwatch in self._irqs.values():
            unwatch()
        self._irqs.clear()
        for pin in sorted(self._pwm):
            self.hw.stop_pwm(pin)
        for timer in self.timers.values():
            timer.cancel()

    # -- Pin ---------------------------------------------------------------------------------
    def _pin(self, pin: Any) -> int:
        """A GPIO number this board's chip has (ValueError "invalid pin" otherwise)."""
        from ide.virtualboard.catalogue import BOARD_CHIPS

        return pin_number(pin, BOARD_CHIPS.get(self.board.board_id, "esp32"))

    def pin_init(self, pin: Any, mode: Any = -1, pull: Any = -1, value: Any = None) -> None:
        from ide.virtualboard.catalogue import BOARD_CHIPS

        pin = self._pin(pin)
        if mode in (OUT, OPEN_DRAIN) and pin in INPUT_ONLY.get(BOARD_CHIPS.get(self.board.board_id), ()):
            raise ValueError("pin can only be input")
        if mode != -1:
            if mode not in (IN, OUT, OPEN_DRAIN):
                raise ValueError("invalid pin mode")
            self.hw.configure_pin(pin, "out" if mode in (OUT, OPEN_DRAIN) else "in", PULLS.get(pull))
        if value is not None:
            self.hw.write_pin(pin, 1 if value else 0)

    def pin_value(self, pin: Any, level: Any = None) -> int | None:
        pin = self._pin(pin)
        if level is None:
            return self.hw.read_pin(pin)
        self.hw.write_pin(pin, 1 if level else 0)
        return None

    def pin_irq(self, pin: Any, handle: Any, trigger: Any = 3) -> None:
        pin = self._pin(pin)
        unwatch = self._irqs.pop(pin, None)
        if unwatch is not None:
            unwatch()
        callback = optional_callback(self.board, handle)
        if callback is None:
            return
        mask = int_arg(trigger, 0, 255, "trigger")

        def edge_seen(old: int, new: int) -> None:
            if mask & (IRQ_RISING if new > old else IRQ_FALLING):
                callback.fire()

        self._irqs[pin] = self.hw.watch_pin(pin, edge_seen)

    # -- ADC, PWM ----------------------------------------------------------------------------
    @staticmethod
    def adc_channel(pin: Any) -> int:
        if pin not in ADC_CHANNELS or not is_int(pin):
            raise ValueError("invalid Pin for ADC")
        return ADC_CHANNELS[pin]

    def adc_read(self, channel: Any, width: Any = 3) -> int:
        raw = self.hw.read_adc(int_arg(channel, 0, 7, "channel"))
        return raw >> (3 - int_arg(width, 0, 3, "width"))

    def adc_read_u16(self, channel: Any) -> int:
        return self.hw.read_adc(int_arg(channel, 0, 7, "channel")) * 65535 // 4095

    def pwm_set(self, pin: Any, freq: Any, duty: Any) -> None:
        pin = self._pin(pin)
        duty = int_arg(duty, 0, 1023, "duty")
        self._pwm.add(pin)
        self.hw.set_pwm(pin, int_arg(freq, 1, 40_000_000, "freq"), round(duty * 100 / 1023, 1))

    def pwm_stop(self, pin: Any) -> None:
        pin = self._pin(pin)
        self._pwm.discard(pin)
        self.hw.stop_pwm(pin)

    # -- I2C ---------------------------------------------------------------------------------
    def i2c_scan(self, bus: Any) -> list[int]:
        return self.hw.i2c_scan(int_arg(bus, 0, 1, "bus"))

    def i2c_writeto(self, bus: Any, addr: Any, data: Any) -> int:
        payload = data_arg(data)
        i2c_write(self.hw, int_arg(bus, 0, 1, "bus"), addr, payload)
        return len(payload)

    def i2c_readfrom(self, bus: Any, addr: Any, size: Any) -> str:
        return i2c_read(self.hw, int_arg(bus, 0, 1, "bus"), addr, size_arg(size)).hex()

    def i2c_readfrom_mem(self, bus: Any, addr: Any, memaddr: Any, size: Any, addrsize: Any = 8) -> str:
        bus = int_arg(bus, 0, 1, "bus")
        i2c_write(self.hw, bus, addr, mem_address(memaddr, addrsize))
        return i2c_read(self.hw, bus, addr, size_arg(size)).hex()

    def i2c_writeto_mem(self, bus: Any, addr: Any, memaddr: Any, data: Any, addrsize: Any = 8) -> None:
        i2c_write(self.hw, int_arg(bus, 0, 1, "bus"), addr, mem_address(memaddr, addrsize) + data_arg(data))

    # -- UART --------------------------------------------------------------------------------
    def uart_write(self, port: Any, data: Any) -> int:
        payload = data_arg(data)
        self.hw.uart_write(int_arg(port, 0, 2, "UART"), payload)
        return len(payload)

    def uart_any(self, port: Any) -> int:
        return self.hw.uart_any(int_arg(port, 0, 2, "UART"))

    def uart_read(self, port: Any, size: Any = -1) -> str:
        size = UART_READ_ALL if size is None or (is_int(size) and size < 0) else size_arg(size)
        return self.hw.uart_read(int_arg(port, 0, 2, "UART"), size).hex()

    def uart_readline(self, port: Any) -> str:
        port = int_arg(port, 0, 2, "UART")
        pending = self.hw.uart_read(port, UART_READ_ALL)
        line, sep, rest = pending.partition(b"\n")
        if rest:
            self.hw.uart_input(port, rest)  # put back what follows the line
        return (line + sep).hex()

    # -- Timer, WDT, RTC ---------------------------------------------------------------------
    def timer_start(self, handle: Any, seconds: Any, periodic: Any) -> int:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
            raise ValueError("period must be positive")
        timer = HostTimer(float(seconds), bool(periodic), Callback(self.board, handle))
        return self.timers.add(timer)

    def timer_ran(self, timer: Any) -> None:
        self.timers.get(timer, HostTimer).ran()

    def timer_stop(self, timer: Any) -> None:
        found = self.timers.pop(timer)
        if found is not None:
            found.cancel()

    def wdt_start(self, timeout_ms: Any) -> int:
        dog = Watchdog(self.board, self.bridge, int_arg(timeout_ms, 1, None, "timeout") / 1000, None)
        return self.timers.add(dog)

    def wdt_feed(self, dog: Any) -> None:
        self.timers.get(dog, Watchdog).feed()

    def rtc_datetime(self, value: Any = None) -> list | None:
        board = self.board
        if value is None:
            t = time.gmtime(int(time.time()) + board.clock_offset)
            return [t.tm_year, t.tm_mon, t.tm_mday, t.tm_wday, t.tm_hour, t.tm_min, t.tm_sec, 0]
        if not isinstance(value, list) or len(value) < 7:
            raise ValueError("requested length 8 but object has length %d" % len(value or ()))
        year, month, day, _weekday, hour, minute, second = (int_arg(v) for v in value[:7])
        board.clock_offset = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) - int(time.time())
        return None

    # -- the chip ----------------------------------------------------------------------------
    def set_freq(self, value: Any = None) -> int | None:
        if value is None:
            return self.freq
        if value not in FREQUENCIES:
            raise ValueError("frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz")
        self.freq = value
        return None

    def reset(self) -> None:
        reset_chip(self.board, "machine.reset")

    def soft_reset(self) -> None:
        self.board.vm.soft_reset_requested = True

    def unique_id(self) -> str:
        return mac_address(self.board).hex()

    def reset_cause(self) -> int:
        return self.hw.reset_cause


def reset_chip(board: "VirtualBoard", reason: str) -> None:
    """The program resets the chip (machine.reset(), system.reboot()): the VM stops at once."""
    board.hardware.request_reset(HARD_RESET, reason)
    board.request_hard_reset(reason)


CALLS = ("pin_init", "pin_value", "pin_irq", "adc_channel", "adc_read", "adc_read_u16", "pwm_set", "pwm_stop",
         "i2c_scan", "i2c_writeto", "i2c_readfrom", "i2c_readfrom_mem", "i2c_writeto_mem", "uart_write", "uart_any",
         "uart_read", "uart_readline", "timer_start", "timer_ran", "timer_stop", "wdt_start", "wdt_feed",
         "rtc_datetime", "reset", "soft_reset", "unique_id", "reset_cause")


def install(bridge: "Bridge", board: "VirtualBoard") -> None:
    """`import machine` and HaaS's `import system` for one boot."""
    machine = Machine(board, bridge)
    offer(bridge, board, "board_machine", "machine", eager=True)  # `from machine import *` reads its names
    bridge.add("machine", {name: getattr(machine, name) for name in CALLS})
    bridge.add("machine", {"freq": machine.set_freq})
    offer(bridge, board, "system", "system")  # HaaS's `system`: the firmware's version and a reboot of the chip
    bridge.add("system", {"version_info": lambda: board.personality.haas_version,
                          "reboot": lambda: reset_chip(board, "system.reboot")})
