"""Flashing a board's firmware: a checked plan, then esptool in a process of ours that can be stopped.

    plan = plan_flash(port="/dev/ttyUSB0", board_id="esp32-devkitc")        # refuses bad images
    result = flash(plan, on_event=..., on_progress=..., cancel=threading.Event())

`plan_flash` does everything that needs no board: it finds the board's catalogue entry and its
image (bundled, imported, or `image=FILE`), checks the image (ESP header, chip family, checksum,
digest, size against the board's flash) and takes the offset from the catalogue. `flash` runs
`ide.core.flashchild` with the image, passes its events on (`on_event(dict)`, and
`on_progress(done, total)` while erasing or writing) and ends it when `cancel` is set; what went
wrong comes back as one IdeError with a hint. A GUI calls `flash` from a worker thread.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ide.core.errors import BoardError, FirmwareError, IdeError, PortError
from ide.core.firmware import (CheckedImage, FirmwareEntry, check_image, get_entry, read_firmware_file,
                               require_local_image)
from ide.i18n import _, language

DEFAULT_BAUD = 460800      # what the official IDE uses; falls back to 115200 when the line fails
ROM_BAUD = 115200
STDERR_TAIL = 4000

EventCallback = Callable[[dict], None]
ProgressCallback = Callable[[int, int], None]


class FlashInterrupted(FirmwareError):
    """The flash was cancelled or its process ended before it finished."""


@dataclass(frozen=True)
class FlashPlan:
    port: str
    board_id: str
    board_name: str
    chip: str                  # chip family the board has: "esp32", "esp32c3", "esp32s3"
    board_flash: int           # bytes of flash the board has
    entry: FirmwareEntry
    image: CheckedImage
    source: str                # "bundled", "imported" or "file"
    path: Path
    offset: int
    erase: bool
    baud: int

    @property
    def chip_name(self) -> str:
        return self.entry.chip_name

    def request(self) -> dict:
        """What the flashing process is told (the image bytes follow it)."""
        return {"port": self.port, "chip_name": self.chip_name, "offset": self.offset, "size": len(self.image.data),
                "min_flash": self.entry.flash_size, "erase": self.erase, "baud": self.baud, "lang": language()}


@dataclass(frozen=True)
class FlashResult:
    chip: str
    description: str
    mac: str | None
    flash_size: int | None
    baud: int
    baud_fallback: bool
    erased: bool
    written: int
    compressed: int
    seconds: float
    reset: bool                # False: the port cannot reset the board, the user presses RESET


def plan_flash(port: str, board_id: str, image: str | Path | None = None, erase: bool = False,
               baud: int | None = None) -> FlashPlan:
    """Everything checked that can be checked without the board; FirmwareError when the image is unfit."""
    from ide.core.boards import get_board

    board = get_board(board_id)
    if not board.flashable:
        raise FirmwareError(_("{board} runs stock MicroPython, whose firmware HaaS IDE does not flash.")
                            .format(board=board.name()),
                            _("Flash it with the tool its makers name (micropython.org/download); HaaS IDE "
                              "deploys to it all the same."))
    entry = get_entry(board.firmware)
    if not entry.esptool:
        raise FirmwareError(_("{board} is flashed with the HaaS burn tool over YMODEM, not with esptool.")
                            .format(board=board.name()),
                            _("Use the HaaS burn tool with {file} (haas-ide firmware import keeps a copy).")
                            .format(file=entry.file))
    if baud is not None and baud <= 0:
        raise FirmwareError(_("--baud must be a positive number."))
    if image is not None:
        data, name, _others = read_firmware_file(image, entry.file)
        source, path = "file", Path(image)
    else:
        local = require_local_image(entry)
        data, name, source, path = local.path.read_bytes(), local.path.name, local.source, local.path
    checked = check_image(data, entry, name, flash_size=board.flash_size)
    if source == "bundled" and entry.sha256 and checked.sha256 != entry.sha256:
        raise FirmwareError(_("The bundled {file} is damaged (its sha256 differs from the catalogue's).")
                            .format(file=entry.file), _("Reinstall HaaS IDE."))
    return FlashPlan(port=port, board_id=board.id, board_name=board.name(), chip=board.chip,
                     board_flash=board.flash_size, entry=entry, image=checked, source=source, path=path,
                     offset=entry.offset, erase=erase, baud=baud or DEFAULT_BAUD)


class FlashJob:
    """One flash in a child process. `run()` blocks (call it from a worker thread); `cancel()` may
    be called from any thread."""

    def __init__(self, plan: FlashPlan, on_event: EventCallback | None = None,
                 on_progress: ProgressCallback | None = None) -> None:
        self.plan = plan
        self.on_event = on_event
        self.on_progress = on_progress
        self.stage = ""
        self.progress = (0, 0)
        self._events: list[dict] = []
        self._cancelled = threading.Event()
        self._process: subprocess.Popen | None = None
        self._stderr = bytearray()

    def start(self) -> "FlashJob":
        flags = {"start_new_session": True} if sys.platform != "win32" else \
            {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
        self._process = subprocess.Popen([sys.executable, "-m", "ide.core.flashchild"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, **flags)
        self._stderr_reader = threading.Thread(target=self._collect_stderr, name="flash-stderr", daemon=True)
        self._stderr_reader.start()
        try:
            self._process.stdin.write(json.dumps(self.plan.request()).encode() + b"\n" + self.plan.image.data)
            self._process.stdin.close()
        except OSError:
            pass  # the process died at once: run() reports it
        return self

    def cancel(self) -> None:
        """Stop the flash now (the board is left as far as it got)."""
        self._cancelled.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def run(self, cancel: threading.Event | None = None) -> FlashResult:
        """Pass events on until the flash ends; the result, or the IdeError that ended it."""
        if self._process is None:
            self.start()
        watcher = _watch(cancel, self) if cancel is not None else None
        try:
            for line in self._process.stdout:
                self._handle(json.loads(line))
        except BaseException:  # KeyboardInterrupt, or a callback's error: stop the board work too
            self.cancel()
            raise
        finally:
            self._process.wait()
            if watcher is not None:
                watcher.set()
            self._stderr_reader.join(5)
            self._process.stdout.close()
            self._process.stderr.close()
        return self._outcome()

    # -- events ------------------------------------------------------------------------------
    def _handle(self, event: dict) -> None:
        self._events.append(event)
        kind = event.get("event")
        if kind == "stage":
            self.stage = event["stage"]
        elif kind == "progress":
            self.progress = (event["done"], event["total"])
            if self.on_progress is not None:
                self.on_progress(event["done"], event["total"])
        if self.on_event is not None:
            self.on_event(event)

    def _last(self, kind: str) -> dict | None:
        return next((e for e in reversed(self._events) if e.get("event") == kind), None)

    def _outcome(self) -> FlashResult:
        error = self._last("error")
        if error is not None:
            raise _error_for(error)
        done = self._last("done")
        if done is None or self._cancelled.is_set():
            raise self.interrupted()
        chip, baud, flash = self._last("chip") or {}, self._last("baud") or {}, self._last("flash") or {}
        return FlashResult(chip=chip.get("chip", ""), description=chip.get("description", ""), mac=chip.get("mac"),
                           flash_size=flash.get("size"), baud=baud.get("baud", ROM_BAUD),
                           baud_fallback=bool(baud.get("fallback")), erased=self.plan.erase,
                           written=done["written"], compressed=done["compressed"], seconds=done["seconds"],
                           reset=done["reset"])

    def interrupted(self) -> FlashInterrupted:
        """The error for a flash that did not finish, saying how far it got."""
        done, total = self.progress
        if self.stage in ("erase", "write", "reset"):
            percent = 100 * done // total if total else 0
            return FlashInterrupted(_("Flashing was interrupted at {percent}%: the firmware on the board is "
                                      "incomplete.").format(percent=percent),
                                    _("Flash the board again before using it."))
        if self._cancelled.is_set():
            return FlashInterrupted(_("Flashing was cancelled before anything was written: the board is unchanged."))
        detail = bytes(self._stderr).decode("utf-8", "replace").strip().splitlines()
        return FlashInterrupted(_("The flashing process stopped unexpectedly: {reason}")
                                .format(reason=detail[-1] if detail else "?"),
                                _("Try again; if it happens again, report it with the output of --json."))

    def _collect_stderr(self) -> None:
        for chunk in iter(lambda: self._process.stderr.read(1024), b""):
            self._stderr += chunk
            del self._stderr[:-STDERR_TAIL]


def flash(plan: FlashPlan, on_event: EventCallback | None = None, on_progress: ProgressCallback | None = None,
          cancel: threading.Event | None = None) -> FlashResult:
    """Flash `plan` (blocking); raise IdeError on failure, FlashInterrupted when cancelled."""
    return FlashJob(plan, on_event, on_progress).start().run(cancel)


def _watch(cancel: threading.Event, job: FlashJob) -> threading.Event:
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if cancel.wait(0.05):
                job.cancel()
                return

    threading.Thread(target=watch, name="flash-cancel", daemon=True).start()
    return finished


_ERROR_CLASSES: dict[str, type[IdeError]] = {"port": PortError, "no-answer": BoardError, "lost": PortError}


def _error_for(event: dict) -> IdeError:
    return _ERROR_CLASSES.get(event.get("kind", ""), FirmwareError)(event.get("message", ""), event.get("hint", ""))
