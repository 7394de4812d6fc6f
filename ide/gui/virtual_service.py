"""The IDE's own virtual board as an object: the worker connects to its socket URL, the panel watches the board.

Started the way `ide.core.link.embedded` starts the board behind the port name `virtual` (a
`VirtualBoard` whose file system lives in the user's data folder, served on a local TCP port),
but this module keeps the board object too, so the virtual board panel can `attach()` to it.
Use one of the two per process, not both: they would share the same folder.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ide.core.userdirs import data_dir

_lock = threading.Lock()
_running: "EmbeddedBoard | None" = None
_retired: "list[EmbeddedBoard]" = []


@dataclass(frozen=True)
class EmbeddedBoard:
    board: object      # ide.virtualboard.board.VirtualBoard
    transport: object  # ide.virtualboard.serve.SocketTransport
    url: str           # socket://127.0.0.1:PORT, for DeviceWorker.open_port
    board_id: str = "virtual"


def default_fs_root(board_id: str = "virtual") -> Path:
    """The board's files, kept between sessions (one folder per simulated board kind)."""
    root = data_dir() / "virtual-board"
    return root / "fs" if board_id == "virtual" else root / board_id / "fs"


def simulated_board_for(board: dict | None) -> str:
    """Which board the virtual board plays for a project's board (a catalogue entry): the ESP32
    family shares the generic "virtual" board; HaaS1000/HaaS200 boards, whose files travel another
    way, and stock MicroPython boards are simulated as themselves."""
    if board is not None and not board.get("firmware"):  # stock MicroPython: no HaaS layer
        return board["id"] if str(board.get("chip", "")).startswith("esp32") else "esp32-micropython"
    if board is None or board.get("deploy", "raw-repl") == "raw-repl":
        return "virtual"
    return board["id"]


def embedded_board(fs_root: str | Path | None = None, board_id: str | None = None) -> EmbeddedBoard:
    """The process's virtual board, started on first use (`fs_root` only matters then). Asking for
    another `board_id` than the running one starts that board; the old one keeps running until
    `close_retired()`, so a connection to it can be closed first."""
    global _running
    with _lock:
        if _running is not None and board_id is not None and board_id != _running.board_id:
            _retired.append(_running)
            _running = None
        if _running is None:
            from ide.virtualboard.board import VirtualBoard
            from ide.virtualboard.serve import SocketTransport

            board_id = board_id or "virtual"
            board = VirtualBoard(fs_root=Path(fs_root) if fs_root else default_fs_root(board_id), board_id=board_id)
            transport = SocketTransport(board)
            board.start()
            _running = EmbeddedBoard(board, transport, transport.name, board_id)
        return _running


def running_board() -> EmbeddedBoard | None:
    """The board if it was started, without starting it."""
    return _running


def close_retired() -> None:
    """Close the boards that `embedded_board()` replaced (after disconnecting from them)."""
    with _lock:
        retired, _retired[:] = list(_retired), []
    for running in retired:
        _close(running)


def stop_embedded_board() -> None:
    """Close the board and its port (detach panels first); the next `embedded_board()` starts anew."""
    global _running
    with _lock:
        running, _running = _running, None
    if running is not None:
        _close(running)
    close_retired()


def _close(running: EmbeddedBoard) -> None:
    running.transport.close()
    running.board.close()
