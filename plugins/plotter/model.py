"""The plotted data: a bounded table of rows, one column per series (pure Python, no Qt, no numpy).

Every data line becomes one row: its time (seconds since the first row) and one value per series,
NaN where the line did not give that series a value. Keeping the columns aligned makes a CSV
export one row per printed line, and lets a series appear later (earlier rows get NaN).

Columns are `array('d')` (8 bytes a value). The table keeps at most `capacity` rows: past that,
the oldest rows go (in steps of a quarter of the capacity, so dropping is amortised O(1)), and at
most `MAX_SERIES` series: values for further names are ignored. Memory is therefore bounded by
about 1.25 x capacity x (MAX_SERIES + 1) x 8 bytes, whatever the board prints.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from typing import Iterable

from .parse import Key, Sample

CAPACITY = 100_000
MAX_SERIES = 16
NAN = math.nan


class SeriesTable:
    """Rows of (time, value per series), oldest first, at most `capacity` of them."""

    def __init__(self, capacity: int = CAPACITY, max_series: int = MAX_SERIES) -> None:
        self.capacity = capacity
        self.max_series = max_series
        self.clear()

    def clear(self) -> None:
        """Forget every row and every series."""
        self.keys: list[Key] = []
        self._index: dict[Key, int] = {}
        self.times = array("d")
        self.columns: list[array] = []
        self.dropped_rows = 0

    def __len__(self) -> int:
        return len(self.times)

    def append(self, time: float, sample: Sample) -> None:
        """Add one row: `time` in seconds (never earlier than the last row's) and its values."""
        row = [NAN] * len(self.columns)
        for key, value in sample:
            index = self._index.get(key)
            if index is None:
                index = self._add_series(key)
                if index is None:
                    continue
                row.append(NAN)
            row[index] = value
        self.times.append(time)
        for column, value in zip(self.columns, row):
            column.append(value)
        if len(self.times) > self.capacity + self.capacity // 4:
            self._drop(len(self.times) - self.capacity)

    def _add_series(self, key: Key) -> int | None:
        if len(self.keys) >= self.max_series:
            return None
        self._index[key] = len(self.keys)
        self.keys.append(key)
        self.columns.append(array("d", [NAN]) * len(self.times))
        return len(self.keys) - 1

    def _drop(self, count: int) -> None:
        del self.times[:count]
        for column in self.columns:
            del column[:count]
        self.dropped_rows += count

    # -- reading -------------------------------------------------------------------------------
    def last_time(self) -> float | None:
        return self.times[-1] if self.times else None

    def start_of(self, seconds: float) -> int:
        """The index of the first row in the last `seconds` before the last row."""
        if not self.times:
            return 0
        return bisect_left(self.times, self.times[-1] - seconds)

    def rows(self, start: int = 0) -> Iterable[tuple[float, list[float]]]:
        """(time, values in `keys` order) for each row from `start` on."""
        for index in range(start, len(self.times)):
            yield self.times[index], [column[index] for column in self.columns]

    def memory_bytes(self) -> int:
        """What the values take (the arrays' items; their spare room is not counted)."""
        return 8 * len(self.times) * (1 + len(self.columns))
