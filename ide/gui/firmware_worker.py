"""The firmware dialog's worker: plans and runs a flash in its own QThread, reporting by signals.

`FlashWorker.start_flash(request)` queues a `FlashRequest` to the worker's thread, which
- plans the flash (`ide.core.flashing.plan_flash`: every refusal before the board is touched),
- runs it in esptool's child process (`FlashJob`), passing each event on (`event(dict)`: the
  events of `ide.core.flashchild`, plus "plan" first), until `finished(dict)` or
  `failed(message, hint)`,
- then, for `banner_seconds`, listens on the port for the new firmware's MicroPython banner
  (`banner(str)`; a "listening" event says the port is open, so the user may press RESET),
- and emits `idle()`.
Setting the request's `cancel` event (any thread) ends the flash (the child process is killed)
or the listening. Nothing here waits on the GUI thread; `stop()` (GUI thread) ends the thread.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import asdict, dataclass, field

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ide.core.errors import IdeError
from ide.core.flashing import FlashJob, FlashPlan, plan_flash
from ide.i18n import _

BANNER_SECONDS = 15.0     # how long to wait for the board to start its new firmware
READ_SLICE = 0.1


@dataclass(frozen=True)
class FlashRequest:
    port: str
    board_id: str
    erase: bool = False
    baud: int | None = None
    banner_seconds: float = BANNER_SECONDS
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)


def plan_event(plan: FlashPlan) -> dict:
    """The "plan" event: what is about to be flashed where."""
    app = plan.image.image.app if plan.image.image else None
    return {"event": "plan", "port": plan.port, "board": plan.board_id, "board_name": plan.board_name,
            "entry": plan.entry.id, "image": plan.image.name, "source": plan.source, "size": len(plan.image.data),
            "version": app.version if app else plan.entry.version, "sha256": plan.image.sha256,
            "offset": plan.offset, "erase": plan.erase, "baud": plan.baud}


def read_banner(port: str, baud: int, cancel: threading.Event, seconds: float, on_open=None) -> str:
    """The MicroPython banner the board prints within `seconds` ("" if none, or the port fails)."""
    from ide.core.console import Banner, ConsoleStream
    from ide.core.link.connection import Cancelled, Connection

    stream = ConsoleStream()
    try:
        with Connection(port, baud, cancel) as connection:
            if on_open is not None:
                on_open()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                for event in stream.feed(connection.read_some(READ_SLICE)):
                    if isinstance(event, Banner):
                        return f"MicroPython {event.version} on {event.date}; {event.machine}"
    except (IdeError, Cancelled):
        pass
    return ""


class FlashWorker(QObject):
    """Runs flash requests one at a time in its own thread (see the module docstring)."""

    event = Signal(dict)
    finished = Signal(dict)          # FlashResult as a dict, plus port, board, entry, image
    failed = Signal(str, str)        # message, hint
    banner = Signal(str)
    idle = Signal()

    _requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName("flash-worker")
        self.moveToThread(self._thread)
        self._requested.connect(self._run)

    # -- GUI thread --------------------------------------------------------------------------
    def start_flash(self, request: FlashRequest) -> None:
        if not self._thread.isRunning():
            self._thread.start()
        self._requested.emit(request)

    def stop(self, timeout_ms: int = 15000) -> None:
        """End the thread once the request in progress returns (cancel it first)."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(timeout_ms)

    # -- worker thread -----------------------------------------------------------------------
    @Slot(object)
    def _run(self, request: FlashRequest) -> None:
        try:
            plan = self._flash(request)
            if plan is not None and request.banner_seconds > 0 and not request.cancel.is_set():
                from ide.core.boards import get_board

                text = read_banner(request.port, get_board(plan.board_id).baud, request.cancel,
                                   request.banner_seconds, lambda: self.event.emit({"event": "listening"}))
                self.banner.emit(text)
        except Exception as error:  # a bug: report it rather than lose the thread
            self.failed.emit(_("Flashing failed unexpectedly: {reason}").format(reason=f"{type(error).__name__}: "
                                                                                      f"{error}"),
                             traceback.format_exc(limit=5))
        finally:
            self.idle.emit()

    def _flash(self, request: FlashRequest) -> FlashPlan | None:
        """Plan and flash; the plan on success, None after `failed` was emitted."""
        try:
            plan = plan_flash(request.port, request.board_id, erase=request.erase, baud=request.baud)
            self.event.emit(plan_event(plan))
            job = FlashJob(plan, on_event=self.event.emit)
            if request.cancel.is_set():
                job.cancel()
                raise job.interrupted()
            result = job.start().run(request.cancel)
        except IdeError as error:
            self.failed.emit(error.message, error.hint)
            return None
        self.finished.emit({**asdict(result), "port": plan.port, "board": plan.board_id, "entry": plan.entry.id,
                            "image": plan.image.name, "source": plan.source})
        return plan
