"""Hostile archives: bombs, a million members, lying size fields and oversized tables of contents
are refused within the limits, without the memory a trusting reader would spend.

The fixtures are built here: small archives (kilobytes) that would inflate to tens of megabytes.
"""

from __future__ import annotations

import struct

import pytest

from ide.core.archives import ArchiveError, BoundedZip, Limits, archive_files
from tests.hostile_archives import ZEROS, peak_while, tar_of, with_size_field, zip_of

SMALL = Limits(members=50, member=1 << 20, total=2 << 20)


def files(data: bytes, name: str, limits: Limits = SMALL) -> dict[str, bytes]:
    return dict(archive_files(data, name, limits))


def test_honest_archives_are_read_whole():
    members = {"top/a.py": b"a = 1\n", "top/sub/b.bin": bytes(range(256))}
    assert files(zip_of(members), "x.zip") == members
    assert files(tar_of(members), "x.tar.gz") == members


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_a_bomb_is_refused_as_it_inflates_and_memory_stays_bounded(kind):
    data = zip_of({"top/bomb.bin": ZEROS}) if kind == "zip" else tar_of({"top/bomb.bin": ZEROS})
    assert len(data) < ZEROS // 100
    raised, peak = peak_while(lambda: files(data, f"bomb.{kind}"))
    assert isinstance(raised, ArchiveError) and "more than" in str(raised)
    assert peak < 4 * SMALL.member  # a trusting reader holds all 64 MB


def test_members_adding_up_past_the_total_are_refused():
    data = zip_of({f"top/{i}.bin": bytes(900 << 10) for i in range(3)})
    with pytest.raises(ArchiveError, match="more than 2 MB together"):
        files(data, "many.zip")


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_too_many_members_are_refused(kind):
    members = {f"top/{i}.py": b"" for i in range(SMALL.members + 1)}
    data = zip_of(members) if kind == "zip" else tar_of(members)
    with pytest.raises(ArchiveError, match="more than 50 members"):
        files(data, f"crowd.{kind}")


def test_a_tar_member_declaring_more_than_the_total_is_refused_before_it_is_inflated():
    data = tar_of({"top/LICENSE": 3 << 20})  # skipped or not, it would have to be inflated
    with pytest.raises(ArchiveError, match="more than 2 MB together"):
        list(archive_files(data, "x.tar.gz", Limits(members=5, member=8 << 20, total=2 << 20)))


def test_a_lying_size_field_is_an_archive_error_or_changes_nothing():
    content = bytes(range(256)) * 20
    roomy = Limits(members=5, member=8 << 20, total=8 << 20)
    with pytest.raises(ArchiveError, match="cannot be read"):
        files(with_size_field(zip_of({"top/image.bin": content}), 100), "liar.zip", roomy)
    # claiming more than is there: what is there is read, and it is what the checksum covers
    assert files(with_size_field(zip_of({"top/image.bin": content}), 5_000_000), "liar.zip", roomy) == {
        "top/image.bin": content}


def test_a_small_size_field_hiding_a_bomb_is_counted_on_what_inflates():
    data = with_size_field(zip_of({"top/bomb.bin": ZEROS}), 100)
    raised, peak = peak_while(lambda: files(data, "liar.zip", Limits(members=5, member=100, total=100)))
    assert isinstance(raised, ArchiveError)
    assert peak < 1 << 20


def test_a_table_of_contents_too_big_to_load_is_refused_before_zipfile_reads_it():
    data = bytearray(zip_of({"top/a.py": b"a"}))
    struct.pack_into("<I", data, data.rfind(b"PK\x05\x06") + 12, 64 << 20)  # central directory size
    with pytest.raises(ArchiveError, match="table of contents is larger than 1 MB"):
        BoundedZip(bytes(data), SMALL)


def test_zip64_archives_are_refused():
    data = bytearray(zip_of({"top/a.py": b"a"}))
    end = data.rfind(b"PK\x05\x06")
    data[end:end] = b"PK\x06\x07" + bytes(16)  # a zip64 locator before the end record
    with pytest.raises(ArchiveError, match="table of contents"):
        BoundedZip(bytes(data), SMALL)


@pytest.mark.parametrize("data", [b"", b"not an archive", b"PK\x05\x06" + bytes(10)])
def test_garbage_is_an_archive_error(data):
    for name in ("x.zip", "x.tar.gz"):
        with pytest.raises(ArchiveError):
            files(data, name)
