"""End to end: the haas1000 plugin's `ymodem` deploy against the HaaS EDU K1 virtual board.

The board is served on a socket or pty like a real port; the plugin is the one the IDE's loader
activates, run through the IDE's deploy dispatch (`deploymethods.run_method`)."""

from __future__ import annotations

import random

import pytest

from ide import api
from ide.core import deploymethods
from tests.served import served_board

from .conftest import BAUD, TIMEOUT

MAIN = "import utime\nprint('K1 app', 2)\n"
HELPER = "# 温湿度\nVALUE = 42\n"


def deploy(haas1000, rig, files, **options) -> dict:
    return deploymethods.run_method(rig.session(files, **options), haas1000.registry)


def test_files_land_in_data_pyamp_and_main_py_runs(haas1000, rig):
    board = rig()
    files = board.project({"main.py": MAIN, "lib/helper.py": HELPER, "logo.bin": bytes(range(256)) * 12})
    summary = deploy(haas1000, board, files)
    assert board.board_file("main.py").decode() == MAIN
    assert board.board_file("lib/helper.py").decode("utf-8") == HELPER
    assert board.board_file("logo.bin") == bytes(range(256)) * 12
    assert board.link.read_until(b"K1 app 2", TIMEOUT)
    assert summary["method"] == "ymodem" and summary["confirmed"]
    assert sorted(summary["written"]) == ["lib/helper.py", "logo.bin", "main.py"]
    assert summary["unchanged"] == [] and summary["deleted"] == [] and summary["retries"] == 0
    assert summary["payload_bytes"] == len(MAIN.encode()) + len(HELPER.encode()) + 3072
    assert summary["reset"] == "repl"  # the board's REPL answered: machine.reset(), no button needed
    done = [p for p in board.recorder.progress if p[0] == "pyamp.zip"]
    assert done[-1][1] == done[-1][2] == summary["bytes"]
    assert b"amp shakehand begin..." in board.recorder.output


def test_redeploy_replaces_changed_files_and_keeps_others(haas1000, rig):
    board = rig()
    board.put_app({"main.py": "print('old')\n", "stale.py": "x = 1\n"})
    deploy(haas1000, board, board.project({"main.py": "print('new')\n"}))
    assert board.board_file("main.py") == b"print('new')\n"
    assert board.board_file("stale.py") == b"x = 1\n"  # the protocol cannot delete
    assert board.link.read_until(b"new", TIMEOUT)


def test_a_corrupted_block_is_nacked_and_sent_again(haas1000, rig):
    board = rig()
    board.faults.corrupt_blocks.append(2)
    asset = random.Random(1).randbytes(6000)  # incompressible: several blocks
    summary = deploy(haas1000, board, board.project({"main.py": MAIN, "asset.bin": asset}))
    assert summary["retries"] == 1
    assert board.board_file("asset.bin") == asset
    assert board.faults.corrupt_blocks == []


def test_a_block_the_board_swallows_goes_again_after_the_timeout(haas1000, rig):
    board = rig()
    board.faults.silent_blocks.append(1)
    summary = deploy(haas1000, board, board.project({"main.py": MAIN}), block_timeout=0.3)
    assert summary["retries"] == 1
    assert board.board_file("main.py").decode() == MAIN


def test_a_lost_ack_makes_a_repeat_that_is_not_stored_twice(haas1000, rig):
    board = rig()
    board.faults.lost_acks.append(1)
    asset = random.Random(2).randbytes(3000)
    summary = deploy(haas1000, board, board.project({"main.py": MAIN, "asset.bin": asset}), block_timeout=0.3)
    assert summary["retries"] == 1
    assert board.board_file("asset.bin") == asset


def test_a_missed_boot_window_is_detected_and_the_board_reset_again(haas1000, rig):
    board = rig()
    board.faults.deaf_windows = 1
    board.recorder.on_status = lambda text: (text.startswith("Press") and board.board.reset())
    summary = deploy(haas1000, board, board.project({"main.py": MAIN}))
    assert summary["missed_windows"] == 1
    assert any("without taking the upload" in s for s in board.recorder.statuses)
    assert board.link.read_until(b"K1 app 2", TIMEOUT)


def test_windows_missed_every_time_are_reported_with_a_hint(haas1000, rig):
    board = rig()
    board.faults.deaf_windows = 10
    board.recorder.on_status = lambda text: (text.startswith("Press") and board.board.reset())
    board.put_app({"main.py": "print('old')\n"})
    with pytest.raises(api.BoardError) as raised:
        deploy(haas1000, board, board.project({"main.py": MAIN}), boot_attempts=2)
    assert "missed" in raised.value.message and "2 times" in raised.value.message
    assert "reset button" in raised.value.hint
    assert board.board_file("main.py") == b"print('old')\n"


STUBBORN = ("import micropython, utime\nmicropython.kbd_intr(-1)\nprint('stubborn')\n"
            "while True:\n    utime.sleep_ms(20)\n")


def test_a_board_whose_repl_does_not_answer_asks_for_the_reset_button(haas1000, rig):
    board = rig(transport="pty")  # a pty has no reset line: pulse_reset() says so
    board.put_app({"main.py": STUBBORN})
    board.board.reset()
    board.link.read_until(b"stubborn", TIMEOUT)
    board.recorder.on_status = lambda text: text.startswith("Press") and board.board.reset()
    summary = deploy(haas1000, board, board.project({"main.py": MAIN}))
    assert summary["reset"] == "button"
    assert "Press the board's reset button now..." in board.recorder.statuses
    assert board.link.read_until(b"K1 app 2", TIMEOUT)


def test_nobody_pressing_reset_ends_with_a_clear_error(haas1000, rig):
    board = rig(transport="pty")
    board.put_app({"main.py": STUBBORN})
    board.board.reset()
    board.link.read_until(b"stubborn", TIMEOUT)
    with pytest.raises(api.BoardError) as raised:
        deploy(haas1000, board, board.project({"main.py": MAIN}), boot_wait=1)
    assert "did not open its upload window within 1 s" in raised.value.message
    assert "reset button" in raised.value.hint and "1500000" in raised.value.hint
    assert board.board_file("main.py").decode() == STUBBORN


def test_the_cable_pulled_mid_transfer_leaves_the_previous_app(haas1000, rig):
    from ide.core.link.connection import Connection
    from ide.virtualboard.serve import SocketTransport

    board = rig(baud=115200)  # slow enough to cut mid-transfer
    board.put_app({"main.py": "print('old app')\n"})
    asset = random.Random(3).randbytes(40 * 1024)
    board.recorder.on_progress = lambda done, total: 0 < done < total and board.transport.close()
    with pytest.raises(api.PortError):
        deploy(haas1000, board, board.project({"main.py": MAIN, "asset.bin": asset}))
    board.recorder.on_progress = None
    board.link.close()
    board.events.clear()
    board.board.reset()  # the user plugs it back in: a power-on
    board.wait_event("boot")
    assert board.board_file("main.py") == b"print('old app')\n"
    assert not (board.root / "board" / "data" / "pyamp" / "asset.bin").exists()
    board.transport = SocketTransport(board.board)
    board.link = Connection(board.transport.name, 115200)
    deploy(haas1000, board, board.project({"main.py": MAIN, "asset.bin": asset}))
    assert board.board_file("asset.bin") == asset


def test_stop_mid_transfer_cancels_on_the_board_too(haas1000, rig):
    board = rig(baud=115200)
    board.put_app({"main.py": "print('old app')\n"})
    asset = random.Random(4).randbytes(20 * 1024)
    board.recorder.on_progress = lambda done, total: 0 < done < total and board.cancel.set()
    with pytest.raises(api.Cancelled):
        deploy(haas1000, board, board.project({"main.py": MAIN, "asset.bin": asset}))
    assert board.wait_event("amp_transfer_failed")["reason"] == "cancelled by the sender"
    assert board.board_file("main.py") == b"print('old app')\n"
    assert not (board.root / "board" / "data" / "pyamp" / "asset.bin").exists()


def test_a_project_too_big_for_the_board_is_refused_with_a_hint(haas1000, rig):
    board = rig(fs_capacity=256 * 1024)
    board.put_app({"main.py": "print('old app')\n"})
    with pytest.raises(api.BoardError) as raised:
        deploy(haas1000, board, board.project({"main.py": MAIN, "big.bin": random.Random(5).randbytes(300 * 1024)}))
    assert "does not fit" in raised.value.message and ".haasignore" in raised.value.hint
    assert board.board_file("main.py") == b"print('old app')\n"


def test_an_empty_project_is_a_project_error_in_the_users_language(haas1000, rig):
    from ide.i18n import set_language

    board = rig()
    set_language("zh_CN")
    with pytest.raises(api.ProjectError) as raised:
        deploy(haas1000, board, [])
    assert raised.value.message == "项目中没有可部署的文件。"


def test_deploy_to_a_board_served_by_the_cli_at_1500000_baud(haas1000, tmp_path):
    from ide.core.link.connection import Connection

    project = tmp_path / "project"
    project.mkdir()
    (project / "main.py").write_text(MAIN)
    with served_board(["--board", "haas-edu-k1", "--baud", str(BAUD), "--fs", str(tmp_path / "fs")]) as served:
        with Connection(served.port, BAUD) as link:
            link.read_until(b">>> ", TIMEOUT)  # the board has booted, as one a user plugged in has
            session = api.DeploySession(link=link, files=api.project_files(project), project_dir=project,
                                        board=api.board_info("haas-edu-k1"))
            summary = deploymethods.run_method(session, haas1000.registry)
            assert link.read_until(b"K1 app 2", TIMEOUT)
    assert summary["written"] == ["main.py"]
    assert (tmp_path / "fs" / "data" / "pyamp" / "main.py").read_text() == MAIN
