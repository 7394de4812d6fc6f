"""What the plot draws: the rows in the time window, per series, at most two points a pixel (numpy).

`window_arrays(table, seconds)` copies the rows of the last `seconds` out of the table as numpy
arrays. `series_points(times, values, buckets)` keeps a series' finite values (a series that a
line did not mention has NaN there, and a NaN would cut the curve) and, when there are more than
two a bucket, replaces each bucket by its minimum and its maximum at the bucket's first time:
the "peak" decimation oscilloscopes use, which keeps every spike visible at any zoom. With one
bucket a pixel column, the drawn curve looks the same as the full one and costs at most
2 x buckets points, whatever the number of rows.
"""

from __future__ import annotations

import numpy as np

from .model import SeriesTable


def window_arrays(table: SeriesTable, seconds: float | None) -> tuple[np.ndarray, list[np.ndarray]]:
    """(times, one values array per series) of the rows in the last `seconds` (None: all rows)."""
    start = 0 if seconds is None else table.start_of(seconds)
    times = _copy(table.times, start)
    return times, [_copy(column, start) for column in table.columns]


def _copy(column, start: int) -> np.ndarray:
    # Slicing an array('d') copies it, so the table can grow again at once (a numpy view of the
    # table's own array would forbid resizing it).
    return np.frombuffer(column[start:], dtype=np.float64)


def series_points(times: np.ndarray, values: np.ndarray, buckets: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The (x, y) to draw for one series: its finite values, min/max-decimated into `buckets`."""
    finite = np.isfinite(values)
    if not finite.all():
        times, values = times[finite], values[finite]
    if buckets is None or len(values) <= 2 * buckets:
        return times, values
    return min_max(times, values, buckets)


def min_max(times: np.ndarray, values: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Each of `buckets` runs of equal length becomes two points: (first time, min), (first time, max)."""
    starts = np.unique(np.linspace(0, len(values), buckets, endpoint=False).astype(np.intp))
    low = np.minimum.reduceat(values, starts)
    high = np.maximum.reduceat(values, starts)
    y = np.empty(2 * len(starts))
    y[0::2], y[1::2] = low, high
    return np.repeat(times[starts], 2), y
