"""Deploy end to end against the virtual board: incremental, atomic, robust to cuts and full disks."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from ide.core import deploy as deploy_module
from ide.core.deploy import deploy, local_files
from ide.core.errors import BoardError, IdeError, PortError
from ide.core.link.connection import Connection
from ide.core.link.rawrepl import RawRepl
from tests.boardio import PtyBoard

FIRMWARE_FILES = ("boot.py", "lib/appOta.py")


@pytest.fixture
def board(tmp_path):
    b = PtyBoard(tmp_path / "board")
    yield b
    b.close()


def make_project(root: Path, seed: int = 0) -> Path:
    rng = random.Random(seed)
    (root / "drivers" / "sensors").mkdir(parents=True)
    (root / "main.py").write_text("import utime\nprint('主程序 started')\nwhile True:\n    utime.sleep_ms(1000)\n",
                                  encoding="utf-8")
    (root / "board.json").write_text('{"name": "esp32", "io": {}}')
    (root / "drivers" / "sensors" / "温湿度.py").write_text("# 温度和湿度传感器\nVALUE = 1\n" * 40, encoding="utf-8")
    (root / "drivers" / "__init__.py").write_text("")
    (root / "asset.bin").write_bytes(bytes(rng.getrandbits(8) for _ in range(50 * 1024)))
    return root


def pairs(root: Path) -> list[tuple[str, Path]]:
    return sorted((p.relative_to(root).as_posix(), p) for p in root.rglob("*") if p.is_file())


def files_of(root: Path) -> dict[str, bytes]:
    return {rel: path.read_bytes() for rel, path in pairs(root)}


def run_deploy(board: PtyBoard, project: Path, **kwargs):
    repl = board.connect()
    try:
        return deploy(repl, local_files(pairs(project)), run=False, **kwargs)
    finally:
        repl.conn.close()


def test_fresh_then_incremental_deploys(board, tmp_path):
    project = make_project(tmp_path / "p")
    boot_before = (board.root / "boot.py").read_bytes()
    first = run_deploy(board, project)
    assert sorted(f.rel for f in first.plan.writes) == sorted(files_of(project))
    assert board.app_files() == files_of(project)
    assert board.manifest() == sorted(files_of(project))

    again = run_deploy(board, project)
    assert again.plan.writes == () and again.plan.deletes == () and len(again.plan.unchanged) == 5
    assert again.payload == 0

    (project / "drivers" / "sensors" / "温湿度.py").write_text("VALUE = 2\n", encoding="utf-8")
    (project / "asset.bin").unlink()
    changed = run_deploy(board, project)
    assert [f.rel for f in changed.plan.writes] == ["drivers/sensors/温湿度.py"]
    assert changed.plan.deletes == ("asset.bin",)
    assert board.app_files() == files_of(project)
    assert (board.root / "boot.py").read_bytes() == boot_before
    assert all((board.root / name).exists() for name in FIRMWARE_FILES)


def test_removed_folder_is_removed(board, tmp_path):
    project = make_project(tmp_path / "p")
    run_deploy(board, project)
    for path in (project / "drivers").rglob("*"):
        if path.is_file():
            path.unlink()
    result = run_deploy(board, project)
    assert result.plan.remove_dirs == ("drivers/sensors", "drivers")
    assert not (board.root / "data" / "pyamp" / "drivers").exists()


def test_dry_run_changes_nothing(board, tmp_path):
    project = make_project(tmp_path / "p")
    result = run_deploy(board, project, dry_run=True)
    assert len(result.plan.writes) == 5 and board.app_files() == {}
    assert any(line.startswith("write     /data/pyamp/main.py") for line in result.plan.describe())


def test_text_is_compressed_on_the_wire(board, tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.py").write_text("# 中文注释：温度传感器的驱动程序\nprint('温度')\n" * 300, encoding="utf-8")
    result = run_deploy(board, project)
    size = (project / "main.py").stat().st_size
    assert result.payload < size / 4  # never the 4x blow-up of repr: far below even 1x


def test_deploy_then_run_streams_main_output(board, tmp_path):
    project = make_project(tmp_path / "p")
    repl = board.connect()
    try:
        deploy(repl, local_files(pairs(project)), run=True)
        output = repl.conn.read_until("主程序 started\r\n".encode(), 10)
    finally:
        repl.conn.close()
    assert b" ==== python execute from /data/pyamp/main.py ====" in output


def test_board_without_raw_paste(tmp_path):
    board = PtyBoard(tmp_path / "board", firmware="legacy")
    try:
        project = make_project(tmp_path / "p")
        repl = board.connect()
        deploy(repl, local_files(pairs(project)), run=False)
        assert repl.raw_paste is False
        repl.conn.close()
        assert board.app_files() == files_of(project)
    finally:
        board.close()


def test_board_printing_continuously_while_we_connect(tmp_path):
    root = tmp_path / "board"
    (root / "data" / "pyamp").mkdir(parents=True)
    (root / "data" / "pyamp" / "main.py").write_text("i = 0\nwhile True:\n    i += 1\n    print('flood', i)\n")
    board = PtyBoard(root, baud=115200)
    try:
        project = make_project(tmp_path / "p")
        run_deploy(board, project)
        assert board.app_files() == files_of(project)
    finally:
        board.close()


class CutConnection(Connection):
    """A cable that is pulled after `cut_after` bytes have been written."""

    cut_after = 0

    def write(self, data: bytes) -> None:
        room = self.cut_after - self.bytes_out
        if room <= len(data):
            super().write(data[:max(0, room)])
            self.close()
            raise PortError("cable pulled")
        super().write(data)


@pytest.mark.parametrize("seed", range(8))
def test_cut_connection_never_leaves_a_half_written_file(tmp_path, seed):
    rng = random.Random(seed)
    board = PtyBoard(tmp_path / "board")
    try:
        old = make_project(tmp_path / "old", seed=1)
        run_deploy(board, old)
        new = make_project(tmp_path / "new", seed=2)
        (new / "main.py").write_text("print('new version')\n" * 50)
        old_files, new_files = files_of(old), files_of(new)
        CutConnection.cut_after = rng.randint(100, 52_000)  # a whole deploy sends about 53,600
        repl = board.connect(CutConnection)
        with pytest.raises(IdeError):
            deploy(repl, local_files(pairs(new)), run=False)
        for rel, data in board.app_files().items():
            if not rel.endswith((".~tmp", ".~tmpz")):
                assert data in (old_files.get(rel), new_files.get(rel)), f"{rel} is half-written"
        run_deploy(board, new)  # the next deploy completes
        assert board.app_files() == new_files
    finally:
        board.close()


@pytest.fixture
def small_board(tmp_path):
    """A board with a 48 KB file system holding a one-line main.py."""
    board = PtyBoard(tmp_path / "board", fs_capacity=48 * 1024)
    small = tmp_path / "small"
    small.mkdir()
    (small / "main.py").write_text("print('old')\n")
    run_deploy(board, small)
    yield board
    board.close()


def test_full_file_system_is_refused_before_touching_anything(small_board, tmp_path):
    big = make_project(tmp_path / "big")
    with pytest.raises(BoardError, match="full"):
        run_deploy(small_board, big)
    assert small_board.app_files() == {"main.py": b"print('old')\n"}


def test_file_system_filling_up_mid_write_keeps_old_files(small_board, tmp_path, monkeypatch):
    monkeypatch.setattr(deploy_module, "check_space", lambda plan, encoded: None)  # let the board find out
    big = make_project(tmp_path / "big")
    (big / "main.py").write_text("print('new')\n")
    with pytest.raises(BoardError, match="could not write .*: The board's file system is full"):
        run_deploy(small_board, big)
    files = small_board.app_files()
    assert files.get("main.py") in (b"print('old')\n", b"print('new')\n")
    assert not any(name.endswith((".~tmp", ".~tmpz")) for name in files)


def test_mpremote_confirms_every_deployed_file(board, tmp_path):
    project = make_project(tmp_path / "p")
    run_deploy(board, project)
    for rel, data in files_of(project).items():
        result = subprocess.run([sys.executable, "-m", "mpremote", "connect", board.transport.name, "fs",
                                 "sha256sum", f":/data/pyamp/{rel}"], capture_output=True, text=True, timeout=60)
        assert hashlib.sha256(data).hexdigest() in result.stdout, (rel, result.stderr)


def test_empty_project_is_a_clear_error(board):
    repl = board.connect()
    try:
        with pytest.raises(IdeError, match="no files"):
            deploy(repl, [], run=False)
    finally:
        repl.conn.close()


def test_missing_port_is_a_clear_error(tmp_path):
    with pytest.raises(PortError, match="does not exist"):
        Connection(str(tmp_path / "ttyUSB9"))


def test_busy_port_names_the_port(board):
    first = Connection(board.transport.name)
    try:
        with pytest.raises(PortError, match="busy") as info:
            Connection(board.transport.name)
        assert board.transport.name in str(info.value)
    finally:
        first.close()


def test_silent_port_times_out_with_a_hint(tmp_path):
    import pty

    master, slave = pty.openpty()
    try:
        repl = RawRepl(Connection(os.ttyname(slave)), timeout=0.3)
        with pytest.raises(BoardError, match="reset button"):
            repl.enter()
        repl.conn.close()
    finally:
        os.close(master)
        os.close(slave)
