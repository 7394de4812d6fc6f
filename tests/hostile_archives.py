"""Hostile archives built by the tests: bombs that are kilobytes on disk and inflate to tens of
megabytes, written in chunks so building them costs no memory, and a memory probe."""

from __future__ import annotations

import io
import struct
import tarfile
import tracemalloc
import zipfile

ZEROS = 64 << 20  # what a bomb inflates to: 64 MB from about 64 KB


def zip_of(members: dict[str, bytes | int], **kwargs) -> bytes:
    """A zip holding each name's bytes (an int: that many zero bytes, written in chunks)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **kwargs) as archive:
        for name, content in members.items():
            if isinstance(content, int):
                with archive.open(name, "w", force_zip64=False) as member:
                    for _ in range(content // (1 << 20)):
                        member.write(bytes(1 << 20))
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def tar_of(members: dict[str, bytes | int]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = content if isinstance(content, int) else len(content)
            tar.addfile(info, _Zeros(content) if isinstance(content, int) else io.BytesIO(content))
    return buffer.getvalue()


class _Zeros(io.RawIOBase):
    """`size` zero bytes without holding them."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def peak_while(function) -> tuple[BaseException | None, int]:
    """(what `function()` raised, the peak of memory Python allocated meanwhile)."""
    tracemalloc.start()
    try:
        function()
        raised = None
    except BaseException as exc:  # noqa: B036 - the test inspects it
        raised = exc
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return raised, peak


def with_size_field(data: bytes, size: int) -> bytes:
    """The zip with its one member's uncompressed size field set to `size` (both headers)."""
    patched = bytearray(data)
    struct.pack_into("<I", patched, patched.find(b"PK\x03\x04") + 22, size)
    struct.pack_into("<I", patched, patched.rfind(b"PK\x01\x02") + 24, size)
    return bytes(patched)
