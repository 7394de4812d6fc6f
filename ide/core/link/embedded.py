"""The built-in virtual board behind the port name `virtual`, started in this process on first use.

Its file system lives in the user's data folder, so projects deployed to it are still there the
next time, as on a real board.
"""

from __future__ import annotations

import threading

from ide.core.userdirs import data_dir

_lock = threading.Lock()
_url: str | None = None


def embedded_board_url() -> str:
    """The socket:// URL of this process's virtual board (started once, stopped at exit)."""
    global _url
    with _lock:
        if _url is None:
            from ide.virtualboard.board import VirtualBoard
            from ide.virtualboard.serve import SocketTransport

            board = VirtualBoard(fs_root=data_dir() / "virtual-board" / "fs")
            transport = SocketTransport(board)
            board.start()
            _url = transport.name
        return _url
