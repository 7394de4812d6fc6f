"""One hierarchy for errors the user can act on.

An `IdeError` carries a message (what happened) and a hint (what to do), both already translated.
The CLI prints it as one line and exits 1; the GUI shows it in a message box. Any other exception
is a bug and is shown with its traceback.
"""

from __future__ import annotations


class IdeError(Exception):
    """A user-facing error: `message` says what happened, `hint` what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class UsageError(IdeError):
    """The command line or an argument was wrong."""


class PortError(IdeError):
    """A serial port is missing, busy, or not allowed."""


class BoardError(IdeError):
    """The board did not answer, or answered something we cannot use."""


class ProjectError(IdeError):
    """A project folder or one of its files is unusable."""


class FirmwareError(IdeError):
    """A firmware image is unusable or flashing failed."""
