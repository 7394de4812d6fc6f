"""WS2812 ("NeoPixel") strips on the virtual board's pins.

A program sends a strip its bytes in wire order (GRB, or GRBW with 4 bytes a pixel), as
`neopixel.NeoPixel.write()` and `esp.neopixel_write()` do; the strip keeps the colours and emits a
"neopixel" event with them in RGB(W) order, which the virtual board panel draws.
"""

from __future__ import annotations

import threading
from typing import Callable

WIRE_ORDER = {3: (1, 0, 2), 4: (1, 0, 2, 3)}  # wire byte i carries colour WIRE_ORDER[bpp][i] (R=0)
MAX_PIXELS = 4096


class NeoPixels:
    """The strips by pin: each a list of pixels, [r, g, b] or [r, g, b, w]."""

    def __init__(self, emit: Callable[..., None]) -> None:
        self._emit = emit
        self._lock = threading.Lock()
        self.strips: dict[int, dict] = {}

    def write(self, pin: int, data: bytes, bpp: int = 3, timing: int = 1) -> list[list[int]]:
        if bpp not in WIRE_ORDER:
            raise ValueError("bpp must be 3 or 4")
        if len(data) > MAX_PIXELS * bpp:
            raise ValueError("too many pixels for one strip")
        order = WIRE_ORDER[bpp]
        pixels = []
        for start in range(0, len(data) - len(data) % bpp, bpp):
            pixel = [0] * bpp
            for i, colour in enumerate(order):
                pixel[colour] = data[start + i]
            pixels.append(pixel)
        with self._lock:
            self.strips[pin] = {"bpp": bpp, "timing": timing, "pixels": pixels}
        self._emit("neopixel", pin=pin, bpp=bpp, pixels=pixels)
        return pixels

    def snapshot(self) -> dict:
        with self._lock:
            return {str(pin): {"bpp": s["bpp"], "pixels": [list(p) for p in s["pixels"]]}
                    for pin, s in sorted(self.strips.items())}
