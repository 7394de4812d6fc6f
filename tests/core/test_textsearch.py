"""Finding text in a project's files (what the Find in project panel shows)."""

from __future__ import annotations

import pytest

from ide.core.textsearch import SearchError, SearchOptions, search_project


@pytest.fixture
def project(tmp_path):
    (tmp_path / "main.py").write_text("import utime\nprint('Hello')\nprint('hello again')\n", encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "sensor.py").write_text("def read_hello():\n    return 1  # hello\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# 你好 Hello\n", encoding="utf-8")
    return tmp_path


def test_finds_every_match_with_its_line_and_column(project):
    result = search_project(project, "hello")
    found = [(m.rel, m.line, m.column) for m in result.matches]
    assert found == [("README.md", 1, 6), ("main.py", 2, 8), ("main.py", 3, 8),  # a folder's own files first
                     ("lib/sensor.py", 1, 10), ("lib/sensor.py", 2, 17)]
    assert result.files() == ["README.md", "main.py", "lib/sensor.py"]
    assert result.files_searched == 3 and not result.truncated
    first = result.matches[0]
    assert first.text == "# 你好 Hello" and first.text[first.column - 1:][:first.length] == "Hello"
    assert first.path == project / "README.md"


def test_match_case_and_whole_words(project):
    assert [m.rel for m in search_project(project, "Hello", SearchOptions(match_case=True)).matches] == [
        "README.md", "main.py"]
    words = search_project(project, "hello", SearchOptions(whole_word=True)).matches
    assert [(m.rel, m.line) for m in words] == [("README.md", 1), ("main.py", 2), ("main.py", 3),
                                                ("lib/sensor.py", 2)]  # read_hello is not the word hello


def test_regular_expressions_and_plain_text_with_regex_characters(project):
    regex = search_project(project, r"print\('(\w+)", SearchOptions(regex=True)).matches
    assert [(m.line, m.length) for m in regex] == [(2, 12), (3, 12)]
    plain = search_project(project, "print('", SearchOptions()).matches
    assert len(plain) == 2  # "(" is text here, not a group
    with pytest.raises(SearchError):
        search_project(project, "print(", SearchOptions(regex=True))


def test_unsaved_text_is_searched_instead_of_the_file(project):
    overrides = {project / "main.py": "print('hello from the editor')\n"}
    matches = [m for m in search_project(project, "hello", overrides=overrides).matches if m.rel == "main.py"]
    assert [(m.line, m.text) for m in matches] == [(1, "print('hello from the editor')")]


def test_binary_hidden_tool_and_huge_files_are_left_out(project, monkeypatch):
    (project / "firmware.bin").write_bytes(b"\0hello\0")
    (project / "latin1.txt").write_bytes("hello caf\xe9".encode("latin-1"))
    for folder in (".git", "__pycache__", ".haas-ide"):
        (project / folder).mkdir()
        (project / folder / "x.txt").write_text("hello\n", encoding="utf-8")
    result = search_project(project, "hello")
    assert set(result.files()) == {"README.md", "lib/sensor.py", "main.py"}
    monkeypatch.setattr("ide.core.textsearch.MAX_FILE_BYTES", 20)
    assert "main.py" not in search_project(project, "hello").files()  # 59 bytes: over the limit now


def test_the_limit_stops_the_search_and_says_so(project):
    result = search_project(project, "l", limit=3)
    assert len(result.matches) == 3 and result.truncated


def test_an_empty_pattern_finds_nothing(project):
    result = search_project(project, "")
    assert result.matches == [] and result.files_searched == 0


def test_a_cancelled_search_stops(project):
    assert search_project(project, "hello", cancelled=lambda: True).matches == []
