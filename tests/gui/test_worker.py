"""The device worker owns the board session in its own thread and reports through signals."""

from __future__ import annotations

import pytest

from ide.gui.worker import BUSY, IDLE, LOST, DeviceWorker
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import SocketTransport

TIMEOUT = 15000


@pytest.fixture
def worker(qtbot):
    w = DeviceWorker()
    w.start()
    yield w
    w.stop()


class Output:
    def __init__(self, worker: DeviceWorker) -> None:
        self.data = bytearray()
        worker.events.output.connect(self.data.extend)

    def has(self, text: str) -> bool:
        return text.encode() in self.data


def open_port(qtbot, worker, port: str) -> None:
    with qtbot.waitSignal(worker.events.state_changed, timeout=TIMEOUT, check_params_cb=lambda s: s == IDLE):
        worker.open_port(port)


def test_console_bytes_round_trip(qtbot, worker, board):
    _vb, transport = board
    output = Output(worker)
    open_port(qtbot, worker, transport.name)
    worker.send(b"\x03print(20 + 22)\r")
    qtbot.waitUntil(lambda: output.has("42\r\n>>> "), timeout=TIMEOUT)


def test_deploy_reports_progress_summary_and_program_output(qtbot, worker, board, tmp_path):
    _vb, transport = board
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.py").write_text("print('部署成功')\n", encoding="utf-8")
    output = Output(worker)
    states, progress = [], []
    worker.events.state_changed.connect(states.append)
    worker.events.progress.connect(lambda path, done, total: progress.append((path, done, total)))
    open_port(qtbot, worker, transport.name)
    with qtbot.waitSignal(worker.events.deployed, timeout=TIMEOUT) as summary:
        worker.deploy(str(project), [("main.py", project / "main.py")])
    assert summary.args[0]["written"] == ["main.py"]
    assert progress and progress[-1][0] == "/data/pyamp/main.py" and progress[-1][1] == progress[-1][2]
    qtbot.waitUntil(lambda: output.has("部署成功"), timeout=TIMEOUT)
    assert BUSY in states and states[-1] == IDLE


def test_run_source_streams_and_board_errors_arrive_as_output(qtbot, worker, board):
    _vb, transport = board
    output = Output(worker)
    open_port(qtbot, worker, transport.name)
    with qtbot.waitSignal(worker.events.finished, timeout=TIMEOUT):
        worker.run_source(b"print('one')\nraise OSError(2)\n")
    assert output.has("one\r\n") and output.has("OSError: [Errno 2] ENOENT")


def test_missing_port_is_a_failed_signal(qtbot, worker, tmp_path):
    with qtbot.waitSignal(worker.events.failed, timeout=TIMEOUT) as failure:
        worker.open_port(str(tmp_path / "ttyUSB3"))
    assert "does not exist" in failure.args[0] and failure.args[1]


def test_deploy_without_a_board_fails_cleanly(qtbot, worker):
    with qtbot.waitSignal(worker.events.failed, timeout=TIMEOUT) as failure:
        worker.deploy("/nowhere", [])
    assert failure.args[0] == "No board is connected."


def test_unplugged_board_is_reported_and_reconnected(qtbot, worker, tmp_path):
    vb = VirtualBoard(fs_root=tmp_path / "board")
    transport = SocketTransport(vb)
    address = transport.address
    vb.start()
    output = Output(worker)
    try:
        open_port(qtbot, worker, transport.name)
        with qtbot.waitSignal(worker.events.state_changed, timeout=TIMEOUT, check_params_cb=lambda s: s == LOST):
            transport.close()  # the cable is pulled
        replug = SocketTransport(vb, *address)  # the same board comes back on the same port
        with qtbot.waitSignal(worker.events.state_changed, timeout=TIMEOUT, check_params_cb=lambda s: s == IDLE):
            pass
        worker.send(b"\x03print('back')\r")
        qtbot.waitUntil(lambda: output.has("back\r\n"), timeout=TIMEOUT)
        replug.close()
    finally:
        vb.close()
