"""The wheel built from this checkout installs and works away from the checkout.

One wheel is built from a copy of the source tree (so the checkout gets no build/ folder and no
stale build output leaks in) with the running interpreter's own setuptools (no build isolation:
nothing is downloaded), and the build must print no warning. It is installed without dependencies
into a fresh virtual environment, which then sees exactly the running interpreter's installed
packages: a `.pth` file adds the interpreter's site folders after the environment's own, whether
pytest runs from the system interpreter, a virtual environment or CI. It is exercised from a
temporary working directory through the environment's own `haas-ide` script.
"""

from __future__ import annotations

import os
import shutil
import signal
import site
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


def _build(source: Path, dist: Path) -> subprocess.CompletedProcess:
    """`pip wheel` of `source` with this interpreter's setuptools, verbose so the backend's
    warnings show (byte-compiling is left to its default, which warns when it is disabled)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    return _check(subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                                  "--no-index", "--verbose", "--wheel-dir", str(dist),
                                  str(source)], cwd=dist.parent, env=env, capture_output=True, text=True,
                                 timeout=300))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """(the wheel, the build's output)."""
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=NOT_SOURCE)
    result = _build(work / "src", work / "dist")
    (wheel,) = (work / "dist").glob("haas_ide-*.whl")
    return wheel, result


@pytest.fixture(scope="module")
def wheel(built) -> Path:
    return built[0]


def running_site_folders() -> list[str]:
    """The folders this interpreter takes installed packages from (its own and, in a virtual
    environment that sees them, the base interpreter's; the user's when enabled)."""
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    return [folder for folder in dict.fromkeys(folders) if Path(folder).is_dir()]


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Venv:
    root = tmp_path_factory.mktemp("venv") / "env"
    _check(subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)],
                          capture_output=True, text=True, timeout=120))
    env = Venv(root, tmp_path_factory.mktemp("elsewhere"))
    # Installed while the environment still sees nothing else, so pip never looks at (or
    # uninstalls) a haas-ide the running interpreter may have.
    _check(env.run(sys.executable, "-m", "pip", "--python", env.python, "install", "--no-deps", "--no-index",
                   "--root-user-action=ignore", wheel, timeout=180))
    lines = [f"import site; site.addsitedir({folder!r})" for folder in running_site_folders()]
    (site_packages(env) / "zz_running_interpreter.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return env


def site_packages(env: Venv) -> Path:
    out = _check(env.run(env.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"))
    return Path(out.stdout.strip()).resolve()


def test_the_build_prints_no_warning(built):
    _wheel, result = built
    output = result.stdout + result.stderr
    assert "Building wheel for haas-ide" in output  # the backend's output is there to be read
    warnings = [line for line in output.splitlines() if "warn" in line.lower()]
    assert warnings == []


def test_wheel_holds_the_package_and_its_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("ide/cli.py", "ide/virtualboard/firmware_fs/boot.py", "ide/locale/zh_CN/base.json",
                 "ide/gui/icons/haas-ide.svg", "ide/_firmware/__init__.py", "ide/_templates/__init__.py",
                 "ide/_plugins/__init__.py", "ide/virtualboard/__init__.py"):
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
