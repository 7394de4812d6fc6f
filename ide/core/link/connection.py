"""An open serial link to a board: exclusive, DTR/RTS held low, every read with a deadline.

Any pyserial URL works (`/dev/ttyUSB0`, `COM3`, `socket://HOST:PORT`, `rfc2217://HOST:PORT`), and
so does `virtual`: the built-in virtual board, started in this process on first use. Opening
errors become `PortError`s that say what happened and what to do (missing port, busy port with
its name, permission denied with the Linux `dialout` hint). A board that stays silent raises
`BoardError`.

Reads return everything that has arrived (up to `READ_CHUNK`) in one call, whatever the port:
pyserial's `in_waiting` is exact for serial ports but at most 1 on `socket://`, so that kind
gets its own way to take what is waiting (`_take_waiting`); `rfc2217://` ports use our client
(`rfc2217_client`), which queues runs of bytes rather than pyserial's one byte per item. A flood
of output therefore costs a few calls per 64 KB, not one per byte. `interrupt` is the one call another thread may make: the owner sends Ctrl-C before its next
read, so a Stop reaches the board within one `POLL` even while the owner follows a program's output.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import sys
import threading
import time
from typing import Callable

import serial
from serial.urlhandler import protocol_socket

from ide.core.errors import BoardError, PortError
from ide.core.link import rfc2217_client
from ide.i18n import _

VIRTUAL = "virtual"
READ_CHUNK = 64 * 1024  # most bytes one read returns
POLL = 0.02  # longest a read blocks before deadlines, cancellation and interrupts are checked
CTRL_C = b"\x03"
RECEIVE_BUFFER = 64 * 1024  # of a TCP port (socket://, rfc2217://): far more than any UART's rate
PACED_CHUNK = 8
UNFLOWED_SHARE = 0.25  # of the line rate, for bytes sent with no flow control (as the micro:bit's tools do)


class Cancelled(Exception):
    """The caller's cancel event was set while waiting on the board."""


class Connection:
    """Bytes to and from one board, with deadlines; one owner at a time."""

    def __init__(self, port: str, baudrate: int = 115200, cancel=None) -> None:
        self.port = port
        self.baudrate = baudrate
        self.cancel = cancel  # a threading.Event, or None
        self.bytes_out = 0
        self.bytes_in = 0
        self._pending = bytearray()
        self._interrupt = threading.Event()
        self._serial = _open(port, baudrate)
        self._take_waiting = _waiting_reader(self._serial)

    # -- life --------------------------------------------------------------------------------
    def close(self) -> None:
        _close_quietly(self._serial)

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        try:
            self._serial.write(data)
        except (OSError, serial.SerialException) as exc:
            raise _lost(self.port, exc) from None
        self.bytes_out += len(data)

    def interrupt(self) -> None:
        """Send Ctrl-C before the next read (thread-safe: the one call another thread may make)."""
        self._interrupt.set()

    def _send_interrupt(self) -> None:
        if self._interrupt.is_set():
            self._interrupt.clear()
            self.write(CTRL_C)

    def write_paced(self, data: bytes, share: float = UNFLOWED_SHARE) -> None:
        """Write at no more than `share` of the line's baud rate, in small pieces: for a board that
        reads without flow control and loses what arrives while it is busy (a pty or USB link would
        otherwise deliver far faster than the UART behind it)."""
        start = time.monotonic()
        for offset in range(0, len(data), PACED_CHUNK):
            self.write(data[offset:offset + PACED_CHUNK])
            due = start + (offset + PACED_CHUNK) * 10 / (self.baudrate * share)
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)  # pacing a line that has no flow control

    def pulse_reset(self) -> bool:
        """Reset the board through its auto-reset circuit (RTS drives EN low); False where the
        port has no modem lines (sockets, ptys, the virtual board)."""
        if self._serial.port and str(self._serial.port).startswith("socket://"):
            return False  # pyserial accepts RTS there and does nothing
        try:
            self._serial.dtr = False
            self._serial.rts = True
            time.sleep(0.1)  # EN must stay low long enough for the chip to reset
            self._serial.rts = False
            return True
        except (OSError, serial.SerialException, AttributeError):
            return False

    # -- reading -----------------------------------------------------------------------------
    def read_some(self, timeout: float) -> bytes:
        """Whatever arrives within `timeout` (at least one byte unless it times out: then b"")."""
        if self._pending:
            data = bytes(self._pending)
            self._pending.clear()
            return data
        deadline = time.monotonic() + timeout
        while True:
            self._check_cancel()
            data = self._read_raw(min(POLL, max(0.0, deadline - time.monotonic())))
            if data or time.monotonic() >= deadline:
                return data

    def read_until(self, pattern: bytes, timeout: float, on_data: Callable[[bytes], None] | None = None,
                   idle: bool = True) -> bytes:
        """Read until `pattern`; return everything up to and including it.

        `timeout` counts from the last byte received when `idle`, else from the call. With
        `on_data`, the bytes before the pattern are handed over as they come (and not kept beyond
        the pattern search window). Raises BoardError on timeout."""
        data = bytearray()
        start = time.monotonic()
        last = start
        while True:
            index = data.find(pattern)
            if index >= 0:
                end = index + len(pattern)
                self._pending[:0] = data[end:]
                if on_data is not None and index:
                    on_data(bytes(data[:index]))
                return bytes(data[:end])
            if on_data is not None and len(data) > len(pattern):
                keep = len(pattern) - 1
                on_data(bytes(data[: len(data) - keep]))
                del data[: len(data) - keep]
            chunk = self.read_some(POLL)
            now = time.monotonic()
            if chunk:
                data.extend(chunk)
                last = now
            if now - (last if idle else start) >= timeout:
                raise BoardError(_("The board on {port} did not answer.").format(port=self.port),
                                 _("Press the board's reset button, check the baud rate, and try again."))

    def drain(self, quiet: float = 0.05, limit: float = 2.0) -> bytes:
        """Discard input until the board has been quiet for `quiet` seconds (at most `limit`)."""
        data = bytearray(self._pending)
        self._pending.clear()
        end = time.monotonic() + limit
        while time.monotonic() < end:
            chunk = self._read_raw(quiet)
            if not chunk:
                break
            data.extend(chunk)
        return bytes(data)

    def unread(self, data: bytes) -> None:
        """Put bytes back in front of the input (they were read past a pattern)."""
        self._pending[:0] = data

    def _read_raw(self, timeout: float) -> bytes:
        """Wait up to `timeout` for a byte, then take whatever else has arrived (one call)."""
        self._send_interrupt()
        try:
            _set_timeout(self._serial, timeout)
            first = self._serial.read(1)
            if not first:
                return b""
            rest = self._take_waiting(READ_CHUNK - 1)
        except (OSError, serial.SerialException, TypeError) as exc:
            raise _lost(self.port, exc) from None
        self.bytes_in += len(first) + len(rest)
        return first + rest

    @contextlib.contextmanager
    def ignoring_cancel(self):
        """Reads inside do not stop for the cancel event (cleaning up after a cancel)."""
        cancel, self.cancel = self.cancel, None
        try:
            yield
        finally:
            self.cancel = cancel

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()


def _set_timeout(ser: serial.SerialBase, timeout: float) -> None:
    if ser.timeout != timeout:  # the setter reconfigures a serial port (termios calls, a lock)
        ser.timeout = timeout


def _waiting_reader(ser: serial.SerialBase) -> Callable[[int], bytes]:
    """A function returning the bytes already received (at most `limit`), without waiting."""
    if isinstance(ser, protocol_socket.Serial):
        def take(limit: int) -> bytes:  # in_waiting is 0 or 1 here; a read with timeout 0 takes it all
            _set_timeout(ser, 0)
            return ser.read(limit)
    else:
        def take(limit: int) -> bytes:  # in_waiting is exact on serial ports and our RFC 2217 client
            waiting = ser.in_waiting
            return ser.read(min(waiting, limit)) if waiting else b""
    return take


def _open(port: str, baudrate: int) -> serial.SerialBase:
    if port == VIRTUAL:
        from ide.core.link.embedded import embedded_board_url

        port = embedded_board_url()
    is_url = "://" in port
    ser = None
    try:
        if port.lower().startswith("rfc2217://"):
            ser = rfc2217_client.Serial(None, baudrate=baudrate, timeout=POLL)
            ser.port = port
        else:
            ser = serial.serial_for_url(port, do_not_open=True, baudrate=baudrate, timeout=POLL,
                                        **({} if is_url else {"exclusive": True}))
        ser.dtr = False  # keep the ESP32's auto-reset circuit quiet: no reset on open
        ser.rts = False
        ser.open()
    except (OSError, serial.SerialException, ValueError) as exc:
        # open() can fail after its socket or file exists (a peer that hangs up at once)
        _close_quietly(ser)
        raise open_error(port, exc) from None
    sock = getattr(ser, "_socket", None)
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # a receive buffer grown to megabytes would hold a flood's backlog ahead of a Ctrl-C
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
    return ser


def _close_quietly(ser) -> None:
    if ser is None:
        return
    # pyserial's socket:// close() skips closing the socket when shutdown() fails on a peer
    # that already hung up, and then forgets it: close it ourselves. Its close() also sleeps
    # 0.3 s "for quick reconnects", which our board server does not need: skip it there.
    sock = getattr(ser, "_socket", None)
    if sock is not None and isinstance(ser, protocol_socket.Serial):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        ser.is_open = False
    try:
        ser.close()
    except (OSError, serial.SerialException):
        pass
    if sock is not None:
        sock.close()


def open_error(port: str, exc: Exception) -> PortError:
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO) or "could not open port" in text and "No such file" in text:
        return PortError(_("Port {port} does not exist.").format(port=port),
                         _("Check the cable and pick the board's port again (haas-ide ports lists them)."))
    if code == errno.EACCES or "Permission denied" in text:
        hint = (_("Add yourself to the dialout group (sudo usermod -aG dialout $USER), then log in again.")
                if sys.platform.startswith("linux") else _("Close other programs and check the driver."))
        return PortError(_("Permission denied on port {port}.").format(port=port), hint)
    if code in (errno.EBUSY, errno.EAGAIN) or "exclusively lock" in text or "busy" in text.lower():
        return PortError(_("Port {port} is busy: another program has it open.").format(port=port),
                         _("Close the other serial monitor or IDE using it, then try again."))
    if code in (errno.ECONNREFUSED, errno.ETIMEDOUT) or isinstance(exc, ConnectionError):
        return PortError(_("Nothing answers at {port}.").format(port=port),
                         _("Start the board server (haas-ide board serve) or check the address."))
    return PortError(_("Cannot open port {port}: {reason}").format(port=port, reason=text),
                     _("Check the port name and the cable."))


def _lost(port: str, exc: Exception) -> PortError:
    return PortError(_("The connection to {port} was lost: {reason}").format(port=port, reason=exc),
                     _("Check the cable and try again; a file that was being written keeps its old contents."))
