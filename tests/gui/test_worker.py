"""The device worker owns the board session in its own thread and reports through signals."""

from __future__ import annotations

import pytest

from ide.gui.worker import BUSY, IDLE, LOST, DeviceWorker
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import SocketTransport
from tests.conftest import RFC2217_CLIENT_WARNINGS

TIMEOUT = 15000
FLOOD_CODE = b"i = 0\nwhile True:\n    i += 1\n    print('flood line', i)\n"
FLOODING = "flood line 1\r\n"   # the program's output, not the echo of its code


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

    def after(self, text: str) -> bytes:
        """What arrived after the first `text`."""
        return bytes(self.data[self.data.find(text.encode()) + len(text):]) if self.has(text) else b""


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


def test_a_run_ends_at_the_prompt_without_the_banner_again(qtbot, worker, board):
    _vb, transport = board
    output = Output(worker)
    open_port(qtbot, worker, transport.name)
    worker.send(b"print('ready')\r")
    qtbot.waitUntil(lambda: output.data.endswith(b"ready\r\n>>> "), timeout=TIMEOUT)
    with qtbot.waitSignal(worker.events.finished, timeout=TIMEOUT):
        worker.run_source(b"print('ran')\n")
    worker.send(b"print(6 * 7)\r")
    qtbot.waitUntil(lambda: output.data.endswith(b"42\r\n>>> "), timeout=TIMEOUT)
    assert output.after("ready\r\n>>> ") == b"ran\r\n>>> print(6 * 7)\r\n42\r\n>>> "


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


@pytest.mark.filterwarnings(RFC2217_CLIENT_WARNINGS)
def test_a_flood_streams_in_bulk_and_stop_ends_it_on_every_kind_of_port(qtbot, worker, any_port):
    # once the console crawled at 100 bytes/s on socket:// and rfc2217://, so Ctrl-C's traceback
    # queued behind minutes of output
    output = Output(worker)
    open_port(qtbot, worker, any_port)
    worker.send(b"\x03\x05" + FLOOD_CODE + b"\x04")
    qtbot.waitUntil(lambda: len(output.after(FLOODING)) > 200_000, timeout=TIMEOUT)
    worker.interrupt()
    qtbot.waitUntil(lambda: b"KeyboardInterrupt" in output.after(FLOODING), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: output.after("KeyboardInterrupt").endswith(b">>> "), timeout=TIMEOUT)
    worker.send(b"print(6 * 7)\r")
    qtbot.waitUntil(lambda: output.after("KeyboardInterrupt").endswith(b"42\r\n>>> "), timeout=TIMEOUT)


def start_a_flooding_run(qtbot, worker, board) -> Output:
    _vb, transport = board
    output = Output(worker)
    open_port(qtbot, worker, transport.name)
    worker.run_source(FLOOD_CODE)
    qtbot.waitUntil(lambda: output.has(FLOODING), timeout=TIMEOUT)
    return output


def test_stop_reaches_a_flooding_run_at_once(qtbot, worker, board):
    # a Run keeps the worker busy following the output: a queued Ctrl-C would wait for it forever
    output = start_a_flooding_run(qtbot, worker, board)
    assert worker.state == BUSY
    with qtbot.waitSignal(worker.events.finished, timeout=TIMEOUT, check_params_cb=lambda name: name == "run"):
        worker.interrupt()
    assert b"KeyboardInterrupt" in output.after(FLOODING)
    worker.send(b"print(6 * 7)\r")   # back at the friendly prompt
    qtbot.waitUntil(lambda: output.after("KeyboardInterrupt").endswith(b"42\r\n>>> "), timeout=TIMEOUT)


def test_soft_reset_during_a_flooding_run_restarts_the_board(qtbot, worker, board):
    output = start_a_flooding_run(qtbot, worker, board)
    worker.soft_reset()
    qtbot.waitUntil(lambda: b"soft reboot" in output.after(FLOODING), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: output.after("soft reboot").endswith(b">>> "), timeout=TIMEOUT)


SWALLOWS_ONE = (b"try:\n    while True:\n        print('first loop')\nexcept KeyboardInterrupt:\n    pass\n"
                b"while True:\n    print('second loop')\n")


def test_stop_sends_ctrl_c_again_until_the_board_shows_it_took_it(qtbot, worker, board):
    # like a Ctrl-C that reached a booting board before its program ran: the first one leaves no sign
    _vb, transport = board
    output = Output(worker)
    open_port(qtbot, worker, transport.name)
    worker.send(b"\x05" + SWALLOWS_ONE + b"\x04")   # paste mode: the program runs between polls
    qtbot.waitUntil(lambda: output.has("first loop\r\n"), timeout=TIMEOUT)
    worker.interrupt()
    qtbot.waitUntil(lambda: b"KeyboardInterrupt" in output.after("second loop\r\n"), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: output.after("second loop\r\n").endswith(b">>> "), timeout=TIMEOUT)


def test_stop_during_a_deploy_lets_it_finish_then_stops_the_program(qtbot, worker, board, tmp_path):
    # a Ctrl-C in the middle of a transfer would be taken as file data: it waits for the deploy
    _vb, transport = board
    project = tmp_path / "flood"
    project.mkdir()
    (project / "main.py").write_text(FLOOD_CODE.decode() + "# padding\n" * 2000, encoding="utf-8")
    output = Output(worker)
    open_port(qtbot, worker, transport.name)
    worker.events.progress.connect(lambda *_args: worker.interrupt())   # Stop while files travel
    with qtbot.waitSignal(worker.events.deployed, timeout=TIMEOUT) as deployed:
        worker.deploy(str(project), [("main.py", project / "main.py")])
    assert deployed.args[0]["written"] == ["main.py"]
    qtbot.waitUntil(lambda: b"KeyboardInterrupt" in output.data, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: output.after("KeyboardInterrupt").endswith(b">>> "), timeout=TIMEOUT)
