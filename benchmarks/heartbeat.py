"""Event-loop responsiveness and memory for the GUI benchmarks.

A `Heartbeat` is a 10 ms QTimer: the gaps between its ticks are how long the event loop was
busy (a gap of 60 ms is a 60 ms freeze the user would feel). It samples the process's resident
memory every fifth tick, so `peak_rss` is the peak during the measured run.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QTimer

HEARTBEAT_MS = 10
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """Resident memory of this process, in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 1e6


class Heartbeat:
    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.peak_rss = rss_mb()
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now
        if len(self.gaps) % 5 == 0:
            self.peak_rss = max(self.peak_rss, rss_mb())
