"""Projects: which files deploy (ignore rules), settings, and the files a new project gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ide.core.errors import ProjectError, UsageError
from ide.core.project import (CREDENTIALS_FILE, DEFAULT_GITIGNORE_LINES, IGNORE_FILE, SETTINGS_FILE, IgnoreRules,
                              Project, ProjectFile, ProjectSettings, add_gitignore_entries, init_project)


def write(root: Path, rel: str, text: str = "x") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern, path, is_dir, ignored", [
    ("*.md", "README.md", False, True),
    ("*.md", "docs/guide.md", False, True),
    ("*.md", "main.py", False, False),
    ("docs/", "docs", True, True),
    ("docs/", "docs", False, False),
    ("docs/", "src/docs/a.py", False, True),
    ("/build", "build/x.py", False, True),
    ("/build", "src/build/x.py", False, False),
    ("lib/**/test_*.py", "lib/a/b/test_x.py", False, True),
    ("lib/**/test_*.py", "lib/test_y.py", False, True),
    ("lib/**/test_*.py", "test_z.py", False, False),
    ("**/cache", "a/b/cache/f", False, True),
    ("data/**", "data/x/y", False, True),
    ("[ab].txt", "a.txt", False, True),
    ("[!ab].txt", "a.txt", False, False),
    ("[!ab].txt", "c.txt", False, True),
    ("?.py", "x.py", False, True),
    ("?.py", "xy.py", False, False),
    ("\\#notes", "#notes", False, True),
    ("# a comment", "# a comment", False, False),
    ("sp\\ ace\\ ", "sp ace ", False, True),
])
def test_ignore_patterns_follow_gitignore(pattern, path, is_dir, ignored):
    assert IgnoreRules([pattern]).ignores(path, is_dir) is ignored


def test_the_last_matching_rule_wins_but_not_inside_an_ignored_folder():
    rules = IgnoreRules.from_text("*.json\n!board.json\nassets/\n!assets/logo.png\n")
    assert rules.ignores("data.json") and not rules.ignores("board.json")
    assert rules.ignores("assets/logo.png")


def make_project(root: Path) -> Project:
    for rel in ("main.py", "board.json", "sht3x.py", "lib/util.py", "README.md", "docs/wiring.png",
                "assets/font.bin", "notes.txt", CREDENTIALS_FILE, SETTINGS_FILE, ".git/config", "__pycache__/a.pyc",
                "lib/__pycache__/util.cpython-311.pyc", "main.py~", ".main.py.swp", "#main.py#", ".#main.py",
                "old.bak", ".vscode/settings.json", ".DS_Store", ".gitignore", IGNORE_FILE):
        write(root, rel)
    (root / IGNORE_FILE).write_text("# mine\n*.md\ndocs/\n*.txt\n!notes.txt\n", encoding="utf-8")
    return Project(root)


def test_files_lists_what_goes_to_the_board(tmp_path):
    project = make_project(tmp_path)
    files = project.files()
    assert [f.rel for f in files] == ["assets/font.bin", "board.json", CREDENTIALS_FILE, "lib/util.py", "main.py",
                                      "notes.txt", "sht3x.py"]
    assert all(isinstance(f, ProjectFile) and f.path == tmp_path / f.rel for f in files)
    assert [f.rel for f in files if f.secret] == [CREDENTIALS_FILE]
    assert CREDENTIALS_FILE not in [f.rel for f in project.files(include_secrets=False)]
    assert [f.rel for f in project.python_files()] == ["lib/util.py", "main.py", "sht3x.py"]


def test_built_in_rules_cannot_be_undone(tmp_path):
    project = make_project(tmp_path)
    (tmp_path / IGNORE_FILE).write_text("!.haas-ide/\n!*.pyc\n!.gitignore\n", encoding="utf-8")
    rels = [f.rel for f in project.files()]
    assert SETTINGS_FILE not in rels and ".gitignore" not in rels and "__pycache__/a.pyc" not in rels
    assert project.is_ignored(".haas-ide", is_dir=True)


def test_symlinked_folders_are_not_followed(tmp_path):
    project = make_project(tmp_path / "p")
    (tmp_path / "p" / "loop").symlink_to(tmp_path / "p", target_is_directory=True)
    assert not any(f.rel.startswith("loop/") for f in project.files())


def test_file_links_out_of_the_project_are_left_out_and_listed(tmp_path):
    outside = write(tmp_path, "home/.ssh/id_rsa", "PRIVATE KEY")
    project = make_project(tmp_path / "p")
    (tmp_path / "p" / "key.pem").symlink_to(outside)
    (tmp_path / "p" / "lib" / "up.py").symlink_to("../../home/.ssh/id_rsa")  # relative, still outside
    (tmp_path / "p" / "same.py").symlink_to("main.py")
    (tmp_path / "p" / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    rels = [f.rel for f in project.files()]
    assert "same.py" in rels and not {"key.pem", "lib/up.py", "dangling.py"} & set(rels)
    assert project.outside_links() == ["key.pem", "lib/up.py"]


def test_a_project_reached_through_a_link_keeps_its_own_files(tmp_path):
    make_project(tmp_path / "real")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    write(tmp_path, "real/data.bin")
    (tmp_path / "real" / "copy.bin").symlink_to(tmp_path / "real" / "data.bin")
    project = Project(tmp_path / "alias")
    assert "copy.bin" in [f.rel for f in project.files()] and project.outside_links() == []


@pytest.mark.parametrize("text", ["{", "[1]", "[" * 100_000 + "]" * 100_000])
def test_an_unusable_shared_file_is_an_error_and_never_saved_over(tmp_path, text):
    from ide import api

    shared = write(tmp_path, ".haas-project.json", text)
    with pytest.raises(ProjectError) as info:
        api.set_project_value(tmp_path, "plugin", {"x": 1}, shared=True)
    assert ".haas-project.json" in info.value.message and info.value.hint
    assert shared.read_text(encoding="utf-8") == text


def test_a_missing_folder_is_not_a_project(tmp_path):
    with pytest.raises(ProjectError):
        Project(tmp_path / "nope")
    write(tmp_path, "file.txt")
    with pytest.raises(ProjectError):
        Project(tmp_path / "file.txt")


def test_settings_round_trip_and_keep_unknown_keys(tmp_path):
    project = Project(tmp_path)
    assert project.settings == ProjectSettings() and project.board_id is None
    project.set_board("esp32-devkitc")
    project.settings.port = "/dev/ttyUSB0"
    project.settings.last_deploy = {"files": {"main.py": "abc"}, "time": 1}
    project.save_settings()
    data = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    data["future"] = {"x": 1}
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(data), encoding="utf-8")
    again = Project(tmp_path)
    assert again.board_id == "esp32-devkitc" and again.settings.port == "/dev/ttyUSB0"
    assert again.settings.last_deploy["files"] == {"main.py": "abc"}
    again.save_settings()
    assert json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))["future"] == {"x": 1}
    assert not list(tmp_path.glob(".haas-ide/*.tmp"))


def test_an_unknown_board_is_refused(tmp_path):
    with pytest.raises(UsageError):
        Project(tmp_path).set_board("arduino-uno")


@pytest.mark.parametrize("text", ["{", "[1, 2]", "\xff", "[" * 100_000 + "]" * 100_000])
def test_a_broken_settings_file_is_a_clear_error(tmp_path, text):
    write(tmp_path, SETTINGS_FILE, text)
    with pytest.raises(ProjectError) as info:
        Project(tmp_path).board_id
    assert "project.json" in info.value.message and info.value.hint


def test_wrong_value_types_in_settings_are_dropped(tmp_path):
    write(tmp_path, SETTINGS_FILE, json.dumps({"board": 3, "port": "", "last_deploy": [1]}))
    settings = Project(tmp_path).settings
    assert (settings.board, settings.port, settings.last_deploy) == (None, None, None)


def test_credentials(tmp_path):
    project = Project(tmp_path)
    assert project.credentials() == {}
    write(tmp_path, CREDENTIALS_FILE, '{"wifi_ssid": "home"}')
    assert project.credentials() == {"wifi_ssid": "home"}
    write(tmp_path, CREDENTIALS_FILE, '{"wifi_ssid": ')
    with pytest.raises(ProjectError):
        project.credentials()


def test_init_project_writes_its_files_once(tmp_path):
    write(tmp_path, ".gitignore", "build/\n/credentials.json\n")
    project = init_project(tmp_path, "virtual", "helloworld")
    assert project.board_id == "virtual" and project.settings.template == "helloworld"
    gitignore = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert gitignore[:2] == ["build/", "/credentials.json"]
    assert gitignore.count("/credentials.json") == 1 and "/.haas-ide/" in gitignore
    init_project(tmp_path, "virtual")
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines() == gitignore
    assert "*.md" in (tmp_path / IGNORE_FILE).read_text(encoding="utf-8")


def test_gitignore_entries_come_with_their_comments(tmp_path):
    path = tmp_path / ".gitignore"
    add_gitignore_entries(path, DEFAULT_GITIGNORE_LINES)
    assert path.read_text(encoding="utf-8").splitlines() == list(DEFAULT_GITIGNORE_LINES)
