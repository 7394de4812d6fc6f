"""The flashing process: esptool's library API driven for one flash, reporting JSON lines.

`ide.core.flashing` starts `python -m ide.core.flashchild`, writes one JSON request line and the
image bytes to its stdin, and reads events from its stdout, one JSON object a line:

    {"event": "stage", "stage": "connect" | "stub" | "baud" | "flash" | "erase" | "write" | "reset"}
    {"event": "chip", "chip": "ESP32", "description": ..., "mac": ...}
    {"event": "baud", "baud": 460800, "requested": 460800, "fallback": false}
    {"event": "flash", "size": 4194304}
    {"event": "progress", "stage": "write", "done": 1234, "total": 5678}
    {"event": "log", "level": "info" | "note" | "warning" | "error", "text": ...}
    {"event": "done", "reset": true, "written": ..., "compressed": ..., "seconds": ...}
    {"event": "error", "kind": ..., "message": ..., "hint": ...}

A process of its own because esptool's logger is process-wide and its calls cannot be
interrupted: the IDE cancels a flash by ending this process. Nothing here prints: `run()` reports
through `emit`, and `main()` is the only writer of the JSON channel.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from typing import Any, Callable

import serial

from ide.core.errors import IdeError
from ide.i18n import _, set_language

ROM_BAUD = 115200
PROBE_TIMEOUT = 1.0       # a register read at the new baud rate answers within milliseconds
SERIAL_TIMEOUT = 3.0      # esptool's default command timeout, set once on the port
CONNECT_ATTEMPTS = 4      # one round of esptool's four reset strategies

Emit = Callable[[dict], None]


class Failure(Exception):
    """Ends the flash with an error event of `kind`."""

    def __init__(self, kind: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.kind, self.message, self.hint = kind, message, hint


def _logger_class():
    from esp_pylib.logger import EspLogBase

    class EventLogger(EspLogBase):
        """esptool's output as events: lines as "log", progress bars as "progress"."""

        def __init__(self, emit: Emit) -> None:
            self.emit = emit
            self.stage_name = "connect"
            self.last_total = 0
            self._partial = ""

        def print(self, *args: Any, sep: str = " ", end: str = "\n", **_kwargs: Any) -> None:
            self._partial += sep.join(str(a) for a in args) + end
            *lines, self._partial = self._partial.split("\n")
            for line in lines:
                if line.strip():
                    self.emit({"event": "log", "level": "info", "text": line.strip()})

        def _message(self, level: str, args: tuple) -> None:
            self.emit({"event": "log", "level": level, "text": " ".join(str(a) for a in args).strip()})

        def note(self, *args: Any) -> None:
            self._message("note", args)

        def warn(self, *args: Any, suggestion: str | None = None) -> None:
            self._message("warning", args)

        def err(self, *args: Any, suggestion: str | None = None) -> None:
            self._message("error", args)

        def hint(self, *args: Any) -> None:
            self._message("note", args)

        def debug(self, *args: Any) -> None:
            pass

        def set_verbosity(self, mode: int | str) -> None:
            pass

        def progress_bar(self, cur_iter: int, total_iters: int, prefix: str = "", suffix: str = "",
                         bar_length: int = 30) -> None:
            self.last_total = total_iters
            self.emit({"event": "progress", "stage": self.stage_name, "done": cur_iter, "total": total_iters})

    return EventLogger


class Flasher:
    """One flash: connect, check the chip, stub, baud rate, flash size, erase, write, verify, reset."""

    def __init__(self, request: dict, data: bytes, emit: Emit) -> None:
        from esptool.logger import log

        self.request = request
        self.data = data
        self.emit = emit
        self.logger = _logger_class()(emit)
        log.set_logger(self.logger)
        self.port: serial.SerialBase | None = None
        self.esp = None

    def stage(self, name: str) -> None:
        self.logger.stage_name = name
        self.emit({"event": "stage", "stage": name})

    def run(self) -> None:
        started = time.monotonic()
        self.port = open_port(self.request["port"])
        try:
            self.stage("connect")
            self.esp = self.connect()
            self.check_chip()
            self.stage("stub")
            self.esp = self.start_stub(self.esp)
            self.stage("baud")
            self.set_baud(int(self.request["baud"]))
            self.stage("flash")
            self.check_flash()
            if self.request.get("erase"):
                self.stage("erase")
                self.erase()
            self.stage("write")
            written = self.write()
            self.stage("reset")
            reset = self.reset()
            self.emit({"event": "done", "reset": reset, "written": len(self.data), "compressed": written,
                       "seconds": round(time.monotonic() - started, 3)})
        finally:
            self.port.close()

    # -- steps -------------------------------------------------------------------------------
    def connect(self):
        from esptool import connect_esp
        from esptool.util import FatalError

        try:
            return connect_esp(port=self.port, chip="auto", initial_baud=ROM_BAUD, before="default-reset",
                               connect_attempts=int(self.request.get("connect_attempts", CONNECT_ATTEMPTS)))
        except (FatalError, OSError, serial.SerialException):
            raise Failure("no-answer", _("The board on {port} does not answer as an ESP32 bootloader.")
                          .format(port=self.request["port"]),
                          _("Hold the BOOT button, press and release RESET, release BOOT, then try again.")) from None

    def check_chip(self) -> None:
        esp = self.esp
        description = _safe(esp.get_chip_description) or esp.CHIP_NAME
        mac = _safe(lambda: ":".join(f"{b:02x}" for b in esp.read_mac()))
        self.emit({"event": "chip", "chip": esp.CHIP_NAME, "description": description, "mac": mac})
        if esp.CHIP_NAME != self.request["chip_name"]:
            raise Failure("wrong-chip", _("The board on {port} has an {chip}, but this firmware is for an {expected}: "
                                          "nothing was written.").format(port=self.request["port"], chip=esp.CHIP_NAME,
                                                                         expected=self.request["chip_name"]),
                          _("Check --board (haas-ide boards lists them) and pick the firmware for this chip."))

    def start_stub(self, esp):
        from esptool import run_stub
        from esptool.util import FatalError

        try:
            return run_stub(esp)
        except (FatalError, OSError, serial.SerialException) as error:
            raise Failure("no-answer", _("The board stopped answering while the flasher started: {reason}")
                          .format(reason=error), _("Press RESET on the board and try again.")) from None

    def set_baud(self, baud: int) -> None:
        """Switch to `baud`; when the board stops answering there, start over at 115200."""
        if baud != ROM_BAUD:
            try:
                self._change_baud(baud)
            except Exception:
                self.emit({"event": "baud", "baud": ROM_BAUD, "requested": baud, "fallback": True})
                self.port.baudrate = ROM_BAUD
                self.stage("connect")
                self.esp = self.connect()
                self.check_chip()
                self.stage("stub")
                self.esp = self.start_stub(self.esp)
                return
        self.emit({"event": "baud", "baud": baud, "requested": baud, "fallback": False})

    def _change_baud(self, baud: int) -> None:
        from esptool.loader import ESPLoader

        self.esp.change_baud(baud)
        self.esp.read_reg(ESPLoader.CHIP_DETECT_MAGIC_REG_ADDR, timeout=PROBE_TIMEOUT)

    def check_flash(self) -> None:
        from esptool import attach_flash
        from esptool.cmds import detect_flash_size
        from esptool.util import flash_size_bytes

        attach_flash(self.esp)
        detected = detect_flash_size(self.esp)
        size = flash_size_bytes(detected) if detected else None
        self.emit({"event": "flash", "size": size})
        if size is None:
            return
        need = max(int(self.request["min_flash"]), int(self.request["offset"]) + len(self.data))
        if need > size:
            raise Failure("too-big", _("This firmware needs {need} KiB of flash but the board has {size} KiB: "
                                       "nothing was written.").format(need=-(-need // 1024), size=size // 1024),
                          _("Pick the firmware made for this board's flash size."))

    def erase(self) -> None:
        from esptool import erase_flash

        erase_flash(self.esp)

    def write(self) -> int:
        """Write compressed, with esptool's MD5 check of what landed in flash; returns bytes sent."""
        from esptool import write_flash
        from esptool.util import FatalError

        offset = int(self.request["offset"])
        try:
            write_flash(self.esp, [(offset, self.data)], flash_size="keep", compress=True)
        except (serial.SerialException, OSError) as error:
            raise Failure("lost", _("The connection to {port} was lost while writing: {reason}")
                          .format(port=self.request["port"], reason=error),
                          _("The firmware on the board is incomplete: reconnect the board and flash again.")) from None
        except FatalError as error:
            if self._verify_fails(offset):
                raise Failure("verify", _("Verification failed: the flash does not hold the image that was written."),
                              _("Erase the flash (--erase) and flash again; if it fails again, the board's "
                                "flash may be faulty.")) from None
            raise Failure("write", _("Writing failed: {reason}").format(reason=error),
                          _("The firmware on the board is incomplete: flash it again.")) from None
        return self.logger.last_total

    def _verify_fails(self, offset: int) -> bool:
        try:
            padded = self.data + b"\xff" * (-len(self.data) % 4)
            return self.esp.flash_md5sum(offset, len(padded)) != hashlib.md5(padded).hexdigest()
        except Exception:
            return False

    def reset(self) -> bool:
        """Hard reset through RTS when the port carries it; False when the user must press RESET."""
        from esptool import reset_chip

        if not _controls_lines(self.port):
            return False
        reset_chip(self.esp, "hard-reset")
        return True


# -- the port ----------------------------------------------------------------------------------
def open_port(name: str) -> serial.SerialBase:
    """Open the port as esptool would (exclusive), with esptool's command timeout set once."""
    try:
        port = serial.serial_for_url(name, do_not_open=True, exclusive=True, timeout=SERIAL_TIMEOUT,
                                     baudrate=ROM_BAUD)
        port.open()
        return port
    except (OSError, serial.SerialException, ValueError) as error:
        raise _port_failure(name, error) from None


def _port_failure(name: str, error: Exception) -> Failure:
    from ide.core.link.connection import open_error

    problem = open_error(name, error)  # the link layer's words for a port that will not open
    return Failure("port", problem.message, problem.hint)


def _controls_lines(port: serial.SerialBase) -> bool:
    """True when the port carries RTS/DTR to the board (not a TCP socket, not a pty)."""
    if port.name and str(port.name).startswith("socket://"):
        return False
    try:
        port.rts = port.rts  # a pty answers ENOTTY
        return True
    except (OSError, serial.SerialException):
        return False


def _safe(call):
    try:
        return call()
    except Exception:
        return None


# -- the process -------------------------------------------------------------------------------
def run(request: dict, data: bytes, emit: Emit) -> None:
    """Flash `data` as `request` says; every outcome is reported through `emit`."""
    from esptool.util import FatalError

    try:
        Flasher(request, data, emit).run()
    except Failure as failure:
        emit({"event": "error", "kind": failure.kind, "message": failure.message, "hint": failure.hint})
    except IdeError as error:
        emit({"event": "error", "kind": "failed", "message": error.message, "hint": error.hint})
    except (serial.SerialException, OSError) as error:
        emit({"event": "error", "kind": "lost",
              "message": _("The connection to {port} was lost: {reason}").format(port=request["port"], reason=error),
              "hint": _("Reconnect the board and flash again.")})
    except FatalError as error:  # esptool's "not a bug" errors
        emit({"event": "error", "kind": "failed", "message": _("Flashing failed: {reason}").format(reason=error),
              "hint": _("Press RESET on the board and try again.")})


def main() -> int:
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    sys.stdout = sys.stderr  # stray prints must not corrupt the event channel
    request = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read(int(request["size"]))
    set_language(request.get("lang"))

    def emit(event: dict) -> None:
        channel.write(json.dumps(event, ensure_ascii=False) + "\n")

    run(request, data, emit)
    channel.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
