"""MicroPython `uos`: the board's file system and system information."""

from typing import Any, Iterator

sep: str

def listdir(path: str = ...) -> list[str]:
    """The names in directory `path` (default: the current directory)."""
def ilistdir(path: str = ...) -> Iterator[tuple]:
    """(name, type, inode[, size]) for each entry of `path`; type 0x4000 is a directory."""
def stat(path: str) -> tuple:
    """Status of `path`: (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime)."""
def statvfs(path: str) -> tuple:
    """File-system statistics: (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax)."""
def mkdir(path: str) -> None:
    """Create directory `path`."""
def rmdir(path: str) -> None:
    """Remove the empty directory `path`."""
def remove(path: str) -> None:
    """Delete file `path`."""
def rename(old_path: str, new_path: str) -> None:
    """Rename or move `old_path` to `new_path`."""
def getcwd() -> str:
    """The current directory."""
def chdir(path: str) -> None:
    """Change the current directory."""
def uname() -> Any:
    """(sysname, nodename, release, version, machine) of the firmware."""
def urandom(n: int) -> bytes:
    """`n` random bytes from the hardware generator."""
def version_info() -> str:
    """The HaaS firmware version, e.g. 'HaaSPython-ESP32-v2.2.0-2022-05-30' (older firmware)."""
def sync() -> None:
    """Write pending file-system data to flash."""
def dupterm(stream: Any, index: int = 0) -> Any:
    """Duplicate the REPL on `stream` (None stops it)."""
