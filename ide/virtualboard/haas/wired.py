"""What every device wired to the virtual board's pins has: its pins, its hooks, its state.

A device model subclasses `WiredDevice`, names itself (`model`), says which board.json nodes it
recognises (`find(io)`, yielding the keyword arguments of its constructor) and overrides the hooks
it needs; the others do nothing. See `peripherals.py` for the hub that calls them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from ide.virtualboard.haas.hardware import Hardware


class WiredDevice:
    model = "device"
    PINS: tuple[str, ...] = ()        # constructor arguments that are pins or ports

    def __init__(self, hardware: "Hardware", names: Iterable[str] = ()) -> None:
        self.hardware = hardware
        self._names = tuple(names)

    @classmethod
    def find(cls, io: dict) -> Iterable[dict]:
        """Keyword arguments for each device of this model that board.json's `io` wires up."""
        return ()

    @classmethod
    def pins_from(cls, hardware: "Hardware", given: dict) -> dict:
        """Constructor arguments from a control-channel `attach` (pins as numbers or node names)."""
        kinds = {"uart": ("UART",), "spi": ("SPI",), "adc": ("ADC",)}
        pins: dict[str, Any] = {}
        names = []
        for key in cls.PINS:
            if given.get(key) is None:
                continue
            value = given[key]
            if isinstance(value, str):
                names.append(value)
                value = hardware.node(value, kinds.get(key, ("GPIO",)))["port"]
            pins[key] = int(value)
        missing = [key for key in cls.required() if key not in pins]
        if missing:
            raise ValueError(f"a {cls.model} needs {', '.join(missing)}")
        return {**pins, "names": tuple(names)}

    @classmethod
    def required(cls) -> tuple[str, ...]:
        return cls.PINS

    def names(self) -> tuple[str, ...]:
        return self._names

    def emit(self, kind: str, **data: Any) -> None:
        self.hardware.emit(kind, **data)

    # -- hooks (all optional) ------------------------------------------------------------------
    def pin_source(self, pin: int) -> Callable[[], int] | None:
        """A function giving the level of input `pin` when this device drives it."""
        return None

    def pin_written(self, pin: int, value: int) -> None:
        """The board drove output `pin` to `value`."""

    def apply_environment(self) -> None:
        """The outside world changed (or the device was just wired): update what the board sees."""

    def spi_write(self, port: int, data: bytes) -> None:
        """The board wrote `data` on SPI bus `port`."""

    def state(self) -> dict:
        pins = {key: getattr(self, key, None) for key in self.PINS}
        return {"model": self.model, "names": list(self._names), **pins}
