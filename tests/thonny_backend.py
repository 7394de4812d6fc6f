"""Drive Thonny 5's MicroPython back end headless, as Thonny's front end does.

The back end (`python -m thonny.plugins.micropython.bare_metal_backend "<args dict>"`) owns the
serial port and speaks Thonny's message protocol on stdin/stdout: commands go in as
`serialize_message(cmd)` lines, responses and events come out the same way (thonny/common.py).
Lines without the message marker are the back end's own prints (warnings, transfer lines).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from thonny.common import MESSAGE_MARKER, InlineCommand, ToplevelCommand, parse_message, serialize_message

MESSAGE_TIMEOUT = 30
# What Thonny's front end passes for the "MicroPython (generic)" interpreter with its defaults
GENERIC_DEFAULTS = {
    "clean": False, "dtr": None, "rts": None, "submit_mode": None, "interrupt_on_connect": True,
    "write_block_size": None, "write_block_delay": None, "proxy_class": "GenericBareMetalMicroPythonProxy",
    "sync_time": True, "validate_time": False, "local_rtc": True,
}


@dataclass
class Reply:
    """A command's response and what the back end said on the way to it."""

    response: object
    stdout: str = ""
    stderr: str = ""
    prints: list[str] = field(default_factory=list)


class ThonnyBackend:
    """One back-end process on `port`; Thonny's settings, logs and state go to `user_dir`."""

    def __init__(self, port: str, user_dir: str) -> None:
        args = dict(GENERIC_DEFAULTS, port=port)
        os.makedirs(user_dir, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thonny.plugins.micropython.bare_metal_backend", repr(args)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            encoding="utf-8", env=dict(os.environ, THONNY_USER_DIR=user_dir))
        self._messages: queue.Queue = queue.Queue()
        self._ids = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith(MESSAGE_MARKER):
                for _ in range(int(line[1:].split(maxsplit=1)[0]) - 1):
                    line += self.process.stdout.readline()
                self._messages.put(parse_message(line))
            else:
                self._messages.put(line)
        self._messages.put(None)

    def send(self, message) -> None:
        self.process.stdin.write(serialize_message(message) + "\n")
        self.process.stdin.flush()

    def until(self, done, timeout: float = MESSAGE_TIMEOUT) -> Reply:
        """Collect messages until `done(message)`; fail on a timeout or the back end's end."""
        reply = Reply(None)
        while True:
            try:
                message = self._messages.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"Thonny's back end said nothing for {timeout} s; so far {reply}") from None
            assert message is not None, f"Thonny's back end ended: {self.process.stderr.read()}"
            if isinstance(message, str):
                reply.prints.append(message)
            elif message.get("event_type") == "ProgramOutput":
                setattr(reply, message["stream_name"], getattr(reply, message["stream_name"]) + message["data"])
            if not isinstance(message, str) and done(message):
                reply.response = message
                return reply

    def connected(self) -> Reply:
        """Wait for the first prompt (the ToplevelResponse after connecting)."""
        return self.until(lambda m: m.get("event_type") == "ToplevelResponse")

    def submit(self, command) -> Callable[[Any], bool]:
        """Send a ToplevelCommand or InlineCommand; return the test that tells its response."""
        self._ids += 1
        command["id"] = command_id = f"test{self._ids}"
        self.send(command)
        expected = "ToplevelResponse" if isinstance(command, ToplevelCommand) else f"{command.name}_response"
        return lambda m: m.get("command_id") == command_id and m.get("event_type") == expected

    def command(self, command, timeout: float = MESSAGE_TIMEOUT) -> Reply:
        """Send a command and wait for its response."""
        return self.until(self.submit(command), timeout)

    def close(self) -> None:
        """Leave the board at its friendly prompt as Thonny does before it disconnects, then end
        the process (Thonny's front end kills it too)."""
        try:
            if self.process.poll() is None and self._reader.is_alive():
                self.command(InlineCommand("prepare_disconnect"), timeout=10)
        finally:
            self.process.kill()
            self.process.wait()
            self._reader.join(5)
            for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
                try:
                    pipe.close()
                except OSError:  # stdin: the process is gone
                    pass
