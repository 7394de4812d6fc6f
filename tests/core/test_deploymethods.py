"""Which deploy method a project's board takes, and what a broken project settings file does."""

from __future__ import annotations

import pytest

from ide.core import deploymethods
from ide.core.errors import IdeError


def project_with(tmp_path, settings: str):
    (tmp_path / ".haas-ide").mkdir()
    (tmp_path / ".haas-ide" / "project.json").write_text(settings, encoding="utf-8")
    return tmp_path


def test_a_known_board_gives_its_catalogue_entry(tmp_path):
    board = deploymethods.board_for(project_with(tmp_path, '{"board": "haas-edu-k1"}'))
    assert board["id"] == "haas-edu-k1" and deploymethods.method_name(board) == "ymodem"


def test_an_unknown_board_deploys_the_default_way(tmp_path):
    board = deploymethods.board_for(project_with(tmp_path, '{"board": "no-such-board"}'))
    assert board is None and deploymethods.method_name(board) == "raw-repl"


def test_a_broken_settings_file_is_reported_not_deployed_around(tmp_path):
    with pytest.raises(IdeError):
        deploymethods.board_for(project_with(tmp_path, '{"board": '))
