"""The auto-reset circuit of ESP32 boards: two transistors between the USB bridge's DTR/RTS and EN/IO0.

EN (reset, active low) is low when RTS is asserted and DTR is not; IO0 (the boot strap) is low when
DTR is asserted and RTS is not. The chip leaves reset when EN rises, and boots into the serial
bootloader if IO0 is low when it samples the strap. On a real board a capacitor slows EN down so
that esptool's sequence (EN low; then DTR on, RTS off: EN released with IO0 low) is seen as
"reset with IO0 low" even though the lines change one at a time. Here the strap counts as low if
IO0 goes low within `STRAP_WINDOW` seconds of EN rising, and the window also ends when the host
that released EN disconnects (so the next program to open the port cannot change the outcome).
"""

from __future__ import annotations

import threading
from typing import Protocol

STRAP_WINDOW = 0.3


class Chip(Protocol):
    def hold_reset(self) -> None: ...
    def release_reset(self, download: bool) -> None: ...


class AutoReset:
    """Feed it DTR/RTS changes; it holds and releases the chip's reset."""

    def __init__(self, chip: Chip, window: float = STRAP_WINDOW) -> None:
        self.chip = chip
        self.window = window
        self.dtr = False
        self.rts = False
        self._en_low = False
        self._strap_low = False
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()

    def set_dtr(self, value: bool) -> None:
        with self._lock:
            self.dtr = bool(value)
            self._update()

    def set_rts(self, value: bool) -> None:
        with self._lock:
            self.rts = bool(value)
            self._update()

    def disconnect(self) -> None:
        """The host closed the port: the strap is sampled now, and the lines go inactive."""
        with self._lock:
            self._sample()
            self.dtr = self.rts = False
            self._update()

    def _update(self) -> None:
        en_low = self.rts and not self.dtr
        io0_low = self.dtr and not self.rts
        if en_low and not self._en_low:
            self._en_low = True
            self._cancel()
            self.chip.hold_reset()
        elif not en_low and self._en_low:
            self._en_low = False
            self._strap_low = io0_low
            self._timer = threading.Timer(self.window, self._sample)
            self._timer.daemon = True
            self._timer.start()
        elif self._timer is not None:
            if io0_low:
                self._strap_low = True
            elif self._strap_low:
                self._sample()   # IO0 went low and back: the strap has been seen

    def _sample(self) -> None:
        with self._lock:
            if self._timer is None:
                return
            self._cancel()
            self.chip.release_reset(download=self._strap_low)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
