"""Put a virtual board on a port a host can open: a pseudo-terminal, a TCP socket or RFC 2217.

- `PtyTransport` (Linux, macOS): the board owns the master side; hosts open the slave path like
  any serial port. The slave is put in raw mode before any client opens it, and the board keeps
  one slave descriptor so that clients can come and go.
- `SocketTransport` (all systems): a TCP server for pyserial's `socket://HOST:PORT`; one client at
  a time (a second one is closed at once), TCP_NODELAY and TCP_QUICKACK set so that small REPL
  exchanges are not held back by Nagle and delayed ACKs. Unsent output is kept small
  (`SEND_BUFFER`), as a USB-serial bridge's is: with the system's default (grown to megabytes),
  a board printing faster than the host reads would stay seconds ahead of what the host shows,
  and a Ctrl-C's traceback would queue behind all of it.
- `Rfc2217Transport` (all systems): a TCP server for pyserial's `rfc2217://HOST:PORT`, the one
  transport that carries DTR and RTS. pyserial's own server side (`serial.rfc2217.PortManager`)
  does the Telnet and RFC 2217 negotiation; its DTR/RTS changes drive the board's auto-reset
  circuit, so esptool can reset the board into its bootloader and back, as over a USB bridge.

Bytes from the host reach the board at line rate when the board has a baud rate. Output that no
host reads is dropped after a short wait, as on a UART with nobody listening.
"""

from __future__ import annotations

import os
import select
import socket
import sys
import threading
import time

from ide.virtualboard.board import VirtualBoard

READ_CHUNK = 64
WRITE_WAIT = 0.05  # how long output waits for a slow reader before it is dropped
SEND_BUFFER = 32 * 1024  # bytes of unsent board output the socket holds for a slow host


class _Transport:
    def __init__(self, board: VirtualBoard) -> None:
        self.board = board
        self._rx_pacer = board.rx_pacer  # the board changes its rate when the line does
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def name(self) -> str:
        raise NotImplementedError

    def _spawn(self, target) -> None:
        thread = threading.Thread(target=target, name=f"{type(self).__name__}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _deliver(self, data: bytes) -> None:
        """Hand host bytes to the board, spaced out to the line rate."""
        for i in range(0, len(data), READ_CHUNK):
            chunk = data[i:i + READ_CHUNK]
            delay = self._rx_pacer.delay_for(len(chunk))
            if delay > 0:
                time.sleep(delay)
            self.board.feed(chunk)

    def close(self) -> None:
        self._stop.set()
        self.board.attach(None)
        for thread in self._threads:
            thread.join(2)


class PtyTransport(_Transport):
    """The board on a pseudo-terminal; `name` is the path hosts open."""

    def __init__(self, board: VirtualBoard) -> None:
        super().__init__(board)
        import pty
        import tty

        self._master, self._slave = pty.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self._name = os.ttyname(self._slave)
        board.attach(self._write)
        self._spawn(self._reader)

    @property
    def name(self) -> str:
        return self._name

    def _reader(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                time.sleep(0.05)
                continue
            if data:
                self._deliver(data)

    def _write(self, data: bytes) -> None:
        deadline = time.monotonic() + WRITE_WAIT
        while data and not self._stop.is_set():
            try:
                written = os.write(self._master, data)
                data = data[written:]
                deadline = time.monotonic() + WRITE_WAIT  # the host reads: wait for it again
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return  # nobody reads: the bytes are lost, as on a wire
                select.select([], [self._master], [], remaining)
            except OSError:
                return

    def close(self) -> None:
        super().close()
        for fd in (self._master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass


class SocketTransport(_Transport):
    """The board on a TCP port for `socket://HOST:PORT`; one client at a time."""

    def __init__(self, board: VirtualBoard, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(board)
        self._server = socket.create_server((host, port))
        self._server.settimeout(0.2)
        self._client: socket.socket | None = None
        self._lock = threading.Lock()
        board.attach(self._write)
        self._spawn(self._serve)

    @property
    def address(self) -> tuple[str, int]:
        return self._server.getsockname()[:2]

    @property
    def name(self) -> str:
        host, port = self.address
        return f"socket://{host}:{port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except (socket.timeout, OSError):
                continue
            with self._lock:
                busy = self._client is not None and not _hung_up(self._client)
                if not busy:
                    self._client = client
            if busy:
                client.close()
                continue
            _tune(client)
            self._spawn(lambda c=client: self._read_client(c))

    def _read_client(self, client: socket.socket) -> None:
        client.settimeout(0.2)
        try:
            while not self._stop.is_set():
                try:
                    data = client.recv(4096)
                except socket.timeout:
                    continue
                if not data:
                    break
                _quickack(client)
                self._deliver(data)
        except OSError:
            pass
        finally:
            with self._lock:
                if self._client is client:
                    self._client = None
            client.close()

    def _write(self, data: bytes) -> None:
        with self._lock:
            client = self._client
        if client is None:
            return
        try:
            _, writable, _ = select.select([], [client], [], WRITE_WAIT)
            if writable:
                client.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        super().close()
        self._server.close()
        with self._lock:
            if self._client is not None:
                self._client.close()


class Rfc2217Transport(SocketTransport):
    """The board on a TCP port for `rfc2217://HOST:PORT`: data plus DTR/RTS, one client at a time."""

    def __init__(self, board: VirtualBoard, host: str = "127.0.0.1", port: int = 0) -> None:
        from ide.virtualboard.rom.autoreset import AutoReset

        self.circuit = AutoReset(board)
        self._manager = None
        self._send_lock = threading.Lock()  # Telnet answers and board output share the socket
        super().__init__(board, host, port)

    @property
    def name(self) -> str:
        host, port = self.address
        return f"rfc2217://{host}:{port}"

    def _read_client(self, client: socket.socket) -> None:
        from serial.rfc2217 import PortManager

        # (built outside self._lock: its first Telnet requests take the send lock, which the
        # board's output holds while it takes self._lock)
        self._manager = PortManager(_SerialLines(self.circuit), _Connection(client, self._send_lock))
        try:
            super()._read_client(client)
        finally:
            self._manager = None
            self.circuit.disconnect()

    def _deliver(self, data: bytes) -> None:
        manager = self._manager
        if manager is not None:
            data = b"".join(manager.filter(data))
        if data:
            super()._deliver(data)

    def _write(self, data: bytes) -> None:
        with self._send_lock:
            super()._write(data.replace(b"\xff", b"\xff\xff"))  # Telnet IAC doubled


class _Connection:
    """What PortManager writes its Telnet answers to."""

    def __init__(self, client: socket.socket, lock: threading.Lock) -> None:
        self.client = client
        self.lock = lock

    def write(self, data: bytes) -> None:
        with self.lock:
            try:
                self.client.sendall(data)
            except OSError:
                pass


class _SerialLines:
    """The serial port PortManager configures: line settings are accepted, DTR/RTS reach the board."""

    baudrate, bytesize, parity, stopbits = 115200, 8, "N", 1
    xonxoff = rtscts = break_condition = False
    cts = dsr = ri = cd = False

    def __init__(self, circuit) -> None:
        self._circuit = circuit

    @property
    def dtr(self) -> bool:
        return self._circuit.dtr

    @dtr.setter
    def dtr(self, value: bool) -> None:
        self._circuit.set_dtr(value)

    @property
    def rts(self) -> bool:
        return self._circuit.rts

    @rts.setter
    def rts(self, value: bool) -> None:
        self._circuit.set_rts(value)

    def reset_input_buffer(self) -> None:
        pass

    def reset_output_buffer(self) -> None:
        pass


def _hung_up(sock: socket.socket) -> bool:
    """True when the peer has closed `sock` (its reader may not have noticed yet)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _tune(sock: socket.socket) -> None:
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if hasattr(socket, "TCP_NOTSENT_LOWAT"):  # Linux and macOS
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NOTSENT_LOWAT, SEND_BUFFER)
    _quickack(sock)


def _quickack(sock: socket.socket) -> None:
    if sys.platform.startswith("linux") and hasattr(socket, "TCP_QUICKACK"):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass


def open_transport(board: VirtualBoard, socket_address: str | None = None,
                   rfc2217_address: str | None = None) -> _Transport:
    """An RFC 2217 or socket transport for "HOST:PORT", else a pty (or a local socket where there
    is no pty)."""
    if rfc2217_address is not None:
        host, _, port = rfc2217_address.rpartition(":")
        return Rfc2217Transport(board, host or "127.0.0.1", int(port or 0))
    if socket_address is None and sys.platform != "win32":
        return PtyTransport(board)
    host, _, port = (socket_address or "127.0.0.1:0").rpartition(":")
    return SocketTransport(board, host or "127.0.0.1", int(port or 0))
