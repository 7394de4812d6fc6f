"""What a deploy may touch: only files deploys wrote (the manifest), the rest with an explicit
mirror; space counted as added minus freed; the stock-MicroPython target; deep projects."""

from __future__ import annotations

import os

import pytest

from ide.core.deploy import deploy, local_files
from ide.core.errors import BoardError
from ide.core.link.agent import MANIFEST
from tests.boardio import PtyBoard
from tests.core.test_deploy import files_of, pairs, run_deploy


def write(path, data: bytes | str):
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return path


def one_file_project(root, name="main.py", data: bytes | str = "print('hi')\n"):
    write(root / name, data)
    return root


def test_a_file_the_program_wrote_survives_a_redeploy(haas_board, tmp_path):
    project = one_file_project(tmp_path / "p")
    write(project / "old.py", "X = 1\n")
    run_deploy(haas_board, project)
    log = write(haas_board.root / "data" / "pyamp" / "log.txt", "written by the program at run time\n")
    (project / "old.py").unlink()
    result = run_deploy(haas_board, project)
    assert result.plan.deletes == ("old.py",)
    assert log.read_text() == "written by the program at run time\n"
    assert set(haas_board.app_files()) == {"main.py", "log.txt"}
    assert haas_board.manifest() == ["main.py"]


def test_a_board_deployed_before_manifests_keeps_everything(haas_board, tmp_path):
    write(haas_board.root / "data" / "pyamp" / "from_another_tool.py", "Y = 2\n")
    result = run_deploy(haas_board, one_file_project(tmp_path / "p"))
    assert result.plan.deletes == ()
    assert set(haas_board.app_files()) == {"main.py", "from_another_tool.py"}


def test_mirror_deletes_what_the_preview_lists_and_only_that(haas_board, tmp_path):
    project = one_file_project(tmp_path / "p")
    run_deploy(haas_board, project)
    write(haas_board.root / "data" / "pyamp" / "log.txt", "runtime\n")
    write(haas_board.root / "data" / "pyamp" / "cache" / "a.bin", b"\x00" * 10)
    preview = run_deploy(haas_board, project, dry_run=True, mirror=True)
    assert preview.plan.deletes == ("cache/a.bin", "log.txt") and "cache" in preview.plan.remove_dirs
    write(haas_board.root / "data" / "pyamp" / "later.txt", "appeared after the preview\n")
    run_deploy(haas_board, project, mirror=preview.plan.deletes)
    assert set(haas_board.app_files()) == {"main.py", "later.txt"}
    assert not (haas_board.root / "data" / "pyamp" / "cache").exists()


def test_mirror_of_a_stock_root_keeps_the_firmwares_files(stock_board, tmp_path):
    write(stock_board.root / "lib" / "umqtt.py", "# installed with mip\n")
    (stock_board.root / "lib" / "empty").mkdir()
    write(stock_board.root / "notes.txt", "the user's\n")
    result = run_deploy(stock_board, one_file_project(tmp_path / "p"), mirror=True)
    assert result.plan.deletes == ("notes.txt",) and result.plan.remove_dirs == ()
    assert (stock_board.root / "lib" / "empty").is_dir()
    assert (stock_board.root / "boot.py").is_file() and (stock_board.root / "lib" / "umqtt.py").is_file()
    assert not (stock_board.root / "notes.txt").exists()


def test_a_plain_main_py_goes_to_the_root_of_a_stock_board_and_runs(stock_board, tmp_path):
    project = one_file_project(tmp_path / "p", data="print('stock says hi')\n")
    write(project / "lib" / "helper.py", "Z = 3\n")
    repl = stock_board.connect()
    try:
        result = deploy(repl, local_files(pairs(project)), run=True)
        output = repl.conn.read_until(b"stock says hi\r\n", 10)
    finally:
        repl.conn.close()
    assert result.plan.board.firmware == "micropython" and result.plan.board.target == "/"
    assert b"====" not in output  # no HaaS marker lines on stock MicroPython
    assert stock_board.app_files("") == {**files_of(project), "boot.py": (stock_board.root / "boot.py").read_bytes()}
    assert not (stock_board.root / "data").exists()


def test_a_pinned_app_folder_is_created_and_used(stock_board, tmp_path):
    project = one_file_project(tmp_path / "p")
    result = run_deploy(stock_board, project, app_dir="/apps/demo")
    assert result.plan.board.target == "/apps/demo"
    assert stock_board.app_files("apps/demo") == files_of(project)
    assert not (stock_board.root / "main.py").exists()


def test_a_same_size_change_fits_where_two_copies_would_not(tmp_path):
    root = tmp_path / "board"
    first = PtyBoard(root)
    project = one_file_project(tmp_path / "p", "asset.bin", os.urandom(40 * 1024))
    try:
        run_deploy(first, project)
        free = run_deploy(first, project, dry_run=True).plan.board.free
        capacity = first.vb.fs.capacity
    finally:
        first.close()
    used = capacity - free
    board = PtyBoard(root, fs_capacity=used + 48 * 1024)  # room for one more copy, not for two
    try:
        write(project / "asset.bin", os.urandom(40 * 1024))
        result = run_deploy(board, project)
        assert [f.rel for f in result.plan.writes] == ["asset.bin"]
        assert board.app_files() == files_of(project)
    finally:
        board.close()


def test_leftovers_of_a_cut_deploy_are_cleaned_first_and_counted_as_free(tmp_path):
    root = tmp_path / "board"
    project = one_file_project(tmp_path / "p", "asset.bin", os.urandom(30 * 1024))
    board = PtyBoard(root)
    free = board.vb.fs.statvfs("/")[0] * board.vb.fs.statvfs("/")[3]
    capacity = board.vb.fs.capacity
    board.close()
    stale = write(root / "data" / "pyamp" / ("asset.bin" + ".~tmp"), os.urandom(30 * 1024))
    board = PtyBoard(root, fs_capacity=capacity - free + 40 * 1024)  # the leftover fills most of it
    try:
        result = run_deploy(board, project)
        assert result.plan.stale == ("asset.bin.~tmp",)
        assert not stale.exists() and board.app_files() == files_of(project)
    finally:
        board.close()


def test_a_project_200_folders_deep_deploys(tmp_path):
    board = PtyBoard(tmp_path / "board", fs_capacity=4 << 20)  # each folder takes a block
    try:
        project = tmp_path / "p"
        deep = project.joinpath(*[f"d{i}" for i in range(200)])
        write(deep / "leaf.py", "LEAF = True\n")
        write(project / "main.py", "print('deep')\n")
        first = run_deploy(board, project)
        assert len(first.plan.writes) == 2 and board.app_files() == files_of(project)
        again = run_deploy(board, project)
        assert again.plan.writes == () and len(again.plan.unchanged) == 2
    finally:
        board.close()


def test_folders_count_in_the_space_check(haas_board, tmp_path):
    project = tmp_path / "p"  # the haas_board has 832 KB: 200 folders of 4 KB blocks do not fit
    write(project.joinpath(*[f"d{i}" for i in range(200)]) / "leaf.py", "LEAF = True\n")
    with pytest.raises(BoardError, match="full: .* KB free, the deploy needs about"):
        run_deploy(haas_board, project)
    assert haas_board.app_files() == {}


def test_the_manifest_is_not_rewritten_when_the_file_set_is_the_same(haas_board, tmp_path):
    project = one_file_project(tmp_path / "p")
    run_deploy(haas_board, project)
    manifest = haas_board.root / "data" / "pyamp" / MANIFEST
    before = manifest.stat().st_mtime_ns
    write(project / "main.py", "print('changed')\n")
    result = run_deploy(haas_board, project)
    assert result.plan.manifest is None and manifest.stat().st_mtime_ns == before


@pytest.mark.parametrize("firmware", ["v2.2", "legacy", "stock"])
def test_the_survey_names_firmware_version_and_target(tmp_path, firmware):
    board = PtyBoard(tmp_path / "board", firmware=firmware)
    try:
        info = run_deploy(board, one_file_project(tmp_path / "p"), dry_run=True).plan.board
    finally:
        board.close()
    expected = {"v2.2": ("haas", "/data/pyamp"), "legacy": ("haas", "/data/pyamp"), "stock": ("micropython", "/")}
    assert (info.firmware, info.target) == expected[firmware]
    assert info.version.startswith("1.") and info.atomic and info.lacks() == []
    assert ("HaaSPython-ESP32" in info.describe()) == (firmware != "stock")
