"""Which files of an archive are module files, and which archives are refused."""

from __future__ import annotations

import io
import tarfile
import zipfile

import pytest

from plugins.library.archive import BadArchive, module_files
from tests.plugins.library.fakepypi import make_archive


def test_only_module_files_with_their_folders_and_the_top_folder_stripped():
    data = make_archive("haas-python-x", "1.0", {"x.py": b"x", "fonts/a.bin": b"a", "fonts/LICENSE.txt": b"l",
                                                 "__pycache__/x.cpython-311.pyc": b"c", "code/main.py": b"m"})
    assert module_files("haas-python-x-1.0.tar.gz", data) == {"code/main.py": b"m", "fonts/a.bin": b"a", "x.py": b"x"}


def _tar(*members: tarfile.TarInfo) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for member in members:
            tar.addfile(member, io.BytesIO(b"x" * member.size) if member.isreg() else None)
    return buffer.getvalue()


def test_paths_leaving_the_project_are_refused():
    member = tarfile.TarInfo("top/../../evil.py")
    member.size = 1
    with pytest.raises(BadArchive, match="unsafe path"):
        module_files("evil.tar.gz", _tar(member))


def test_links_are_skipped():
    link = tarfile.TarInfo("top/passwd.py")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    assert module_files("link.tar.gz", _tar(link)) == {}


def test_zip_archives_and_broken_ones():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("top/PKG-INFO", "Name: x")
        archive.writestr("top/y.py", "y = 1")
    assert module_files("y.zip", buffer.getvalue()) == {"y.py": b"y = 1"}
    with pytest.raises(BadArchive):
        module_files("broken.tar.gz", b"not an archive")


def test_archives_are_read_within_the_library_limits():
    from tests.hostile_archives import ZEROS, peak_while, zip_of

    bomb = zip_of({"top/bomb.py": ZEROS})
    raised, peak = peak_while(lambda: module_files("bomb.zip", bomb))
    assert isinstance(raised, BadArchive) and "inflates to more than 8 MB" in str(raised)
    assert peak < 12 << 20
    crowd = zip_of({f"top/m{i}.py": b"" for i in range(2001)})
    with pytest.raises(BadArchive, match="more than 2000 members"):
        module_files("crowd.zip", crowd)
