"""Background jobs for the editor: completion (jedi) and live checks run off the UI thread.

`submit(pool_name, job, deliver)` runs `job()` on a single-thread QThreadPool of that name and
calls `deliver(result)` back on the UI thread. Results travel through one relay QObject that lives
as long as the application, so a job never emits on an object that was deleted meanwhile; a
`deliver` bound to a Qt object that has gone (its editor was closed) is skipped. Each pool has one
thread, so jobs of a kind run in order and jedi (not thread-safe) never runs twice at once.
Callers decide whether a result is still current (the editor's text version) when it arrives.
"""

from __future__ import annotations

import atexit
import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
FAILED = object()  # delivered instead of a result when the job raised (already logged)
_pools: dict[str, QThreadPool] = {}
_relay: "_Relay | None" = None


class _Relay(QObject):
    """Carries (deliver, result) from a pool thread to the UI thread (a queued connection)."""

    done = Signal(object, object)

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        self.done.connect(self._deliver)

    def _deliver(self, deliver: Callable[[Any], None], result: Any) -> None:  # a method: runs on the UI thread
        owner = getattr(deliver, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            return
        deliver(result)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, job: Callable[[], Any], deliver: Callable[[Any], None]) -> None:
        super().__init__()
        self.relay, self.job, self.deliver = relay, job, deliver

    def run(self) -> None:
        try:
            result = self.job()
        except Exception:  # a bug in a check or in jedi: log it, keep the editor working
            log.exception("editor background job failed")
            result = FAILED
        if shiboken6.isValid(self.relay):
            self.relay.done.emit(self.deliver, result)


def pool(name: str) -> QThreadPool:
    """The single-thread pool `name` ("jedi", "check"), created on first use."""
    if name not in _pools:
        threads = QThreadPool()
        threads.setMaxThreadCount(1)
        _pools[name] = threads
    return _pools[name]


def submit(pool_name: str, job: Callable[[], Any], deliver: Callable[[Any], None]) -> None:
    """Run `job()` on pool `pool_name`, then `deliver(result)` on the UI thread (call from the UI thread)."""
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = _Relay()
    pool(pool_name).start(_Job(_relay, job, deliver))


def wait_for_idle(timeout_ms: int = 10000) -> bool:
    """Wait until no job runs or waits in any pool (tests, benchmarks, shutdown); False on timeout."""
    return all(threads.waitForDone(timeout_ms) for threads in _pools.values())


@atexit.register
def _shutdown() -> None:
    for threads in _pools.values():
        threads.clear()
    wait_for_idle(5000)
