"""Every third-party client gets a board that is busy: its main.py loops forever from power-on.

The commonest first contact with a board (peers' "could not enter raw REPL"): each client must
interrupt the program and then list the board's files.
"""

from __future__ import annotations

import pytest
import serial
from thonny.common import InlineCommand

from ide.virtualboard.board import install_firmware_files
from tests.clients import CLIENT_TIMEOUT, ampy_argv, mpremote_argv, ok, rshell_argv, run_client
from tests.served import served_board
from tests.thonny_backend import ThonnyBackend

MAIN = "import utime\nprint('main running')\nwhile True:\n    utime.sleep_ms(50)\n"


@pytest.fixture
def busy_port(tmp_path):
    """A served board whose main.py is running (its first line was printed) when the test starts."""
    fs = tmp_path / "fs"
    install_firmware_files(fs)
    (fs / "main.py").write_text(MAIN)
    with served_board(["--fs", str(fs)]) as served:
        with serial.Serial(served.port, timeout=CLIENT_TIMEOUT) as line:
            assert line.read_until(b"main running\r\n").endswith(b"main running\r\n")
        yield served.port


def _names(listing: str) -> set[str]:
    return {token.strip("/") for token in listing.split()}


@pytest.mark.parametrize("listing", [
    lambda port: mpremote_argv(port, "fs", "ls", ":"),
    lambda port: rshell_argv(port, "ls", "/pyboard"),
    lambda port: ampy_argv(port, "ls"),
], ids=["mpremote", "rshell", "ampy"])
def test_client_interrupts_main_and_lists_the_files(busy_port, listing):
    assert {"main.py", "boot.py", "lib", "data"} <= _names(ok(run_client(*listing(busy_port))))


def test_thonny_interrupts_main_and_lists(busy_port, tmp_path):
    backend = ThonnyBackend(busy_port, str(tmp_path / "thonny-user"))
    try:
        assert backend.connected().stderr == ""
        reply = backend.command(InlineCommand("get_dirs_children_info", paths=["/"], include_hidden=True, node_id="/"))
        assert {"main.py", "boot.py", "lib", "data"} <= set(reply.response["data"]["/"])
    finally:
        backend.close()
