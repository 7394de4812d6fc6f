"""`haas-ide lib ...` through the plugin's CLI contribution, against a local fake PyPI."""

from __future__ import annotations

import json

import pytest

from ide import api
from tests.plugins.library.conftest import DEMO_V1, DEMO_V2, OTHER, record


def test_plugin_contributes_the_lib_command_and_the_menu_entry(registry):
    assert [c.name for c in registry.cli_commands] == ["lib"]
    assert [(c.id, c.menu) for c in registry.commands] == [("library", "tools")]


# -- search -------------------------------------------------------------------------------------------
def test_search_uses_the_shipped_index_without_network(lib, data_dir, monkeypatch):
    monkeypatch.setenv("HAAS_IDE_PYPI_URL", "http://127.0.0.1:9/pypi")
    hits = json.loads(lib("search", "mpu6050", "--json"))
    assert [h["name"] for h in hits] == ["haas-python-mpu6050"]
    assert len(hits[0]["sha256"]) == 64 and hits[0]["url"].endswith(".tar.gz")
    assert len(json.loads(lib("search", "--json"))) >= 70


def test_search_matches_names_and_summaries(lib, seeded_index):
    assert lib("search", "demo").splitlines()[0].startswith("haas-python-demo")
    assert [h["name"] for h in json.loads(lib("search", "display", "--json"))] == ["haas-python-other"]
    assert "No package matches nothing-like-this." in lib("search", "nothing-like-this")


def test_search_refresh_updates_the_cached_index(lib, seeded_index, pypi):
    hits = json.loads(lib("search", "demo", "--refresh", "--json"))
    assert hits[0]["version"] == "1.1.0" and hits[0]["versions"] == ["1.0.0", "1.1.0"]
    assert json.loads(seeded_index.read_text())["packages"][0]["version"] == "1.1.0"


def test_search_refresh_offline_warns_and_searches_the_copy(lib, seeded_index, pypi):
    pypi.stop()
    assert "haas-python-demo" in lib("search", "demo", "--refresh")
    assert "warning: Could not refresh the library index from PyPI" in lib.err
    assert "connect to the internet" in lib.err


# -- add ----------------------------------------------------------------------------------------------
def test_add_copies_only_module_files_and_records_them(lib, pypi, project):
    out = lib("add", "demo", "--dir", project)
    assert "Added haas-python-demo 1.1.0" in out
    assert (project / "demo.py").read_bytes() == DEMO_V2["demo.py"]
    assert (project / "demo_assets" / "font.txt").read_bytes() == DEMO_V2["demo_assets/font.txt"]
    for metadata in ("PKG-INFO", "LICENSE", "README.md", "setup.py", "x.egg-info"):
        assert not (project / metadata).exists()
    [entry] = record(project)
    assert entry["name"] == "haas-python-demo" and entry["version"] == "1.1.0"
    assert entry["filename"] == "haas_python_demo-1.1.0.tar.gz" and len(entry["sha256"]) == 64
    assert sorted(entry["files"]) == ["demo.py", "demo_assets/font.txt"]


def test_add_again_changes_nothing(lib, pypi, project):
    lib("add", "demo", "--dir", project)
    before = (project / "demo.py").stat().st_mtime_ns
    assert "already in the project; nothing to do" in lib("add", "haas_python_demo", "--dir", project)
    assert (project / "demo.py").stat().st_mtime_ns == before


def test_pinned_version_then_update_replaces_the_old_files(lib, pypi, project):
    lib("add", "demo==1.0.0", "--dir", project)
    assert (project / "demo.py").read_bytes() == DEMO_V1["demo.py"]
    assert record(project)[0]["version"] == "1.0.0"
    assert "Updated haas-python-demo from 1.0.0 to 1.1.0" in lib("add", "demo", "--dir", project)
    assert (project / "demo.py").read_bytes() == DEMO_V2["demo.py"]
    assert not (project / "demo_assets" / "logo.txt").exists()


def test_a_users_own_file_is_never_overwritten_without_force(lib, pypi, project):
    (project / "demo.py").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(api.IdeError) as error:
        lib("add", "demo", "--dir", project)
    assert "demo.py is your own file" in error.value.message and "--force" in error.value.hint
    assert (project / "demo.py").read_text() == "# mine\n"
    assert not (project / "demo_assets").exists()
    assert not (project / ".haas-project.json").exists() or record(project) == []
    lib("add", "demo", "--dir", project, "--force")
    assert (project / "demo.py").read_bytes() == DEMO_V2["demo.py"]


def test_unknown_package_and_unknown_version(lib, pypi, project):
    with pytest.raises(api.IdeError, match="There is no package haas-python-nope on PyPI"):
        lib("add", "nope", "--dir", project)
    with pytest.raises(api.IdeError, match="has no version 9.9; it has: 1.0.0, 1.1.0"):
        lib("add", "demo==9.9", "--dir", project)


# -- remove, list, restore ----------------------------------------------------------------------------
def test_remove_deletes_exactly_the_recorded_files(lib, pypi, project):
    lib("add", "demo", "--dir", project)
    lib("add", "other", "--dir", project)
    (project / "notes.py").write_text("x = 1\n", encoding="utf-8")
    assert "Removed haas-python-demo 1.1.0." in lib("remove", "demo", "--dir", project)
    assert not (project / "demo.py").exists() and not (project / "demo_assets").exists()
    assert (project / "other.py").read_bytes() == OTHER["other.py"]
    assert (project / "notes.py").exists() and (project / "main.py").exists()
    assert [r["name"] for r in record(project)] == ["haas-python-other"]


def test_remove_keeps_a_file_changed_since_unless_forced(lib, pypi, project):
    lib("add", "demo", "--dir", project)
    (project / "demo.py").write_text("VERSION = 'mine'\n", encoding="utf-8")
    out = lib("remove", "demo", "--dir", project)
    assert "Kept demo.py: it was changed since it was added" in out
    assert (project / "demo.py").exists() and not (project / "demo_assets").exists()
    lib("add", "demo", "--dir", project, "--force")
    (project / "demo.py").write_text("changed again\n", encoding="utf-8")
    lib("remove", "demo", "--dir", project, "--force")
    assert not (project / "demo.py").exists()


def test_remove_of_a_library_the_project_does_not_have(lib, project):
    with pytest.raises(api.IdeError, match="haas-python-demo is not in this project"):
        lib("remove", "demo", "--dir", project)


def test_list_shows_the_record_and_file_states(lib, pypi, project):
    assert "no libraries recorded" in lib("list", "--dir", project)
    lib("add", "demo", "--dir", project)
    (project / "demo_assets" / "font.txt").unlink()
    out = lib("list", "--dir", project)
    assert "haas-python-demo 1.1.0: demo.py, demo_assets/font.txt" in out
    assert "demo_assets/font.txt: missing" in out
    [entry] = json.loads(lib("list", "--dir", project, "--json"))
    assert entry["states"] == {"demo.py": "ok", "demo_assets/font.txt": "missing"}


@pytest.mark.parametrize("argv", [("restore",), ("add",)])
def test_restore_rebuilds_the_files_from_the_record(lib, pypi, project, argv):
    lib("add", "demo==1.0.0", "--dir", project)
    (project / "demo.py").unlink()
    (project / "demo_assets" / "logo.txt").write_text("my logo\n", encoding="utf-8")
    out = lib(*argv, "--dir", project)
    assert "Restored haas-python-demo 1.0.0: demo.py" in out
    assert "Kept demo_assets/logo.txt" in out
    assert (project / "demo.py").read_bytes() == DEMO_V1["demo.py"]
    assert (project / "demo_assets" / "logo.txt").read_text() == "my logo\n"
    assert "Restored haas-python-demo 1.0.0: demo_assets/logo.txt" in lib("restore", "--dir", project, "--force")
    assert (project / "demo_assets" / "logo.txt").read_bytes() == DEMO_V1["demo_assets/logo.txt"]
    assert "haas-python-demo 1.0.0 is complete" in lib("restore", "--dir", project)


def test_a_file_of_another_library_is_not_taken_over(lib, pypi, project):
    pypi.publish("haas-python-clash", "1.0", {"other.py": b"CLASH = 1\n"})
    lib("add", "other", "--dir", project)
    with pytest.raises(api.IdeError, match="other.py comes from haas-python-other"):
        lib("add", "clash", "--dir", project)
    lib("add", "clash", "--dir", project, "--force")
    assert "Kept other.py: haas-python-clash has it too." in lib("remove", "other", "--dir", project)
    assert (project / "other.py").read_bytes() == b"CLASH = 1\n"


def test_files_left_out_by_haasignore_are_pointed_out(lib, pypi, project):
    (project / ".haasignore").write_text("demo_assets/\n", encoding="utf-8")
    out = lib("add", "demo", "--dir", project)
    assert "Note: demo_assets/font.txt is left out of deploys by .haasignore." in out
    assert "Note: demo.py" not in out


def test_restore_refuses_an_archive_that_changed_on_pypi(lib, pypi, project, cache_dir):
    lib("add", "demo==1.0.0", "--dir", project)
    (project / "demo.py").unlink()
    for archive in (cache_dir / "archives").iterdir():
        archive.unlink()
    pypi.publish("haas-python-demo", "1.0.0", {"demo.py": b"VERSION = 'replaced'\n"})
    with pytest.raises(api.IdeError, match="PyPI now serves a different archive for haas-python-demo 1.0.0"):
        lib("restore", "--dir", project)
    assert not (project / "demo.py").exists()


# -- a hostile .haas-project.json or archive --------------------------------------------------------
def _record_files(project, files: dict[str, str]) -> None:
    """Make the project's record of haas-python-demo list `files` ({path: sha256})."""
    shared = json.loads((project / ".haas-project.json").read_text(encoding="utf-8"))
    shared["libraries"][0]["files"] = files
    (project / ".haas-project.json").write_text(json.dumps(shared), encoding="utf-8")


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim" / "notes.txt"
    path.parent.mkdir()
    path.write_bytes(b"my notes\n")
    return path


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("how", ["relative", "absolute", "linked folder"])
def test_remove_never_touches_a_recorded_path_outside_the_project(lib, pypi, project, victim, how, force):
    from plugins.library.cache import sha256

    lib("add", "demo", "--dir", project)
    rel = {"relative": "../victim/notes.txt", "absolute": str(victim), "linked folder": "notes/notes.txt"}[how]
    if how == "linked folder":
        (project / "notes").symlink_to(victim.parent, target_is_directory=True)
    _record_files(project, {"demo.py": sha256(DEMO_V2["demo.py"]), rel: sha256(victim.read_bytes())})
    for action in (["remove", "demo"], ["list"], ["restore"]):
        with pytest.raises(api.IdeError, match="is outside the project") as info:
            lib(*action, "--dir", project, *(["--force"] if force and action[0] != "list" else []))
        assert rel in info.value.message and ".haas-project.json" in info.value.hint
    assert victim.read_bytes() == b"my notes\n"
    assert (project / "demo.py").exists()  # nothing was changed, not even the files inside


def test_add_refuses_to_write_through_a_linked_folder(lib, pypi, project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "demo_assets").symlink_to(outside, target_is_directory=True)
    with pytest.raises(api.IdeError, match="demo_assets/font.txt is outside the project"):
        lib("add", "demo", "--dir", project)
    assert list(outside.iterdir()) == [] and not (project / "demo.py").exists()


def test_add_refuses_a_library_that_inflates_past_the_limit(lib, pypi, project):
    """A 1.2 MB archive from a package index used to write 1.2 GB into the project."""
    from tests.hostile_archives import ZEROS, peak_while, tar_of

    pypi.publish_archive("haas-python-bomb", "1.0", tar_of({"bomb-1.0/bomb.py": b"x = 1\n",
                                                            "bomb-1.0/data.bin": ZEROS}))
    raised, peak = peak_while(lambda: lib("add", "bomb", "--dir", project))
    assert isinstance(raised, api.IdeError) and "is not a usable archive" in raised.message
    assert "more than 16 MB together" in raised.message
    assert peak < 24 << 20
    assert sorted(p.name for p in project.iterdir()) == ["main.py"]
