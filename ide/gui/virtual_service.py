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


@dataclass(frozen=True)
class EmbeddedBoard:
    board: object      # ide.virtualboard.board.VirtualBoard
    transport: object  # ide.virtualboard.serve.SocketTransport
    url: str           # socket://127.0.0.1:PORT, for DeviceWorker.open_port


def default_fs_root() -> Path:
    return data_dir() / "virtual-board" / "fs"


def embedded_board(fs_root: str | Path | None = None) -> EmbeddedBoard:
    """The process's virtual board, started on first use (`fs_root` only matters then)."""
    global _running
    with _lock:
        if _running is None:
            from ide.virtualboard.board import VirtualBoard
            from ide.virtualboard.serve import SocketTransport

            board = VirtualBoard(fs_root=Path(fs_root) if fs_root else default_fs_root())
            transport = SocketTransport(board)
            board.start()
            _running = EmbeddedBoard(board, transport, transport.name)
        return _running


def running_board() -> EmbeddedBoard | None:
    """The board if it was started, without starting it."""
    return _running


def stop_embedded_board() -> None:
    """Close the board and its port (detach panels first); the next `embedded_board()` starts anew."""
    global _running
    with _lock:
        running, _running = _running, None
    if running is not None:
        running.transport.close()
        running.board.close()
