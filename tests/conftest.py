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
def no_hypothesis_gc_callbacks(request):
    """The virtual board's Ctrl-C reaches running board code as an asynchronous exception in its
    thread. Hypothesis leaves a gc callback installed after its first test (deadline accounting);
    an interrupt landing inside that callback is swallowed as an "unraisable" exception, which the
    strict warning filter turns into a failure of an unrelated test. Tests that do not use
    hypothesis run without its callbacks."""
    import gc

    if getattr(request.function, "is_hypothesis_test", False):
        yield
        return
    foreign = [cb for cb in gc.callbacks if getattr(cb, "__module__", "").startswith("hypothesis")]
    for callback in foreign:
        gc.callbacks.remove(callback)
    yield
    gc.callbacks.extend(cb for cb in foreign if cb not in gc.callbacks)


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
