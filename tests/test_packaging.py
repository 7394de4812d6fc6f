"""The wheel built from this checkout installs and works away from the checkout.

One wheel is built from a copy of the source tree (so the checkout gets no build/ folder and no
stale build output leaks in), installed without dependencies into a fresh virtual environment that
sees the system's site-packages (PySide6 and friends come from there), and exercised from a
temporary working directory through the environment's own `haas-ide` script.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCE = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache",
                                    ".hypothesis", ".venv", ".benchmarks", ".ci")


class Venv:
    """A virtual environment with our wheel installed; commands run in `cwd`, away from the checkout."""

    def __init__(self, root: Path, cwd: Path) -> None:
        self.root = root
        self.cwd = cwd
        self.bin = root / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / ("python.exe" if os.name == "nt" else "python")
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        self.env["PATH"] = str(self.bin) + os.pathsep + self.env.get("PATH", "")

    def run(self, *args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([str(a) for a in args], cwd=self.cwd, env=self.env, capture_output=True,
                              text=True, timeout=timeout, check=False)

    def script(self, name: str) -> Path:
        return self.bin / (name + ".exe" if os.name == "nt" else name)


def _check(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=NOT_SOURCE)
    _check(subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(work / "dist"),
                           str(work / "src")], cwd=work, capture_output=True, text=True, timeout=180))
    (built,) = (work / "dist").glob("haas_ide-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Venv:
    root = tmp_path_factory.mktemp("venv") / "env"
    _check(subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(root)],
                          capture_output=True, text=True, timeout=120))
    env = Venv(root, tmp_path_factory.mktemp("elsewhere"))
    _check(env.run(env.python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", wheel, timeout=120))
    return env


def site_packages(env: Venv) -> Path:
    out = _check(env.run(env.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"))
    return Path(out.stdout.strip()).resolve()


def test_wheel_holds_the_package_and_its_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("ide/cli.py", "ide/virtualboard/firmware_fs/boot.py", "ide/locale/zh_CN/base.json",
                 "ide/gui/icons/haas-ide.svg", "ide/_firmware/__init__.py", "ide/_templates/__init__.py",
                 "ide/_plugins/__init__.py"):
        assert name in names, name
    assert not any(name.startswith(("tests/", "firmware/", "templates/", "plugins/")) for name in names)


def test_console_script_help(venv):
    result = _check(venv.run(venv.script("haas-ide"), "--help"))
    assert "haas-ide" in result.stdout
    assert "board" in result.stdout


def test_package_and_data_come_from_the_venv(venv):
    site = site_packages(venv)
    code = ("import ide, ide.resources as r\n"
            "print(ide.__file__)\n"
            "for name in ('firmware', 'templates', 'plugins'):\n"
            "    d = r.data_dir(name); print(d.resolve(), d.is_dir())\n")
    lines = _check(venv.run(venv.python, "-c", code)).stdout.splitlines()
    assert Path(lines[0]).resolve().is_relative_to(site / "ide")
    for line in lines[1:]:
        path, exists = line.rsplit(" ", 1)
        assert Path(path).is_relative_to(site), line
        assert exists == "True", line
    assert len(lines) == 4


def test_board_serve_prints_its_port_first(venv):
    proc = subprocess.Popen([str(venv.script("haas-ide")), "board", "serve"], cwd=venv.cwd, env=venv.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline().strip()
        assert first, proc.stderr.read() if proc.poll() is not None else "no port printed"
        assert first.startswith("/dev/") or first.startswith("socket://"), first
        assert proc.poll() is None, "the board stopped after printing its port"
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    # 0 once its SIGTERM handler is in place; killed by the signal if it came just before that.
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert "Traceback" not in err


def test_the_shipped_plugins_are_installed_and_active(venv):
    import json

    rows = json.loads(_check(venv.run(venv.script("haas-ide"), "plugins", "--json")).stdout)
    site = site_packages(venv)
    built_in = {row["name"]: row for row in rows if row["source"] == "built-in"}
    assert {"plotter", "library", "haas1000"} <= set(built_in)
    for row in built_in.values():
        assert row["state"] == "active", row
        assert Path(row["location"]).is_relative_to(site / "ide" / "_plugins"), row
    assert "search" in _check(venv.run(venv.script("haas-ide"), "lib", "--help")).stdout
