"""Host side of HaaS's application-level modules on the virtual board: `ota` (verify a board file's
hash, unpack an update zip with the boot window's installer) and `audio` (what the program plays
shows as "audio" events). Their MicroPython faces are `engine/vmlib/board_ota.py` and
`board_audio.py`.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from ide.virtualboard.engine.bridge import Bridge, BridgeError
from ide.virtualboard.firmware_catalogue import offer

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

HASHES = {"sha256": hashlib.sha256, "md5": hashlib.md5}
MAX_UPDATE = 8 * 1024 * 1024


def install(bridge: Bridge, board: "VirtualBoard") -> None:
    if offer(bridge, board, "board_ota", "ota"):
        bridge.add("ota", {"verify": lambda *args: verify(board, *args), "install": lambda *args: unpack(board, *args)})
    if offer(bridge, board, "board_audio", "audio"):
        bridge.add("audio", {"event": lambda action, source, volume: board.events.emit(
            "audio", action=str(action), source=source if isinstance(source, str) else None, volume=volume)})


def _read(board: "VirtualBoard", path: Any) -> bytes:
    if not isinstance(path, str):
        raise TypeError("store_path must be str")
    if board.fs.stat(path)[6] > MAX_UPDATE:
        raise BridgeError("OSError", "EFBIG")
    with board.fs.open(path, "rb") as handle:
        return handle.read()


def verify(board: "VirtualBoard", path: Any, length: Any, hash_type: Any, digest: Any) -> int:
    """0 when the board file has `length` bytes and the `hash_type` digest `digest`, else -1."""
    try:
        data = _read(board, path)
    except OSError:
        return -1
    if isinstance(length, int) and length != len(data):
        return -1
    if hash_type == "null":
        return 0
    algorithm = HASHES.get(hash_type)
    return 0 if algorithm is not None and algorithm(data).hexdigest() == str(digest).lower() else -1


def unpack(board: "VirtualBoard", path: Any, install_path: Any) -> None:
    from ide.virtualboard.ampboot import InstallError, install_app

    if not isinstance(install_path, str):
        raise TypeError("install_path must be str")
    try:
        install_app(board.fs, _read(board, path), install_path.rstrip("/") or "/")
    except InstallError as exc:
        raise BridgeError("OSError", "EINVAL") from exc
