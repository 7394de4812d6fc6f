"""The download cache: offline use, damaged copies, downloads that fail their sha256; the real PyPI."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from ide import api
from tests.plugins.library.conftest import DEMO_V2, record

ARCHIVE = "haas_python_demo-1.1.0.tar.gz"


@pytest.fixture
def second_project(tmp_path):
    folder = tmp_path / "second"
    folder.mkdir()
    return folder


def test_offline_the_cache_serves_what_was_downloaded_before(lib, pypi, project, second_project):
    lib("add", "demo", "--dir", project)
    pypi.stop()
    assert "Added haas-python-demo 1.1.0" in lib("add", "demo", "--dir", second_project)
    assert (second_project / "demo.py").read_bytes() == DEMO_V2["demo.py"]
    (project / "demo.py").unlink()
    assert "Restored haas-python-demo 1.1.0: demo.py" in lib("restore", "--dir", project)


def test_offline_a_version_never_downloaded_gives_a_clear_message(lib, pypi, project, cache_dir):
    lib("add", "demo", "--dir", project)
    pypi.stop()
    with pytest.raises(api.IdeError) as error:
        lib("add", "demo==1.0.0", "--dir", project)
    assert "Could not download haas_python_demo-1.0.0.tar.gz" in error.value.message
    assert "not in the download cache" in error.value.message
    assert error.value.hint.startswith("Connect to the internet once")
    assert str(cache_dir / "archives") in error.value.hint
    assert record(project)[0]["version"] == "1.1.0"


def test_offline_without_cache_says_so(lib, pypi, project):
    pypi.stop()
    with pytest.raises(api.IdeError) as error:
        lib("add", "demo", "--dir", project)
    assert "Could not reach PyPI" in error.value.message
    assert "haas-python-demo has never been downloaded here" in error.value.message
    assert "Connect to the internet once" in error.value.hint
    assert not (project / "demo.py").exists()


def test_a_damaged_cached_archive_is_fetched_again(lib, pypi, project, second_project, cache_dir):
    lib("add", "demo", "--dir", project)
    cached = cache_dir / "archives" / ARCHIVE
    good = cached.read_bytes()
    cached.write_bytes(good[:100])
    lib("add", "demo", "--dir", second_project)
    assert (second_project / "demo.py").read_bytes() == DEMO_V2["demo.py"]
    assert cached.read_bytes() == good
    assert pypi.requests.count(f"/files/{ARCHIVE}") == 2


def test_a_damaged_cached_archive_is_not_used_offline(lib, pypi, project, second_project, cache_dir):
    lib("add", "demo", "--dir", project)
    (cache_dir / "archives" / ARCHIVE).write_bytes(b"junk")
    pypi.stop()
    with pytest.raises(api.IdeError, match="not in the download cache"):
        lib("add", "demo", "--dir", second_project)
    assert not (second_project / "demo.py").exists()


def test_a_download_that_fails_its_sha256_is_refused(lib, pypi, project, cache_dir):
    pypi.tamper(ARCHIVE)
    with pytest.raises(api.IdeError) as error:
        lib("add", "demo", "--dir", project)
    assert f"The download of {ARCHIVE} is damaged" in error.value.message
    assert "Nothing was changed" in error.value.message
    assert not (project / "demo.py").exists()
    assert not (cache_dir / "archives" / ARCHIVE).exists()


def test_a_download_larger_than_any_library_is_cut_off(lib, pypi, project, cache_dir):
    noise = random.Random(1).randbytes((32 << 20) + 1)  # one byte over the limit; never unpacked
    pypi.publish_archive("haas-python-big", "1.0", noise)
    with pytest.raises(api.IdeError) as error:
        lib("add", "big", "--dir", project)
    assert "is larger than 32 MB" in error.value.message and "Could not download" in error.value.message
    assert sorted(p.name for p in project.iterdir()) == ["main.py"]
    assert not list((cache_dir / "archives").glob("haas_python_big*"))


@pytest.mark.network
def test_the_real_pypi_serves_mpu6050(lib, project, monkeypatch):
    monkeypatch.delenv("HAAS_IDE_PYPI_URL", raising=False)
    out = lib("add", "mpu6050", "--dir", project)
    assert "Added haas-python-mpu6050" in out
    [entry] = record(project)
    assert list(entry["files"]) == ["mpu6050.py"]
    assert "class MPU6050" in (project / "mpu6050.py").read_text(encoding="utf-8")
    shipped = json.loads(lib("search", "mpu6050", "--json"))[0]
    if shipped["version"] == entry["version"]:
        assert shipped["sha256"] == entry["sha256"]
    assert hashlib.sha256((project / "mpu6050.py").read_bytes()).hexdigest() == entry["files"]["mpu6050.py"]
