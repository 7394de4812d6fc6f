"""MicroPython `micropython`: access to the interpreter's internals."""

from typing import Any, Callable, TypeVar

_T = TypeVar("_T")

def const(expr: _T) -> _T:
    """Declare a constant the compiler can inline: LED = const(2)."""
def schedule(function: Callable[[Any], Any], arg: Any) -> None:
    """Run `function(arg)` soon, outside the interrupt handler that calls this."""
def kbd_intr(chr: int) -> None:
    """Set the character that raises KeyboardInterrupt (3 = Ctrl-C; -1 disables it)."""
def mem_info(verbose: Any = None) -> None:
    """Print how much memory is used."""
def qstr_info(verbose: Any = None) -> None:
    """Print how many interned strings exist."""
def stack_use() -> int:
    """How much stack is in use, in bytes."""
def heap_lock() -> int:
    """Forbid memory allocation (raises MemoryError if attempted)."""
def heap_unlock() -> int:
    """Allow memory allocation again."""
def opt_level(level: int | None = None) -> int | None:
    """The compiler's optimisation level; with `level`, set it."""
def alloc_emergency_exception_buf(size: int) -> None:
    """Reserve memory so exceptions raised in interrupt handlers can be reported."""
