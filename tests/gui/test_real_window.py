"""On a real X server (Xvfb): the IDE opens a real xcb window and exits cleanly, and a new user's
first minutes are photographed for the README.

The offscreen platform used by the other GUI tests skips the windowing system; this one catches
a missing xcb library or a crash that only happens with a real display. Xvfb picks a free display
itself (-displayfd) and writes its number once it accepts connections, so nothing waits blindly.
The screenshots (first run, a deploy with output, the dark theme; English and Chinese) are
written to a temporary folder, or with HAAS_IDE_SCREENSHOTS=docs to docs/, where README.md shows
them; `tests/gui/screenshot_tour.py` takes them.
"""

from __future__ import annotations

import json
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
    """The name (":N") of a fresh 1280x800 Xvfb display, stopped afterwards."""
    yield from xvfb_display("1280x800")


@pytest.fixture
def laptop_display():
    """A 1440x900 display, a common laptop screen: the README's screenshots are taken on it."""
    yield from xvfb_display("1440x900")


def xvfb_display(size: str):
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail(f"Xvfb is not installed; this test needs it ({APT_HINT}).")
    read_end, write_end = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
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


def real_window_env(display: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=display, PYTHONPATH=str(ROOT))
    env.pop("WAYLAND_DISPLAY", None)
    return env


def test_ide_opens_a_real_window_and_exits_0(display):
    env = real_window_env(display)
    result = subprocess.run([sys.executable, "-m", "ide.cli", "--exit-when-shown"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "could not load the Qt platform plugin" not in result.stderr


def mean_lightness(image) -> float:
    """The average lightness (0-255) of a sample of the image's pixels."""
    step = 16
    values = [image.pixelColor(x, y).lightness() for x in range(0, image.width(), step)
              for y in range(0, image.height(), step)]
    return sum(values) / len(values)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots_of_a_new_users_first_minutes(laptop_display, tmp_path, lang):
    """First run, an example deployed with its output, the dark theme, photographed. They go to a
    temporary folder; `HAAS_IDE_SCREENSHOTS=docs` writes them where README.md shows them."""
    from PySide6.QtGui import QImage

    out = ROOT / os.environ["HAAS_IDE_SCREENSHOTS"] if os.environ.get("HAAS_IDE_SCREENSHOTS") else tmp_path / "shots"
    env = real_window_env(laptop_display)
    for name, folder in (("HAAS_IDE_DATA_DIR", "data"), ("HAAS_IDE_CONFIG_DIR", "config"),
                         ("XDG_CONFIG_HOME", "xdg")):
        env[name] = str(tmp_path / folder)  # a first run: no settings, no projects
    result = subprocess.run([sys.executable, "-m", "tests.gui.screenshot_tour", "--lang", lang, "--out",
                             str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    suffix = "" if lang == "en" else "-zh_CN"
    assert report["shots"] == [f"screenshot-{moment}{suffix}.png" for moment in ("first-run", "deploy", "dark")]
    assert "Hello, HaaS! 3" in report["console"]
    assert report["width"] >= 1200 and report["height"] >= 780  # most of the 1440x900 screen
    panes = report["panes"]
    assert panes["editor"] > panes["project"] and panes["editor"] > panes["virtual board"]
    images = {name: QImage(str(out / name)) for name in report["shots"]}
    for image in images.values():
        assert (image.width(), image.height()) == (report["width"], report["height"])
    first_run, deploy, dark = images.values()
    assert mean_lightness(first_run) > 180 and mean_lightness(deploy) > 180
    assert mean_lightness(dark) < 90
