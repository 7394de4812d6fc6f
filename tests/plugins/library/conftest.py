"""Fixtures: a fake PyPI, the library plugin loaded through the real loader, a project folder."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from ide.core import plugins
from tests.plugins.library.fakepypi import FakePyPI

REPO = Path(__file__).resolve().parents[3]
DEMO_V1 = {"demo.py": b"VERSION = 1\n", "demo_assets/logo.txt": b"logo\n"}
DEMO_V2 = {"demo.py": b"VERSION = 2\n", "demo_assets/font.txt": b"font\n"}
OTHER = {"other.py": b"OTHER = True\n"}


@pytest.fixture
def pypi(monkeypatch):
    server = FakePyPI()
    server.publish("haas-python-demo", "1.0.0", DEMO_V1, "Demo sensor driver")
    server.publish("haas-python-demo", "1.1.0", DEMO_V2, "Demo sensor driver")
    server.publish("haas-python-other", "0.1.0", OTHER, "Another display driver")
    monkeypatch.setenv("HAAS_IDE_PYPI_URL", server.base)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield server
    server.stop()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh user data folder, so every test starts with an empty download cache."""
    folder = tmp_path / "data"
    monkeypatch.setenv("HAAS_IDE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def cache_dir(data_dir):
    return data_dir / "plugin-data" / "library" / "cache"


@pytest.fixture
def registry(data_dir):
    loaded = plugins.load_plugins(plugins.discover(REPO / "plugins", None, []), set())
    assert loaded.problems == []
    return loaded


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "main.py").write_text("import demo\n", encoding="utf-8")
    return folder


@pytest.fixture
def lib(registry, capsys):
    """`lib("add", "demo", "--dir", path)` runs `haas-ide lib ...`; returns what it printed
    (standard error in `lib.err`)."""
    command = next(c for c in registry.cli_commands if c.name == "lib")

    def run(*argv: str | Path) -> str:
        parser = argparse.ArgumentParser(prog="haas-ide lib")
        command.configure(parser)
        capsys.readouterr()
        assert command.run(parser.parse_args([str(a) for a in argv])) == 0
        captured = capsys.readouterr()
        run.err = captured.err
        return captured.out

    return run


@pytest.fixture
def seeded_index(cache_dir, pypi):
    """A cached index listing the fake packages (newer than the shipped one, so it is used)."""
    entries = [{"name": name, "summary": doc["info"]["summary"], "version": "1.0.0", "versions": ["1.0.0"],
                "filename": "x.tar.gz", "url": "", "sha256": "0" * 64} for name, doc in pypi.projects.items()]
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / "index.json").write_text(json.dumps({"format": 1, "generated": "9999-01-01T00:00:00Z",
                                                      "packages": entries}), encoding="utf-8")
    return cache_dir / "index.json"


def record(folder: Path) -> list[dict]:
    """The libraries recorded in the project's .haas-project.json (kept in git, never deployed)."""
    shared = json.loads((folder / ".haas-project.json").read_text(encoding="utf-8"))
    return shared.get("libraries", [])
