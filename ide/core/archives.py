"""Reading zip and tar archives that may be hostile, within limits.

Firmware downloads and driver libraries arrive as archives; a small one can claim members of
gigabytes (a zip bomb), hold a million members, or carry size fields that lie. Here every
archive is read against `Limits`: how many members it may have, how many bytes one member and
all members read together may inflate to. Bytes are counted as they are inflated, in chunks, so
a lying header changes nothing and no member needs more memory than its limit. Zip's central
directory is checked for size before `zipfile` loads it. Whatever goes wrong is an
`ArchiveError` whose text is one line for the user.
"""

from __future__ import annotations

import io
import lzma
import struct
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from ide.i18n import _

CHUNK = 1 << 16
CENTRAL_DIRECTORY_LIMIT = 1 << 20   # a zip's table of contents: ~20 000 members at the least
_EOCD = b"PK\x05\x06"               # end of central directory record
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_READ_ERRORS = (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError,
                NotImplementedError, RuntimeError, ValueError, struct.error)


@dataclass(frozen=True)
class Limits:
    members: int     # members (files, folders, links) the archive may hold
    member: int      # bytes one member may inflate to
    total: int       # bytes all members read may inflate to together


class ArchiveError(Exception):
    """The archive is unreadable or beyond its limits; the text says which."""


def megabytes(size: int) -> str:
    return f"{size / (1 << 20):g} MB"


class _Budget:
    """Counts the bytes inflated so far against the limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0

    def read(self, stream: BinaryIO, name: str) -> bytes:
        chunks, size = [], 0
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            self.total += len(chunk)
            if size > self.limits.member:
                raise ArchiveError(_("{member} inflates to more than {limit}, more than any file it should hold.")
                                   .format(member=name, limit=megabytes(self.limits.member)))
            if self.total > self.limits.total:
                raise ArchiveError(_("its files inflate to more than {limit} together.")
                                   .format(limit=megabytes(self.limits.total)))
            chunks.append(chunk)
        return b"".join(chunks)

    def count(self, members: int) -> None:
        if members > self.limits.members:
            raise ArchiveError(_("it holds more than {limit} members.").format(limit=self.limits.members))


class BoundedZip:
    """A zip file (a path or bytes) whose members are read within `limits`."""

    def __init__(self, source: str | Path | bytes, limits: Limits) -> None:
        self._budget = _Budget(limits)
        self._file: BinaryIO = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
        try:
            _check_central_directory(self._file)
            self._zip = zipfile.ZipFile(self._file)
            self._budget.count(len(self._zip.infolist()))
        except _READ_ERRORS as exc:
            self._file.close()
            raise _unreadable(exc) from None
        except ArchiveError:
            self._file.close()
            raise

    def __enter__(self) -> "BoundedZip":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        self._file.close()

    def files(self) -> list[zipfile.ZipInfo]:
        """Every member that is not a folder."""
        return [info for info in self._zip.infolist() if not info.is_dir()]

    def read(self, info: zipfile.ZipInfo) -> bytes:
        try:
            with self._zip.open(info) as stream:
                return self._budget.read(stream, info.filename)
        except _READ_ERRORS as exc:
            raise _unreadable(exc) from None


def tar_files(data: bytes, limits: Limits) -> Iterator[tuple[str, bytes]]:
    """(name, content) of the regular files in a tar archive (plain, gzip, bzip2 or xz).

    Every member's declared size counts against the limits too, since skipping a member still
    means inflating it."""
    budget = _Budget(limits)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            declared = 0
            for number, member in enumerate(tar, start=1):
                budget.count(number)
                declared += member.size
                if declared > limits.total:
                    raise ArchiveError(_("its files inflate to more than {limit} together.")
                                       .format(limit=megabytes(limits.total)))
                if member.isreg():
                    yield member.name, budget.read(tar.extractfile(member), member.name)
    except _READ_ERRORS as exc:
        raise _unreadable(exc) from None


def _check_central_directory(file: BinaryIO) -> None:
    """Refuse a zip whose table of contents alone would take too much memory to load (zip64
    archives, made for more than 65 535 members or 4 GB, are refused outright)."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(max(0, size - _EOCD_SIZE - 0xFFFF - _ZIP64_LOCATOR_SIZE))  # a comment is at most 64 KiB
    tail = file.read()
    at = len(tail) - _EOCD_SIZE if tail[-_EOCD_SIZE:-_EOCD_SIZE + 4] == _EOCD else tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise zipfile.BadZipFile("File is not a zip file")
    locator = tail[at - _ZIP64_LOCATOR_SIZE:at] if at >= _ZIP64_LOCATOR_SIZE else b""
    directory_size = struct.unpack_from("<I", tail, at + 12)[0]
    if locator.startswith(_ZIP64_LOCATOR) or directory_size > CENTRAL_DIRECTORY_LIMIT:
        raise ArchiveError(_("its table of contents is larger than {limit}.")
                           .format(limit=megabytes(CENTRAL_DIRECTORY_LIMIT)))
    file.seek(0)


def _unreadable(exc: BaseException) -> ArchiveError:
    reason = str(exc).strip().splitlines()
    return ArchiveError(_("it cannot be read ({reason}).").format(reason=reason[0] if reason else type(exc).__name__))


def archive_files(data: bytes, filename: str, limits: Limits) -> Iterator[tuple[str, bytes]]:
    """(name, content) of the files in the zip or tar archive `filename` (the name tells which),
    read within `limits`; an `ArchiveError` says what is wrong with it."""
    if not filename.lower().endswith(".zip"):
        yield from tar_files(data, limits)
        return
    with BoundedZip(data, limits) as archive:
        for info in archive.files():
            yield info.filename, archive.read(info)
