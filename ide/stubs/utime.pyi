"""MicroPython `utime`: delays, ticks and the clock (epoch 2000-01-01 on the board)."""

def sleep(seconds: float) -> None:
    """Pause for `seconds` (may be a float)."""
def sleep_ms(ms: int) -> None:
    """Pause for `ms` milliseconds."""
def sleep_us(us: int) -> None:
    """Pause for `us` microseconds."""
def ticks_ms() -> int:
    """A millisecond counter that wraps around; compare two values with ticks_diff()."""
def ticks_us() -> int:
    """A microsecond counter that wraps around; compare two values with ticks_diff()."""
def ticks_cpu() -> int:
    """The finest-grained counter the board has."""
def ticks_add(ticks: int, delta: int) -> int:
    """`ticks` moved by `delta`, wrapping like the counters do."""
def ticks_diff(ticks1: int, ticks2: int) -> int:
    """ticks1 - ticks2, correct across a wrap-around."""
def time() -> int:
    """Seconds since 2000-01-01 00:00:00."""
def time_ns() -> int:
    """Nanoseconds since 2000-01-01 00:00:00."""
def localtime(secs: int | None = None) -> tuple[int, int, int, int, int, int, int, int]:
    """(year, month, mday, hour, minute, second, weekday, yearday) for `secs` (default: now)."""
def gmtime(secs: int | None = None) -> tuple[int, int, int, int, int, int, int, int]:
    """Like localtime(), in UTC."""
def mktime(local: tuple) -> int:
    """The inverse of localtime(): seconds since 2000-01-01."""
