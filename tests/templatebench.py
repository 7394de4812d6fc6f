"""Test harness: run template projects on a few long-lived virtual boards, watched from outside.

Starting a board costs far more than a soft reset, so one board per simulated board kind serves
every run: a deploy stops the running program (Ctrl-C), replaces /data/pyamp with the project's
files, and soft-resets (Ctrl-D), after which the board runs the new main.py. Each board has a
control-channel client, through which tests inject cloud properties and drive inputs, and watch
pins, PWM outputs and cloud traffic, as any outside observer would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ide.core.project import Project
from ide.virtualboard.board import BOARD_CHIPS, VirtualBoard
from ide.virtualboard.control import ControlServer
from tests.boardio import BoardIO
from tests.virtualboard.test_control import Client

MAIN_STARTS = " ==== python execute from /data/pyamp/main.py ===="


class BenchBoard:
    """One started board, its output and its control-channel client."""

    def __init__(self, fs: Path, board_id: str) -> None:
        self.fs = fs
        self.board = VirtualBoard(fs_root=fs, board_id=board_id)
        self.board.hardware.wifi.join_delay = 0.01
        self.io = BoardIO(self.board)
        self.board.start()
        self.io.wait_idle_prompt()
        self.server = ControlServer(self.board, "127.0.0.1:0")
        self.client = Client(self.server.address)
        assert self.client.request(cmd="ping")["ok"]   # taken by the server: events reach us from now on

    def deploy(self, project: Project) -> None:
        """Stop the program, put the project in the app folder (/data/pyamp on HaaS Python, / on
        stock MicroPython), soft-reset into its main.py."""
        self.io.send(b"\x03")
        self.io.expect(b">>> ", timeout=15)
        stock = not self.board.personality.haas
        app = self.fs if stock else self.fs / "data" / "pyamp"
        if not stock:
            shutil.rmtree(app, ignore_errors=True)
        for item in project.files():
            target = app / item.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.path, target)
        self.client.request(cmd="set_environment", distance=100, sound=40, temperature=25, humidity=50)
        self.client.events.clear()
        self.io.send(b"\x04")
        self.io.expect(b"soft reboot\r\n" if stock else MAIN_STARTS, timeout=15)

    def posted(self) -> list[dict]:
        """The properties the program reported with postProps so far (read from the events received)."""
        self.client.request(cmd="ping")
        return [e["params"] for e in self.client.events
                if e.get("event") == "cloud" and e.get("action") == "postProps" and isinstance(e.get("params"), dict)]

    def close(self) -> None:
        self.client.close()
        self.server.close()
        self.board.close()


class TemplateBench:
    """Boards by simulated board id, started on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.boards: dict[str, BenchBoard] = {}

    def board_for(self, board_id: str) -> BenchBoard:
        simulated = board_id if board_id in BOARD_CHIPS else "virtual"
        if simulated not in self.boards:
            self.boards[simulated] = BenchBoard(self.root / simulated, simulated)
        return self.boards[simulated]

    def run(self, project: Project, board_id: str) -> BenchBoard:
        bench = self.board_for(board_id)
        bench.deploy(project)
        return bench

    def close(self) -> None:
        for bench in self.boards.values():
            bench.close()


def params_keys(posts: list[dict]) -> set[str]:
    return {key for params in posts for key in params}
