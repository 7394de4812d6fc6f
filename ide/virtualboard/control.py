"""The virtual board's control channel: JSON lines over TCP, for the IDE, tests and scripts.

`ControlServer(board, "127.0.0.1:0")` listens on localhost. Every board event (pin changes,
cloud traffic, Wi-Fi, boots...) goes to every connected client as one JSON line `{"event": KIND,
...}`. Each line a client sends is a command object, answered with one JSON line carrying the
command's `id`: see `ide.virtualboard.haas.commands` for the hardware commands. Two commands
belong to the channel itself:

    {"cmd": "subscribe", "events": ["pin", "cloud"]}   only these kinds from now on ("*": all)
    {"cmd": "unsubscribe"}                              no events on this connection

A client that does not read its events is dropped once its queue is full, so a stuck observer
never slows the board down.
"""

from __future__ import annotations

import json
import queue
import socket
import threading
from typing import Any

QUEUE_LIMIT = 10_000
_CLOSE = object()


def parse_address(text: str) -> tuple[str, int]:
    """`HOST:PORT` (port 0: any free port); a bare port means 127.0.0.1."""
    host, sep, port = str(text).rpartition(":")
    if not sep:
        host, port = "127.0.0.1", text
    try:
        return host or "127.0.0.1", int(port)
    except ValueError:
        raise ValueError(f"not a HOST:PORT address: {text!r}") from None


class _Client:
    """One connection: a reader thread for commands, a writer thread draining its queue."""

    def __init__(self, server: "ControlServer", conn: socket.socket) -> None:
        self.server = server
        self.conn = conn
        self.outbox: queue.Queue = queue.Queue(QUEUE_LIMIT)
        self.kinds: set[str] | None = None  # None: every event kind
        self.muted = False
        self.closed = threading.Event()

    def start(self) -> None:
        for target in (self._read, self._write):
            threading.Thread(target=target, name="virtual-board-control", daemon=True).start()

    def send(self, message: dict) -> None:
        try:
            self.outbox.put_nowait(message)
        except queue.Full:
            self.close()

    def offer(self, event: dict) -> None:
        if not self.muted and (self.kinds is None or event.get("event") in self.kinds):
            self.send(event)

    def _write(self) -> None:
        while True:
            message = self.outbox.get()
            if message is _CLOSE:
                break
            try:
                line = json.dumps(message, ensure_ascii=False, default=repr) + "\n"
                self.conn.sendall(line.encode("utf-8"))
            except OSError:
                break
        self.close()

    def _read(self) -> None:
        try:
            with self.conn.makefile("r", encoding="utf-8", newline="\n") as lines:
                for line in lines:
                    if line.strip():
                        self.send(self._answer(line))
        except (OSError, ValueError):
            pass
        self.close()

    def _answer(self, line: str) -> dict:
        try:
            command = json.loads(line)
        except ValueError:
            return {"ok": False, "error": "not a JSON line"}
        if isinstance(command, dict) and command.get("cmd") in ("subscribe", "unsubscribe"):
            return self._subscription(command)
        return self.server.board.hardware.handle(command)

    def _subscription(self, command: dict) -> dict:
        reply: dict[str, Any] = {"id": command["id"]} if "id" in command else {}
        if command["cmd"] == "unsubscribe":
            self.muted = True
            return {**reply, "ok": True}
        events = command.get("events", "*")
        if events != "*" and not (isinstance(events, list) and all(isinstance(e, str) for e in events)):
            return {**reply, "ok": False, "error": 'events must be a list of event kinds or "*"'}
        self.kinds = None if events == "*" else set(events)
        self.muted = False
        return {**reply, "ok": True, "events": events}

    def close(self) -> None:
        if self.closed.is_set():
            return
        self.closed.set()
        self.server._forget(self)
        try:
            self.conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()
        try:
            self.outbox.put_nowait(_CLOSE)
        except queue.Full:
            pass


class ControlServer:
    """Serves one board's events and hardware commands on a localhost TCP port."""

    def __init__(self, board: Any, address: str = "127.0.0.1:0") -> None:
        self.board = board
        self._clients: list[_Client] = []
        self._lock = threading.Lock()
        self._sock = socket.create_server(parse_address(address))
        self.address: tuple[str, int] = self._sock.getsockname()[:2]
        self._unsubscribe = board.events.subscribe(self._broadcast)
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="virtual-board-control", daemon=True)
        self._thread.start()

    @property
    def address_text(self) -> str:
        return f"{self.address[0]}:{self.address[1]}"

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _peer = self._sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if self._closed.is_set():
                    conn.close()
                    return
                client = _Client(self, conn)
                self._clients.append(client)
            client.start()

    def _broadcast(self, event: dict) -> None:
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.offer(event)

    def _forget(self, client: _Client) -> None:
        with self._lock:
            if client in self._clients:
                self._clients.remove(client)

    @property
    def clients(self) -> int:
        with self._lock:
            return len(self._clients)

    def close(self) -> None:
        self._closed.set()
        self._unsubscribe()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes accept() on Linux, where close() does not
        except OSError:
            pass
        self._sock.close()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.close()
        self._thread.join(2)
