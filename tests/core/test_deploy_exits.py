"""Every way a deploy can end leaves the board usable: a stop, a board error, a stdin that fails;
and board errors are told in the right words."""

from __future__ import annotations

import errno
import os
import threading

import pytest

from ide.core.deploy import DeployStopped, deploy, local_files
from ide.core.errors import BoardError, ProjectError
from ide.core.link.connection import Connection
from ide.core.link.survey import parse_survey
from ide.core.link.transfer import write_error
from tests.boardio import PtyBoard
from tests.core.test_deploy import files_of, make_project, pairs, run_deploy


def assert_friendly_prompt(board: PtyBoard) -> None:
    """The board answers typed Python at once, as any other tool expects."""
    with Connection(board.transport.name) as conn:
        conn.write(b"print(6 * 7)\r")
        conn.read_until(b"42\r\n>>> ", 5)


def test_a_stop_mid_transfer_names_what_was_written_and_leaves_the_prompt(tmp_path):
    board = PtyBoard(tmp_path / "board", baud=115200)
    try:
        project = tmp_path / "p"
        project.mkdir()
        (project / "a.py").write_text("A = 1\n")
        (project / "z.bin").write_bytes(os.urandom(24 * 1024))
        cancel = threading.Event()

        def progress(path, done, total):
            if path.endswith("z.bin") and done > 4096:
                cancel.set()

        repl = board.connect(cancel=cancel)
        try:
            with pytest.raises(DeployStopped) as stopped:
                deploy(repl, local_files(pairs(project)), run=False, on_progress=progress)
        finally:
            repl.conn.close()
        assert stopped.value.written == ["a.py"] and stopped.value.not_written == ["z.bin"]
        assert "Written: a.py. Not written: z.bin." in stopped.value.message
        assert set(board.app_files()) == {"a.py"}  # no half-written z.bin, no temporary file left
        assert_friendly_prompt(board)
        run_deploy(board, project)
        assert board.app_files() == files_of(project)
    finally:
        board.close()


def test_a_stop_before_the_survey_names_every_file_not_written(tmp_path):
    board = PtyBoard(tmp_path / "board")
    try:
        cancel = threading.Event()
        cancel.set()  # Ctrl-C as the deploy starts
        repl = board.connect(cancel=cancel)
        try:
            with pytest.raises(DeployStopped) as stopped:
                deploy(repl, local_files(pairs(make_project(tmp_path / "p"))), run=False)
        finally:
            repl.conn.close()
        assert stopped.value.written == [] and len(stopped.value.not_written) == 5
        assert_friendly_prompt(board)
    finally:
        board.close()


def test_a_failed_deploy_leaves_the_friendly_prompt(tmp_path):
    board = PtyBoard(tmp_path / "board", fs_capacity=48 * 1024)
    try:
        with pytest.raises(BoardError, match="full"):
            run_deploy(board, make_project(tmp_path / "big"))
        assert_friendly_prompt(board)
    finally:
        board.close()


def test_a_stdin_that_fails_falls_back_to_commands(tmp_path):
    board = PtyBoard(tmp_path / "board")
    board.vb.stdin_fault = errno.EIO  # sys.stdin.buffer is there, but reading it fails
    try:
        project = make_project(tmp_path / "p")
        result = run_deploy(board, project)
        assert board.app_files() == files_of(project)
        assert result.payload > sum(f.size for f in result.plan.writes)  # base64 commands, not raw bytes
        assert_friendly_prompt(board)
    finally:
        board.close()


@pytest.mark.parametrize("last_line, words", [
    ("OSError: [Errno 5] EIO", "input/output error (EIO)"),
    ("OSError: 28", "file system is full"),
    ("OSError: [Errno 28] ENOSPC", "file system is full"),
    ("OSError: file not found", "does not exist"),
    ("OSError: [Errno 30] EROFS", "read-only"),
    ("MemoryError: memory allocation failed, allocating 2048 bytes", "ran out of memory"),
    ("ValueError: checksum", "arrived damaged (checksum mismatch)"),
])
def test_board_errors_get_their_own_words(last_line, words):
    error = write_error("/main.py", f'Traceback (most recent call last):\r\n  File "<stdin>", line 1\r\n{last_line}\r\n')
    assert words in error.message and "/main.py" in error.message
    assert ("cable" in error.hint) == words.startswith("arrived damaged")


@pytest.mark.parametrize("answer", [
    b"\x00\xff\xfe garbage \x81\r\n",
    b"('C', 'not a dict')\r\n",
    b"{'a': '/', 'free': 'lots'}\r\n",
    b"{'free': 10}\r\n",
    b"F 0 12 -\r\n",
    b"{'a': '/'}\r\nF 7 12 -\r\n",
    b"{'a': '/'}\r\nF 0 big -\r\n",
    b"{'a': '/'}\r\nN\r\n",
    b"{'a': '/'}\r\n('X', 'main.py', 1)\r\n",
    b"{'a': '/'}\r\n('M', 'main.py', 'big')\r\n",
    b"{'a': '/'}\r\n" + b"[" * 5000 + b"\r\n",
    b"",
])
def test_a_survey_answer_that_makes_no_sense_is_one_clear_error(answer):
    with pytest.raises(BoardError) as info:
        parse_survey(answer, ["main.py"])
    assert "makes no sense" in info.value.message and "baud rate" in info.value.hint


def test_a_survey_answer_is_read_in_full():
    found = parse_survey(b"{'a': '/', 'v': (1, 9, 2), 'rn': False}\r\nN 2\r\nF 0 12 abc\r\nF 1 -1 -\r\n"
                         b"('M', 'old.py', 40)\r\n('T', 'main.py.~tmp', 7)\r\n", ["main.py", "lib/x.py"])
    assert found.board.version == "1.9.2" and not found.board.atomic and found.board.target == "/"
    assert found.remote == {"main.py": (12, "abc"), "lib/x.py": (-1, "")}
    assert found.owned == {"old.py": 40} and found.temps == {"main.py.~tmp": 7} and found.manifest_count == 2
    assert not found.manifest_is({"main.py", "lib/x.py"})


def test_a_pre_release_version_is_named_as_micropython_does():
    found = parse_survey(b"{'a': '/', 'v': (1, 27, 0, 'preview')}\r\nN 0\r\n", [])
    assert found.board.version == "1.27.0-preview" and found.board.name() == "MicroPython 1.27.0-preview"


def test_an_unreadable_project_file_is_the_users_to_fix(tmp_path):
    (tmp_path / "main.py").mkdir()  # not a file that can be read (root reads anything mode 000)
    with pytest.raises(ProjectError, match="Cannot read main.py"):
        local_files([("main.py", tmp_path / "main.py")])


def test_files_left_out_are_listed_in_the_plan_and_the_summary(tmp_path):
    board = PtyBoard(tmp_path / "board")
    try:
        result = run_deploy(board, make_project(tmp_path / "p"), skipped=["key.txt"])
        assert result.summary()["skipped"] == ["key.txt"]
        assert "skipped   key.txt (a link to something outside the project)" in result.plan.describe()
    finally:
        board.close()
