"""Run third-party MicroPython clients (installed from PyPI, none written here) as child processes.

Some clients read a pty with no timeout, so every run has one: a hung client fails its test and
never the whole run.
"""

from __future__ import annotations

import subprocess
import sys

CLIENT_TIMEOUT = 60


def run_client(*argv: str, timeout: float = CLIENT_TIMEOUT) -> subprocess.CompletedProcess:
    """Run `argv` to its end with no stdin; `.out` is its stdout as text with \\n line ends."""
    result = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout)
    result.out = result.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    return result


def python_module(module: str, *args: str) -> list[str]:
    """The command line that runs `python -m module args` with this interpreter."""
    return [sys.executable, "-m", module, *args]


def mpremote_argv(port: str, *args: str) -> list[str]:
    return python_module("mpremote", "connect", port, *args)


def rshell_argv(port: str, *args: str) -> list[str]:
    return python_module("rshell.main", "--port", port, "--quiet", *args)


def ampy_argv(port: str, *args: str) -> list[str]:
    """ampy's command line (its module has no `__main__`, so its click entry point is called)."""
    return [sys.executable, "-c", "from ampy.cli import cli; cli()", "--port", port, *args]


def ok(result: subprocess.CompletedProcess) -> str:
    """`result.out` of a run that succeeded (exit 0); otherwise fail with what it printed."""
    assert result.returncode == 0, (result.returncode, result.out, result.stderr.decode("utf-8", "replace"))
    return result.out
