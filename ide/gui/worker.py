"""The device worker: one QObject in its own QThread owns a board session; widgets use signals.

Widgets never touch a serial port. Its public methods (`open_port`, `send`, `deploy`, ...) only
emit request signals, which Qt queues to the worker's thread, and the board's output, state,
progress and errors come back as signals. Between commands the worker polls the port so program
output streams into the console: each poll takes everything that has arrived (up to
`POLL_LIMIT` bytes, after which it polls again at once) and emits it as one chunk.

Two calls act directly, from any thread, because a queued request would wait behind the command
in progress: `cancel()` stops a long deploy or file operation at its next read, and
`interrupt()` (Stop, Ctrl-C) has Ctrl-C sent before the worker's next read, so it reaches a
flooding program within one poll even while a Run follows its output. A Stop is followed until the
board shows that it took it (`KeyboardInterrupt` or a prompt): a Ctrl-C that arrived while the
board was still booting the program (a real board drops it too) is sent again.

Widgets connect to `worker.events`, a twin of the worker's signals living in the GUI thread:
its signals arrive queued in the GUI thread, so even a lambda connected there runs on it.

A lost connection (cable pulled, board reset on native USB) is retried every second, by name and
by USB identity (`find_port_again`), until it comes back or another port is chosen.
"""

from __future__ import annotations

import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from ide.core.boards import DEPLOY_RAW_REPL
from ide.core.errors import BoardError, IdeError, PortError
from ide.core.link.connection import Cancelled, Connection
from ide.i18n import _

if TYPE_CHECKING:
    from ide.core.link.rawrepl import RawRepl  # imported when first used: mpremote costs 40 ms at start-up

POLL_MS = 20
PROMPT = b">>> "
PROMPT_WAIT = 1.0           # seconds the friendly prompt may take after leaving the raw REPL
POLL_LIMIT = 256 * 1024     # bytes one poll takes at most before it lets other requests run
POLL_BUDGET = 0.008         # seconds one poll may spend reading
RECONNECT_MS = 1000
RUN = "run"
STOP_REPEAT = 0.3           # seconds after which a Ctrl-C the board showed no sign of taking is sent again
STOP_WINDOW = 3.0           # seconds a Stop is followed
STOP_SIGNS = (PROMPT, b"KeyboardInterrupt")

DISCONNECTED, CONNECTING, IDLE, BUSY, LOST = "disconnected", "connecting", "idle", "busy", "lost"


class DeviceEvents(QObject):
    """The worker's signals, delivered in the GUI thread (connect widgets here)."""

    output = Signal(bytes)
    state_changed = Signal(str)
    progress = Signal(str, int, int)
    status = Signal(str)
    deployed = Signal(dict)
    mirror_previewed = Signal(dict)
    finished = Signal(str)
    failed = Signal(str, str)
    crashed = Signal(str)


class DeviceWorker(QObject):
    """Owns the connection to one board. Create it, then `start()`; slots run in its thread."""

    output = Signal(bytes)
    state_changed = Signal(str)
    progress = Signal(str, int, int)      # board path, bytes done, bytes total
    status = Signal(str)                  # a message for the user while a command runs
    deployed = Signal(dict)               # DeployResult.summary()
    mirror_previewed = Signal(dict)       # {"project", "files", "board", "target", "deletes": [rel, ...]}
    finished = Signal(str)                # name of the command that ended normally
    failed = Signal(str, str)             # message, hint (a user-facing error)
    crashed = Signal(str)                 # a bug: the traceback text

    SIGNALS = ("output", "state_changed", "progress", "status", "deployed", "mirror_previewed", "finished", "failed",
               "crashed")  # what `events` repeats in the GUI thread

    # requests, emitted by the public methods from any thread and run in the worker's thread
    _open_requested = Signal(str, int)
    _close_requested = Signal()
    _send_requested = Signal(bytes)
    _hard_reset_requested = Signal()
    _deploy_requested = Signal(str, list, object)
    _mirror_preview_requested = Signal(str, list)
    _run_requested = Signal(bytes)
    _interrupt_requested = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.events = DeviceEvents()
        self._forward(self.SIGNALS)
        self._thread = QThread()
        self._thread.setObjectName("device-worker")
        self.moveToThread(self._thread)
        self._conn: Connection | None = None
        self._port = ""
        self._baud = 115200
        self._state = DISCONNECTED
        self._command_name = ""
        self._stop_until = 0.0     # a Stop is followed until then (worker thread)
        self._stop_sent = 0.0      # when its last Ctrl-C went out
        self._stop_seen = b""      # the end of the output since the Stop
        self._tail = b""             # the last bytes emitted as output
        self._cancel = threading.Event()
        self._last_info = None
        self._poll = None
        self._retry = None
        self._thread.started.connect(self._setup)
        self._open_requested.connect(self._do_open)
        self._close_requested.connect(self._do_close)
        self._send_requested.connect(self._do_send)
        self._hard_reset_requested.connect(self._do_hard_reset)
        self._deploy_requested.connect(self._do_deploy)
        self._mirror_preview_requested.connect(self._do_mirror_preview)
        self._run_requested.connect(self._do_run)
        self._interrupt_requested.connect(self._do_interrupt)

    def _forward(self, names: tuple[str, ...]) -> None:
        for name in names:
            getattr(self, name).connect(getattr(self.events, name))

    # -- life (GUI thread) -------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_ms: int = 5000) -> None:
        """Close the port and end the thread (call from the GUI thread)."""
        self._cancel.set()
        if self._thread.isRunning():
            QMetaObject.invokeMethod(self, "_shutdown", Qt.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait(timeout_ms)

    def cancel(self) -> None:
        """Stop the command in progress at its next read (thread-safe)."""
        self._cancel.set()

    def interrupt(self) -> None:
        """Ctrl-C for the board's program, sent before the worker's next read (thread-safe): within
        one poll, whether the program's output streams between commands or a Run follows it.
        During a deploy or a file operation it is sent when that ends (a Ctrl-C in the middle of
        a transfer would be taken as data): a deploy completes, and the program it started stops."""
        conn = self._conn
        now = conn is not None and not (self._state == BUSY and self._command_name != RUN)
        if now:
            conn.interrupt()
        self._interrupt_requested.emit(now)  # queued: runs once the command in progress has ended

    @property
    def state(self) -> str:
        return self._state

    # -- set-up in the worker thread ---------------------------------------------------------
    @Slot()
    def _setup(self) -> None:
        self._poll = QTimer(self)
        self._poll.setSingleShot(True)   # each poll starts the next: at once while output floods in
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._read_output)
        self._retry = QTimer(self)
        self._retry.setInterval(RECONNECT_MS)
        self._retry.timeout.connect(self._reconnect)

    @Slot()
    def _shutdown(self) -> None:
        self._close()
        for timer in (self._poll, self._retry):
            if timer is not None:
                shiboken6.delete(timer)  # timers die in the thread that runs them
        self._poll = self._retry = None
        self._set_state(DISCONNECTED)

    # -- requests (any thread) ---------------------------------------------------------------
    def open_port(self, port: str, baud: int = 115200) -> None:
        self._open_requested.emit(port, baud)

    def close_port(self) -> None:
        self._close_requested.emit()

    def send(self, data: bytes) -> None:
        """Bytes typed in the console (including Ctrl-C / Ctrl-D)."""
        self._send_requested.emit(bytes(data))

    def soft_reset(self) -> None:
        """Ctrl-C, leave the raw REPL, Ctrl-D: a running command is interrupted first."""
        if self._state == BUSY:
            self.interrupt()
        self.send(b"\x03\x02\x04")

    def hard_reset(self) -> None:
        """Pulse the reset line (EN via RTS on ESP32 boards); a virtual board gets a soft reset."""
        if self._state == BUSY:
            self.interrupt()
        self._hard_reset_requested.emit()

    def deploy(self, project: str, files: list, mirror: list | None = None) -> None:
        """Deploy `files` ([(relative path, host path)]) of the project folder, then run main.py.
        `mirror`: also delete these files of the app folder (as `preview_mirror` listed them)."""
        self._deploy_requested.emit(str(project), _pairs(files), None if mirror is None else list(mirror))

    def preview_mirror(self, project: str, files: list) -> None:
        """What a mirror of the project would delete on the board: `mirror_previewed(preview)`."""
        self._mirror_preview_requested.emit(str(project), _pairs(files))

    def run_source(self, source: bytes) -> None:
        """Run code without saving it on the board; its output streams as it comes."""
        self._run_requested.emit(bytes(source))

    # -- slots (worker thread) ---------------------------------------------------------------
    @Slot(str, int)
    def _do_open(self, port: str, baud: int) -> None:
        self._close()
        self._port, self._baud = port, baud
        self._set_state(CONNECTING)
        if not self._guard("open", self._open):
            self._set_state(LOST if self._port and self._retry.isActive() else DISCONNECTED)

    @Slot()
    def _do_close(self) -> None:
        self._close()
        self._port = ""
        self._set_state(DISCONNECTED)

    @Slot(bytes)
    def _do_send(self, data: bytes) -> None:
        if self._conn is not None:
            self._guard("send", lambda: self._conn.write(data))

    @Slot()
    def _do_hard_reset(self) -> None:
        if self._conn is not None and not self._conn.pulse_reset():
            self._do_send(b"\x03\x02\x04")

    @Slot(str, list, object)
    def _do_deploy(self, project: str, files: list, mirror: list | None) -> None:
        self._command("deploy", lambda: self._deploy(project, files, False if mirror is None else mirror))

    def _deploy(self, project: str, files: list, mirror: bool | list):
        """The board's way to deploy (a project settings file that cannot be read fails it)."""
        from ide.core import deploymethods

        board = deploymethods.board_for(project)
        if deploymethods.method_name(board) == DEPLOY_RAW_REPL:
            return self._deploy_raw_repl(project, files, mirror)
        return self._deploy_by_plugin(project, files, board)

    def _deploy_raw_repl(self, project: str, files: list, mirror: bool | list, dry_run: bool = False):
        from ide.core.deploy import deploy, local_files

        from ide.core.link.rawrepl import RawRepl

        result = deploy(RawRepl(self._conn), local_files((rel, Path(host)) for rel, host in files),
                        app_dir=_pinned_app_dir(project), dry_run=dry_run, mirror=mirror,
                        on_progress=self.progress.emit, on_status=self.status.emit)
        if dry_run:
            return result
        return lambda: self.deployed.emit(result.summary())

    @Slot(str, list)
    def _do_mirror_preview(self, project: str, files: list) -> None:
        def work():
            result = self._deploy_raw_repl(project, files, True, dry_run=True)
            preview = {"project": project, "files": files, "board": result.plan.board.describe(),
                       "target": result.plan.app_dir, "deletes": list(result.plan.deletes)}
            return lambda: self.mirror_previewed.emit(preview)

        self._command("mirror-preview", work)

    def _deploy_by_plugin(self, project: str, files: list, board: dict):
        from ide.api import DeploySession
        from ide.core import deploymethods

        session = DeploySession(link=self._conn, files=deploymethods.session_files(files), project_dir=Path(project),
                                board=board, progress=self.progress.emit, status=self.status.emit,
                                cancelled=self._cancel.is_set, output=self.output.emit)
        summary = deploymethods.run_method(session)
        return lambda: self.deployed.emit(summary)

    @Slot(bytes)
    def _do_run(self, source: bytes) -> None:
        def work() -> None:
            from ide.core.link.rawrepl import RawRepl

            repl = RawRepl(self._conn, timeout=24 * 3600)
            repl.enter()
            repl.exec_raw_no_follow(source)
            _out, err = repl.follow(data_consumer=self._emit_output)
            if err:
                self._emit_output(err)
            leave_raw_repl(repl)
            self.show_prompt()

        self._command(RUN, work)

    @Slot(bool)
    def _do_interrupt(self, sent: bool) -> None:
        """Follow a Stop: its Ctrl-C goes out now unless `interrupt()` sent it already (a Stop
        pressed during a deploy comes here when the deploy has ended, for the program it started)."""
        if self._conn is None or (sent and self._tail.endswith(PROMPT)):
            return  # a Run that was stopped has ended at the prompt already
        if not sent:
            self._conn.interrupt()
        self._stop_until = time.monotonic() + STOP_WINDOW
        self._stop_sent = time.monotonic()
        self._stop_seen = b""

    def _follow_stop(self, data: bytes) -> None:
        """Within a Stop's window: done once the board shows it took the Ctrl-C, else send it again."""
        self._stop_seen = (self._stop_seen + data)[-64:]
        now = time.monotonic()
        if now > self._stop_until or any(sign in self._stop_seen for sign in STOP_SIGNS):
            self._stop_until = 0.0
        elif now - self._stop_sent >= STOP_REPEAT:
            self._conn.interrupt()
            self._stop_sent = now

    # -- internals ---------------------------------------------------------------------------
    def _open(self) -> None:
        self._conn = Connection(self._port, self._baud, cancel=self._cancel)
        self._last_info = _port_info(self._port)
        self._retry.stop()
        self._poll.start()
        self._set_state(IDLE)

    def _close(self) -> None:
        if self._poll is not None:
            self._poll.stop()
        if self._retry is not None:
            self._retry.stop()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _command(self, name: str, work) -> None:
        if self._conn is None:
            self.failed.emit(_("No board is connected."), _("Pick a port or the virtual board first."))
            return
        self._cancel.clear()
        self._poll.stop()
        self._command_name = name
        self._set_state(BUSY)
        after = []
        ok = self._guard(name, lambda: after.append(work()))
        self._command_name = ""
        self._cancel.clear()  # a stop ends with the command: reading the board's output goes on
        if self._conn is not None:
            self._poll.start()
            self._set_state(IDLE)  # before the results: a listener may start the next command at once
        if ok:
            if after and callable(after[0]):
                after[0]()
            self.finished.emit(name)

    def _guard(self, name: str, work) -> bool:
        """Run `work`, turning errors into signals; a lost port starts reconnecting."""
        try:
            work()
            return True
        except Cancelled:
            if self._conn is not None:
                self._conn.write(b"\x03")
            self.failed.emit(_("Stopped."), "")
        except PortError as exc:
            self._lost(exc)
        except IdeError as exc:
            self.failed.emit(exc.message, exc.hint)
        except Exception:  # a bug: show it, keep the worker alive
            self.crashed.emit(traceback.format_exc())
        return False

    def _read_output(self) -> None:
        """One poll: take what has arrived, emit it as one chunk, and start the next poll."""
        if self._conn is None:
            return
        data = bytearray()
        try:
            full = self._read_available(data)
        except Cancelled:  # the worker is stopping
            return
        except PortError as exc:
            if data:
                self._emit_output(bytes(data))
            self._lost(exc)
            return
        chunk = bytes(data)
        if chunk:
            self._emit_output(chunk)
        if self._stop_until:
            self._follow_stop(chunk)
        self._poll.start(0 if full else POLL_MS)

    def _emit_output(self, data: bytes) -> None:
        self._tail = (self._tail + data)[-len(PROMPT):]
        self.output.emit(data)

    def show_prompt(self) -> None:
        """After a command that left the raw REPL quietly: the console shows the friendly prompt,
        on a line of its own, unless it already ends with one (worker thread)."""
        if not self._tail.endswith(PROMPT):
            self._emit_output(PROMPT if self._tail.endswith(b"\n") else b"\r\n" + PROMPT)

    def _read_available(self, data: bytearray) -> bool:
        """Read into `data` until nothing more waits, `POLL_LIMIT` bytes or `POLL_BUDGET` seconds.

        True when it stopped at the byte limit: the next poll follows at once. Output that keeps
        trickling in until the time budget waits for the next regular poll instead, so a port
        that delivers in small pieces (RFC 2217) does not keep the worker spinning."""
        deadline = time.monotonic() + POLL_BUDGET
        while len(data) < POLL_LIMIT:
            chunk = self._conn.read_some(0.0)
            if not chunk:
                return False
            data += chunk
            if time.monotonic() >= deadline:
                return False
        return True

    def _lost(self, exc: PortError) -> None:
        self._close()
        self.failed.emit(exc.message, exc.hint)
        if self._port:
            self._set_state(LOST)
            self._retry.start()

    def _reconnect(self) -> None:
        port = self._find_again()
        if port is None:
            return
        self._port = port
        try:
            self._open()
        except PortError:
            self._close()
            self._set_state(LOST)
            self._retry.start()

    def _find_again(self) -> str | None:
        """The port to retry: the same name, or the same USB device under a new name."""
        try:
            from ide.core.link.ports import find_port_again, list_ports

            ports = list_ports()
        except Exception:
            return self._port
        previous = next((p for p in ports if p.device == self._port), None)
        if previous is not None or "://" in self._port or self._port == "virtual":
            return self._port
        match = find_port_again(self._last_info, ports) if self._last_info is not None else None
        return match.device if match else None

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)


def leave_raw_repl(repl: RawRepl) -> None:
    """Back to the friendly REPL without showing its banner: leaving the raw REPL makes the board
    print its banner and prompt, which the console showed again after every file listing or Run.
    A board that prints no prompt in time is left alone (its bytes reach the console as usual)."""
    repl.exit()
    try:
        repl.conn.read_until(PROMPT, PROMPT_WAIT, idle=False)
    except BoardError:
        pass


def _pairs(files: list) -> list:
    return [[str(rel), str(host)] for rel, host in files]


def _pinned_app_dir(project: str) -> str | None:
    """The board folder the project pins for deploys (None: the firmware decides)."""
    from ide.core.link.survey import normal_app_dir
    from ide.core.project import Project

    return normal_app_dir(Project(project).settings.app_dir)


def _port_info(port: str):
    """The USB identity of `port` (to find it again under another name), if it has one."""
    if "://" in port or port == "virtual":
        return None
    try:
        from ide.core.link.ports import list_ports

        return next((p for p in list_ports(include_virtual=False) if p.device == port), None)
    except Exception:
        return None
