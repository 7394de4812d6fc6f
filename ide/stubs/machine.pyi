"""MicroPython `machine`: direct access to the chip's pins and buses (board.json is not used)."""

from typing import Any, Callable

PWRON_RESET: int
HARD_RESET: int
WDT_RESET: int
DEEPSLEEP_RESET: int
SOFT_RESET: int

def reset() -> None:
    """Restart the board, like pressing its reset button."""
def soft_reset() -> None:
    """Restart the Python interpreter only."""
def reset_cause() -> int:
    """Why the board last restarted (one of the *_RESET constants)."""
def freq(hz: int | None = None) -> int | None:
    """The CPU frequency in Hz; with `hz`, set it (ESP32: 80, 160 or 240 MHz)."""
def unique_id() -> bytes:
    """A value unique to this chip (the MAC address on ESP32)."""
def idle() -> None:
    """Let the CPU rest until the next interrupt."""
def lightsleep(ms: int = 0) -> None:
    """Sleep `ms` milliseconds, keeping RAM and state."""
def deepsleep(ms: int = 0) -> None:
    """Sleep `ms` milliseconds in the lowest power mode; the board restarts afterwards."""
def disable_irq() -> int:
    """Disable interrupts; returns the state to give back to enable_irq()."""
def enable_irq(state: int = 0) -> None:
    """Re-enable interrupts with the state disable_irq() returned."""

class Pin:
    """A GPIO pin by its number: Pin(2, Pin.OUT)."""

    IN: int
    OUT: int
    OPEN_DRAIN: int
    PULL_UP: int
    PULL_DOWN: int
    IRQ_RISING: int
    IRQ_FALLING: int

    def __init__(self, id: int, mode: int = -1, pull: int = -1, *, value: Any = None) -> None: ...
    def init(self, mode: int = -1, pull: int = -1, *, value: Any = None) -> None:
        """Reconfigure the pin."""
    def value(self, x: int | None = None) -> int | None:
        """The pin's level (0 or 1); with `x`, set it."""
    def on(self) -> None:
        """Set the pin high."""
    def off(self) -> None:
        """Set the pin low."""
    def irq(self, handler: Callable[["Pin"], Any] | None = None, trigger: int = ..., wake: Any = None,
            hard: bool = False) -> Any:
        """Call `handler(pin)` on the edges in `trigger` (Pin.IRQ_RISING | Pin.IRQ_FALLING)."""

class ADC:
    """An analog input on a pin: ADC(Pin(36))."""

    ATTN_0DB: int
    ATTN_2_5DB: int
    ATTN_6DB: int
    ATTN_11DB: int

    def __init__(self, pin: Pin) -> None: ...
    def read(self) -> int:
        """The raw value (0-4095 at 12 bits)."""
    def read_u16(self) -> int:
        """The value scaled to 0-65535."""
    def atten(self, attenuation: int) -> None:
        """Set the input range with an ATTN_* constant."""
    def width(self, bits: int) -> None:
        """Set the resolution."""

class PWM:
    """A PWM output on a pin: PWM(Pin(25), freq=1000, duty=512)."""

    def __init__(self, pin: Pin, freq: int = 5000, duty: int = 512) -> None: ...
    def freq(self, value: int | None = None) -> int | None:
        """The frequency in Hz; with `value`, set it."""
    def duty(self, value: int | None = None) -> int | None:
        """The duty cycle 0-1023; with `value`, set it."""
    def duty_u16(self, value: int | None = None) -> int | None:
        """The duty cycle 0-65535; with `value`, set it."""
    def deinit(self) -> None:
        """Stop the output."""

class I2C:
    """An I2C bus: I2C(0, scl=Pin(22), sda=Pin(21), freq=400000)."""

    def __init__(self, id: int = 0, *, scl: Pin | None = None, sda: Pin | None = None, freq: int = 400000,
                 timeout: int = 0) -> None: ...
    def scan(self) -> list[int]:
        """The addresses of the devices that answer."""
    def writeto(self, addr: int, buf: bytes | bytearray, stop: bool = True) -> int:
        """Write `buf` to device `addr`; returns the number of acknowledged bytes."""
    def readfrom(self, addr: int, nbytes: int, stop: bool = True) -> bytes:
        """Read `nbytes` from device `addr`."""
    def readfrom_into(self, addr: int, buf: bytearray, stop: bool = True) -> None:
        """Read len(buf) bytes from device `addr` into `buf`."""
    def readfrom_mem(self, addr: int, memaddr: int, nbytes: int, *, addrsize: int = 8) -> bytes:
        """Read `nbytes` from register `memaddr` of device `addr`."""
    def readfrom_mem_into(self, addr: int, memaddr: int, buf: bytearray, *, addrsize: int = 8) -> None:
        """Read register `memaddr` of device `addr` into `buf`."""
    def writeto_mem(self, addr: int, memaddr: int, buf: bytes | bytearray, *, addrsize: int = 8) -> None:
        """Write `buf` to register `memaddr` of device `addr`."""

class SoftI2C(I2C):
    """An I2C bus driven in software on any two pins."""

class SPI:
    """An SPI controller: SPI(1, baudrate=8000000, sck=Pin(18), mosi=Pin(23), miso=Pin(19))."""

    MSB: int
    LSB: int

    def __init__(self, id: int = 1, baudrate: int = 1000000, *, polarity: int = 0, phase: int = 0, bits: int = 8,
                 firstbit: int = 0, sck: Pin | None = None, mosi: Pin | None = None, miso: Pin | None = None) -> None: ...
    def init(self, baudrate: int = 1000000, *, polarity: int = 0, phase: int = 0, bits: int = 8,
             firstbit: int = 0, sck: Pin | None = None, mosi: Pin | None = None, miso: Pin | None = None) -> None:
        """Change the settings."""
    def deinit(self) -> None:
        """Turn the controller off."""
    def read(self, nbytes: int, write: int = 0x00) -> bytes:
        """Read `nbytes`, sending `write` for each."""
    def readinto(self, buf: bytearray, write: int = 0x00) -> None:
        """Read len(buf) bytes into `buf`."""
    def write(self, buf: bytes | bytearray) -> None:
        """Send `buf`."""
    def write_readinto(self, write_buf: bytes | bytearray, read_buf: bytearray) -> None:
        """Send `write_buf` while reading as many bytes into `read_buf`."""

class SoftSPI(SPI):
    """An SPI controller driven in software on any three pins."""

    def __init__(self, baudrate: int = 500000, *, polarity: int = 0, phase: int = 0, bits: int = 8,
                 firstbit: int = 0, sck: Pin | None = None, mosi: Pin | None = None, miso: Pin | None = None) -> None: ...

class UART:
    """A serial port: UART(2, baudrate=9600, tx=17, rx=16)."""

    def __init__(self, id: int, baudrate: int = 115200, **kwargs: Any) -> None: ...
    def init(self, baudrate: int = 115200, **kwargs: Any) -> None:
        """Reconfigure the port (bits, parity, stop, tx, rx, timeout, ...)."""
    def deinit(self) -> None:
        """Turn the port off."""
    def any(self) -> int:
        """How many bytes are waiting to be read."""
    def read(self, nbytes: int = -1) -> bytes | None:
        """Up to `nbytes` received bytes (all waiting bytes by default), or None on timeout."""
    def readinto(self, buf: bytearray) -> int | None:
        """Read into `buf`; returns the count or None on timeout."""
    def readline(self) -> bytes | None:
        """One line, up to and including the newline."""
    def write(self, buf: bytes | bytearray | str) -> int:
        """Send `buf`; returns the number of bytes written."""

class Timer:
    """A hardware timer: Timer(0).init(period=1000, mode=Timer.PERIODIC, callback=f)."""

    ONE_SHOT: int
    PERIODIC: int

    def __init__(self, id: int, **kwargs: Any) -> None: ...
    def init(self, *, mode: int = ..., period: int = -1, freq: float = -1,
             callback: Callable[["Timer"], Any] | None = None) -> None:
        """Start the timer: `period` in ms (or `freq` in Hz), `callback(timer)`."""
    def deinit(self) -> None:
        """Stop the timer."""
    def value(self) -> int:
        """The current count."""

class WDT:
    """The watchdog: WDT(timeout=5000) restarts the board unless feed() comes in time."""

    def __init__(self, id: int = 0, timeout: int = 5000) -> None: ...
    def feed(self) -> None:
        """Reset the watchdog's countdown."""

class RTC:
    """The real-time clock."""

    def __init__(self) -> None: ...
    def datetime(self, datetimetuple: tuple | None = None) -> tuple | None:
        """(year, month, day, weekday, hours, minutes, seconds, subseconds); with a tuple, set it."""
    def init(self, datetimetuple: tuple) -> None:
        """Set the clock."""
