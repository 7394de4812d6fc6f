"""Start `haas-ide board serve` as a child process and read its port from the first line."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from dataclasses import dataclass

START_TIMEOUT = 30


@dataclass
class Served:
    port: str
    lines: list[str]
    process: subprocess.Popen


@contextlib.contextmanager
def served_board(args: list[str], header_lines: int = 1):
    """Run `haas-ide board serve ARGS`; yield once its first `header_lines` lines are printed."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "-m", "ide.cli", "board", "serve", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout.readline().strip()
                                                          for _ in range(header_lines)), daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    try:
        if len(lines) < header_lines or not lines[0]:
            process.kill()
            process.wait()
            raise AssertionError(f"board serve printed no port: {process.stderr.read()}")
        yield Served(lines[0], lines, process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
