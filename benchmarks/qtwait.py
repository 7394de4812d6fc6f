"""Drive the Qt event loop until something is true, for the GUI benchmarks (nothing sleeps)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QTimer


def wait_until(predicate, timeout: float = 60.0, signals=()) -> float:
    """Run the event loop until `predicate()` is true; return the perf_counter time it became true.

    The predicate is checked on a 2 ms poll and whenever one of `signals` fires. Exits the process
    with a message when `timeout` seconds pass first."""
    if predicate():
        return time.perf_counter()
    loop = QEventLoop()
    found: list[float] = []

    def check(*_args) -> None:
        if not found and predicate():
            found.append(time.perf_counter())
            loop.quit()

    poll = QTimer()
    poll.setInterval(2)
    poll.timeout.connect(check)
    poll.start()
    for signal in signals:
        signal.connect(check)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(timeout * 1000))
    loop.exec()
    poll.stop()
    for signal in signals:
        signal.disconnect(check)
    if not found:
        what = getattr(predicate, "__doc__", None) or getattr(predicate, "__code__", predicate)
        raise SystemExit(f"timed out after {timeout} s waiting for {what}")
    return found[0]


def run_for(seconds: float) -> None:
    """Run the event loop for `seconds`."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
