"""Saving the plot: the collected data as CSV, the drawn picture as PNG.

CSV: a header (`time_s` then one name per series), then one row per data line the board printed,
oldest first; a series the line did not give a value has an empty cell (as has a value that was
NaN or infinite). It holds every row kept, not only the time window on screen, so nothing the
plot still has is lost.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from .model import SeriesTable

TIME_COLUMN = "time_s"


def write_csv(table: SeriesTable, names: list[str], path: str | Path) -> int:
    """Write `table` with column `names` (one per series) to `path`; return the number of rows."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([TIME_COLUMN, *names])
        for time, values in table.rows():
            writer.writerow([f"{time:.6f}", *(_cell(value) for value in values)])
            count += 1
    return count


def _cell(value: float) -> str:
    if not math.isfinite(value):
        return ""
    return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def write_png(widget, path: str | Path) -> bool:
    """A picture of `widget` (the plot as drawn) saved as PNG; False when Qt could not write it."""
    return widget.grab().save(str(path), "PNG")
