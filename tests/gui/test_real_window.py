"""Smoke test on a real X server (Xvfb): the IDE opens a real xcb window and exits cleanly.

The offscreen platform used by the other GUI tests skips the windowing system; this one catches
a missing xcb library or a crash that only happens with a real display. Xvfb picks a free display
itself (-displayfd) and writes its number once it accepts connections, so nothing waits blindly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APT_HINT = ("apt-get install xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 "
            "libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0")


@pytest.fixture
def display():
    """The name (":N") of a fresh Xvfb display, stopped afterwards."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail(f"Xvfb is not installed; this test needs it ({APT_HINT}).")
    read_end, write_end = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    try:
        if not number:
            server.wait(timeout=10)
            pytest.fail(f"Xvfb did not start: {server.stderr.read().decode(errors='replace')}")
        yield f":{number}"
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_ide_opens_a_real_window_and_exits_0(display):
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=display, PYTHONPATH=str(ROOT))
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "ide.cli", "--exit-when-shown"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "could not load the Qt platform plugin" not in result.stderr
