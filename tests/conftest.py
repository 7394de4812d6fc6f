"""Test-wide set-up: Qt runs headless unless a test asks for a real display."""

import os

import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's own folders: data (the embedded virtual board, imported firmware)
# and settings (ours and QSettings, which follow XDG_CONFIG_HOME) go to a throw-away place.
_USER_DIRS = tempfile.mkdtemp(prefix="haas-ide-tests-")
os.environ["HAAS_IDE_DATA_DIR"] = os.path.join(_USER_DIRS, "data")
os.environ["HAAS_IDE_CONFIG_DIR"] = os.path.join(_USER_DIRS, "config")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_USER_DIRS, "xdg-config")


import pytest  # noqa: E402

from ide.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English whatever the machine's locale; tests switch language themselves."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def fresh_qsettings(tmp_path_factory):
    """Each test starts with empty application settings: a window of one test must not show the
    recent projects or typed ports another test left (QSettings() reads a file shared by the run)."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield


RFC2217_CLIENT_WARNINGS = "ignore::DeprecationWarning:serial.rfc2217"
"""pyserial 3.5's RFC 2217 client calls setDaemon and setName: mark tests on `any_port` with it."""


@pytest.fixture(params=["pty", "socket", "rfc2217"])
def any_port(request, tmp_path):
    """A started virtual board on each kind of port the IDE opens; the port's name."""
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.serve import PtyTransport, Rfc2217Transport, SocketTransport

    board = VirtualBoard(fs_root=tmp_path / "any-port-board")
    kinds = {"pty": PtyTransport, "socket": SocketTransport, "rfc2217": Rfc2217Transport}
    transport = kinds[request.param](board)
    board.start()
    yield transport.name
    transport.close()
    board.close()


@pytest.fixture
def haas_board(tmp_path):
    """The virtual HaaS Python ESP32 (app in /data/pyamp) on a pty: a PtyBoard."""
    yield from _pty_board(tmp_path / "haas-board")


@pytest.fixture
def stock_board(tmp_path):
    """A virtual board with stock MicroPython (app at /, no HaaS layer) on a pty: a PtyBoard."""
    yield from _pty_board(tmp_path / "stock-board", firmware="stock")


def _pty_board(root, **options):
    from tests.boardio import PtyBoard

    board = PtyBoard(root, **options)
    yield board
    board.close()
