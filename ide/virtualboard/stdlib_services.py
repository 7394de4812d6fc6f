"""Host side of the MicroPython 1.17 standard modules the VM has differently or not at all.

- `sys`/`usys`: the VM's own, naming the firmware's MicroPython version and platform;
- `os.stat`: a littlefs 10-tuple whose times count from 2000, as `utime.time()` does;
- `uhashlib`/`hashlib`: the VM's sha256, plus the ESP32 build's sha1 and md5 (computed here);
- `uzlib`/`zlib`: decompression over the VM's `deflate` (MicroPython 1.27 has no uzlib);
- `_thread`: locks and identities; a second thread cannot run in the VM, and
  `start_new_thread` says so in one line.
Their MicroPython faces are `engine/vmlib/board_sys.py`, `board_os.py` (stat), `board_hashlib.py`,
`board_zlib.py` and `board_thread.py`.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from ide.virtualboard.haas.common import Handles, data_arg, text_arg

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.bridge import Bridge

HOST_HASHES = ("sha1", "md5")


def install(bridge: "Bridge", board: "VirtualBoard") -> None:
    hashes = Handles()
    personality = board.personality
    bridge.module("board_sys", "sys", "usys")
    bridge.module("board_hashlib", "uhashlib", "hashlib")
    bridge.module("board_zlib", "uzlib", "zlib")
    bridge.module("board_thread", "_thread")

    def new_hash(algorithm: Any) -> int:
        if algorithm not in HOST_HASHES:
            raise ValueError("unknown hash")
        return hashes.add(hashlib.new(algorithm))

    bridge.add("hash", {
        "new": new_hash,
        "update": lambda handle, data: hashes.get(handle).update(data_arg(data)),
        "digest": lambda handle: hashes.get(handle).copy().digest().hex(),
    })
    bridge.add("os", {"stat": lambda path: board.fs.stat(text_arg(path))})
    bridge.add("sys", {"info": lambda: [[int(part) for part in personality.release.split(".")], personality.sysname]})
