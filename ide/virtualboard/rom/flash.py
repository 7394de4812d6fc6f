"""The board's SPI NOR flash, kept in a file so that it survives the board process.

Erasing sets whole 4 KiB sectors to 0xFF; programming can only clear bits (new = old AND data), as
on a real NOR part, so a tool that forgets to erase gets corrupt data here too. Until something is
written, the flash holds its factory contents (the board's own HaaS firmware image) without any
file; the first erase or write creates `<fs>/.flash/flash.bin`. The board thread changes it;
other threads (tests, observers) may read it.

`FlashHidingFS` is the board's file system with that `.flash` folder left out: board code,
mpremote and the deploy never see it, and it does not count against the file system's capacity.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

from ide.virtualboard.fs import BLOCK, BoardFS, mp_error

SECTOR = 0x1000
STORE_DIR = ".flash"
STORE_FILE = "flash.bin"
ERASED = 0xFF


class FlashError(Exception):
    """An address range outside the flash chip."""


class Flash:
    """`size` bytes of NOR flash stored in `folder / flash.bin` (None: in memory only)."""

    def __init__(self, size: int, folder: Path | None, factory: list[tuple[int, bytes]] | None = None) -> None:
        self.size = size
        self.path = None if folder is None else Path(folder) / STORE_FILE
        self._factory = factory or []
        self._memory: bytearray | None = None
        self._file = None
        self._lock = threading.RLock()

    # -- reading -----------------------------------------------------------------------------
    def read(self, address: int, length: int) -> bytes:
        self._check(address, length)
        with self._lock:
            store = self._store(create=False)
            if store is None:
                return self._factory_bytes(address, length)
            if isinstance(store, bytearray):
                return bytes(store[address:address + length])
            store.seek(address)
            return store.read(length)

    @property
    def blank(self) -> bool:
        """True when nothing has been stored and there is no factory image (all 0xFF)."""
        return self._store(create=False) is None and not self._factory

    # -- changing ----------------------------------------------------------------------------
    def erase(self, address: int, length: int) -> None:
        """Erase every sector the range touches."""
        self._check(address, length)
        start = address - address % SECTOR
        end = min(self.size, -(-(address + length) // SECTOR) * SECTOR)
        self._put(start, b"\xff" * (end - start))

    def erase_all(self) -> None:
        self.erase(0, self.size)

    def program(self, address: int, data: bytes) -> None:
        """Program `data` at `address`: bits can only go from 1 to 0."""
        self._check(address, len(data))
        with self._lock:
            old = self.read(address, len(data))
            merged = (int.from_bytes(old, "little") & int.from_bytes(data, "little")).to_bytes(len(data), "little")
            self._put(address, merged)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    # -- storage -----------------------------------------------------------------------------
    def _check(self, address: int, length: int) -> None:
        if address < 0 or length < 0 or address + length > self.size:
            raise FlashError(f"range 0x{address:x}+0x{length:x} is outside the {self.size >> 20} MB flash")

    def _put(self, address: int, data: bytes) -> None:
        with self._lock:
            store = self._store(create=True)
            if isinstance(store, bytearray):
                store[address:address + len(data)] = data
            else:
                store.seek(address)
                store.write(data)
                store.flush()

    def _store(self, create: bool):
        if self._memory is not None:
            return self._memory
        if self._file is not None:
            return self._file
        if self.path is not None and self.path.is_file() and self.path.stat().st_size == self.size:
            self._file = open(self.path, "r+b")
            return self._file
        if not create:
            return None
        contents = bytearray(self._factory_bytes(0, self.size))
        if self.path is None:
            self._memory = contents
            return self._memory
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".new")
        temporary.write_bytes(contents)
        os.replace(temporary, self.path)
        self._file = open(self.path, "r+b")
        return self._file

    def _factory_bytes(self, address: int, length: int) -> bytes:
        out = bytearray(b"\xff" * length)
        for offset, image in self._factory:
            lo, hi = max(address, offset), min(address + length, offset + len(image))
            if lo < hi:
                out[lo - address:hi - address] = image[lo - offset:hi - offset]
        return bytes(out)


class FlashHidingFS(BoardFS):
    """The board's `/` without the flash store folder at its root."""

    def host(self, path: str) -> Path:
        if _hidden(self.abspath(path)):
            raise mp_error(errno.ENOENT)
        return super().host(path)

    def ilistdir(self, path: str = ""):
        at_root = self.abspath(path or self.cwd) == "/"
        for entry in super().ilistdir(path):
            if not (at_root and entry[0] == STORE_DIR):
                yield entry

    def used(self) -> int:
        if self._used is None:
            self._used = max(0, super().used() - _usage(self.root / STORE_DIR))
        return self._used


def _hidden(board_path: str) -> bool:
    return board_path.split("/")[1:2] == [STORE_DIR]


def _usage(folder: Path) -> int:
    """What `BoardFS.used()` counts for `folder` and everything in it."""
    if not folder.is_dir():
        return 0
    total = BLOCK  # the folder itself
    for _dir, dirs, files in os.walk(folder):
        total += BLOCK * len(dirs)
        for name in files:
            try:
                total += -(-os.path.getsize(os.path.join(_dir, name)) // BLOCK) * BLOCK
            except OSError:
                pass
    return total
