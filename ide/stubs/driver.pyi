"""HaaS `driver`: the board's peripherals, opened by the node names of board.json.

Every class is created without arguments (TIMER takes a timer number), then `open("node")` binds
it to the node of that name in board.json. Methods answer 0 on success or a negative error code:
-4 when board.json has no node of that name and type, -6 when the object is already open.
"""

from typing import Any, Callable

class GPIO:
    """A digital pin declared in board.json as {"type": "GPIO", "port": <pin>, "dir": ...}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Bind to the GPIO node `node` of board.json. Returns 0, or -4 if there is no such node."""
    def close(self) -> int:
        """Release the pin. Returns 0 on success."""
    def read(self) -> int:
        """The pin's level: 0 or 1 (a negative code if the object is not open)."""
    def write(self, value: int) -> int:
        """Drive an output pin low (0) or high (1). Returns 0 on success."""
    def on(self, callback: Callable[[int], Any]) -> int:
        """Call `callback(level)` on the edges set by the node's "intMode" (needs "dir": "irq")."""

class UART:
    """A serial port declared in board.json as {"type": "UART", "port": <n>, "baudRate": ...}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Bind to the UART node `node` of board.json. Returns 0 on success."""
    def close(self) -> int:
        """Release the port. Returns 0 on success."""
    def read(self, buf: bytearray) -> int:
        """Fill `buf` with received bytes; returns how many were read."""
    def write(self, buf: bytes | bytearray | str) -> int:
        """Send `buf`; returns the number of bytes written."""
    def any(self) -> int:
        """How many received bytes are waiting to be read."""
    def on(self, callback: Callable[["UART"], Any]) -> int:
        """Call `callback(uart)` when data arrives."""
    def setBaudRate(self, baudrate: int) -> int:
        """Change the speed, e.g. 9600 or 115200. Returns 0 on success."""

class I2C:
    """An I2C device declared in board.json as {"type": "I2C", "port": <bus>, "devAddr": <decimal address>}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Bind to the I2C node `node` of board.json. Returns 0 on success."""
    def close(self) -> int:
        """Release the bus. Returns 0 on success."""
    def read(self, buf: bytearray) -> int:
        """Read len(buf) bytes from the device into `buf`; returns the count."""
    def write(self, buf: bytes | bytearray) -> int:
        """Write `buf` to the device; returns the count."""
    def memRead(self, buf: bytearray, memaddr: int, addrsize: int = 8) -> int:
        """Read len(buf) bytes from register `memaddr` (`addrsize` 8 or 16 bits) into `buf`."""
    def memWrite(self, buf: bytes | bytearray, memaddr: int, addrsize: int = 8) -> int:
        """Write `buf` to register `memaddr` (`addrsize` 8 or 16 bits)."""

class SPI:
    """An SPI device declared in board.json as {"type": "SPI", "port": <host>, "freq": ...}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Bind to the SPI node `node` of board.json. Returns 0 on success."""
    def close(self) -> int:
        """Release the bus. Returns 0 on success."""
    def read(self, buf: bytearray) -> int:
        """Clock in len(buf) bytes into `buf`; returns the count."""
    def write(self, buf: bytes | bytearray) -> int:
        """Clock out `buf`; returns the count."""
    def readAfterWrite(self, read_buf: bytearray, write_buf: bytes | bytearray) -> int:
        """Write `write_buf`, then read len(read_buf) bytes into `read_buf` in one transaction."""

class ADC:
    """An analog input declared in board.json as {"type": "ADC", "port": <channel>}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Bind to the ADC node `node` of board.json. Returns 0 on success."""
    def close(self) -> int:
        """Release the channel. Returns 0 on success."""
    def read(self) -> int:
        """The input voltage in millivolts."""
    def readVoltage(self) -> int:
        """The input voltage in millivolts (ESP32 boards)."""
    def readRaw(self) -> int:
        """The raw converter value (ESP32 boards: 0-4095 at 12 bits)."""

class DAC:
    """An analog output declared in board.json as {"type": "DAC", "port": <channel>}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Bind to the DAC node `node` of board.json. Returns 0 on success."""
    def close(self) -> int:
        """Release the channel. Returns 0 on success."""
    def getVol(self) -> int:
        """The output voltage in millivolts."""
    def setVol(self, voltage: int) -> int:
        """Set the output voltage in millivolts. Returns 0 on success."""

class PWM:
    """A PWM output declared in board.json as {"type": "PWM", "port": <pin>}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Bind to the PWM node `node` of board.json. Returns 0 on success."""
    def close(self) -> int:
        """Stop the output and release the pin. Returns 0 on success."""
    def setOption(self, option: dict) -> int:
        """Start or change the output, e.g. setOption({'freq': 2000, 'duty': 50}) (duty in percent)."""
    def getOption(self) -> dict:
        """The current settings as {'freq': Hz, 'duty': percent}."""

class TIMER:
    """A hardware timer; `TIMER(0)` then open(period=..., mode=..., callback=...) and start()."""

    ONE_SHOT: int
    """Mode: call the callback once."""
    PERIODIC: int
    """Mode: call the callback every `period` milliseconds."""

    def __init__(self, id: int = 0) -> None: ...
    def open(self, period: int = 1000, mode: int = ..., callback: Callable[["TIMER"], Any] | None = None) -> int:
        """Configure: `period` in milliseconds, `mode` TIMER.ONE_SHOT or TIMER.PERIODIC, `callback(timer)`."""
    def start(self) -> int:
        """Start counting. Returns 0 on success."""
    def stop(self) -> int:
        """Stop counting. Returns 0 on success."""
    def period(self, ms: int) -> int:
        """Change the period to `ms` milliseconds."""
    def reload(self) -> int:
        """Restart the current period from zero."""
    def close(self) -> int:
        """Stop and release the timer. Returns 0 on success."""

class WDT:
    """The watchdog, declared in board.json as {"type": "WDT", "timeout": <seconds>}."""

    def __init__(self) -> None: ...
    def open(self, node: str) -> int:
        """Start the watchdog of node `node`; from now on call feed() within its timeout."""
    def feed(self) -> int:
        """Reset the watchdog's countdown so the board is not restarted."""
    def close(self) -> int:
        """Stop the watchdog. Returns 0 on success."""

class RTC:
    """The board's real-time clock."""

    def __init__(self) -> None: ...
    def open(self) -> int:
        """Start using the clock. Returns 0 on success."""
    def close(self) -> int:
        """Stop using the clock. Returns 0 on success."""
    def getTime(self) -> tuple[int, int, int, int, int, int]:
        """The current time as (year, month, day, hour, minute, second)."""
    def setTime(self, year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
        """Set the clock. Returns 0 on success."""
