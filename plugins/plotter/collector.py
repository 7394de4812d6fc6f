"""From the console's batches of lines to rows of the table: timing, and decimation under a flood.

`Collector.feed(lines)` is the plugin's console listener. It runs on the UI thread from the start
of the IDE (so numbers printed before the Plotter is opened are there when it opens), stays
pure Python, and never takes long:

- **Times.** A batch arrives at once, but its lines were printed over the time since the previous
  batch: they are spread evenly over that interval (at most `SPREAD_MAX` seconds), so a flood
  does not stack every batch on one x value. Times are seconds since the first row.
- **Flood budget.** Parsing costs a few microseconds a line. A token bucket allows `RATE` lines a
  second (bursts up to `BURST`); a batch larger than what is left is sampled at an even stride
  (every k-th line, its first lines and its last line always included, so a CSV header at the
  start of a run is still seen). The plot then shows 1 line in k, which keeps the shape of the
  signal; `sampled_lines` / `seen_lines` tell how much was looked at.
- **Pause** does not stop collecting: the panel freezes its view, the table keeps filling (it is
  bounded anyway), so after Resume nothing printed meanwhile is missing. Mu and Thonny have no
  pause at all; an oscilloscope's "stop" freezes the screen the same way.
"""

from __future__ import annotations

import time
from typing import Callable

from .model import SeriesTable
from .parse import LineParser

RATE = 20_000           # lines a second parsed at most, on average (a 921600-baud board prints < 10 000)
BURST = 5_000           # lines parsed at once at most (about 15 ms)
HEAD_LINES = 20         # first lines of a batch always parsed (headers)
SPREAD_MAX = 0.25       # seconds: the most a batch's lines are spread over


class Collector:
    """Parses console lines into a `SeriesTable`; `revision` changes whenever rows are added."""

    def __init__(self, table: SeriesTable | None = None, clock: Callable[[], float] = time.monotonic,
                 rate: float = RATE, burst: float = BURST) -> None:
        self.table = table if table is not None else SeriesTable()
        self.parser = LineParser()
        self.clock = clock
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._last_batch: float | None = None
        self._last_refill: float | None = None
        self._origin: float | None = None
        self.revision = 0
        self.batches = 0
        self.seen_lines = 0
        self.sampled_lines = 0
        self.stride = 1                 # 1: the last batch was parsed whole; k: 1 line in k

    def feed(self, lines: list[str]) -> None:
        """Take one batch of complete text lines from the console."""
        now = self.clock()
        self.batches += 1
        self.seen_lines += len(lines)
        if not lines:
            return
        start = self._batch_start(now)
        step = (now - start) / len(lines)
        added = 0
        for index in self._chosen(len(lines), now):
            sample = self.parser.parse(lines[index])
            if sample:
                self.table.append(self._relative(start + (index + 1) * step), sample)
                added += 1
        if added:
            self.revision += 1

    def clear(self) -> None:
        """Forget the data (the CSV header seen last is kept: the program still prints it so)."""
        self.table.clear()
        self._origin = None
        self.revision += 1

    # -- internals -------------------------------------------------------------------------------
    def _batch_start(self, now: float) -> float:
        previous = self._last_batch
        self._last_batch = now
        return now - SPREAD_MAX if previous is None else max(previous, now - SPREAD_MAX)

    def _relative(self, moment: float) -> float:
        if self._origin is None:
            self._origin = moment
        return moment - self._origin

    def _chosen(self, count: int, now: float) -> range | list[int]:
        """The indexes of the lines to parse in a batch of `count`, within the budget."""
        allowed = int(self._refill(now))
        if count <= allowed:
            self._tokens -= count
            self.sampled_lines += count
            self.stride = 1
            return range(count)
        allowed = max(allowed, HEAD_LINES + 1)
        head = list(range(min(HEAD_LINES, count)))
        stride = max(1, (count - len(head)) // (allowed - len(head)))
        chosen = head + list(range(len(head) + stride - 1, count, stride))
        if chosen[-1] != count - 1:
            chosen.append(count - 1)
        self._tokens = max(0.0, self._tokens - len(chosen))
        self.sampled_lines += len(chosen)
        self.stride = stride
        return chosen

    def _refill(self, now: float) -> float:
        elapsed = 0.0 if self._last_refill is None else max(0.0, now - self._last_refill)
        self._last_refill = now
        self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
        return self._tokens
