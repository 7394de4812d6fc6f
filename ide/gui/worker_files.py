"""File operations on the board, run by the device worker in its own thread: list, up/download, delete, rename, mkdir.

`FilesWorker` is a `DeviceWorker` with more requests. Each one runs as a worker command (the
port's output polling pauses, the state goes BUSY then IDLE) in one raw-REPL session, and ends
with exactly one `file_done(op, path, message, hint)`: an empty message means success, otherwise
it says what went wrong and what to do. Operations that change a folder re-list it in the same
session, so `listed(folder, entries)` follows without another round trip.

Uploads travel like a deploy (`ide.core.deploy.upload`): to a temporary name, checked by SHA-256
on the board and renamed over the old file, so a cut-off upload never leaves a half-written file.
Downloads are written next to their destination first and renamed when complete.

Board errors arrive as `OSError(errno)` (mpremote's mapping of a MicroPython traceback); one table
(`ide.core.link.boarderrors`) turns them into text. Entering the raw REPL interrupts the program running on the board.
"""

from __future__ import annotations

import contextlib
import errno
import os
import posixpath
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Signal, Slot

from ide.core.errors import IdeError, PortError
from ide.core.link.boarderrors import board_oserror, last_line, reason_for
from ide.core.link.connection import Cancelled
from ide.gui.worker import DeviceEvents, DeviceWorker, leave_raw_repl
from ide.i18n import _

if TYPE_CHECKING:  # mpremote is imported with the first file operation (40 ms less at start-up)
    from ide.core.link.rawrepl import RawRepl, TransportExecError

DIR_MODE = 0x4000
READ_CHUNK = 1024

LIST, UPLOAD, DOWNLOAD, DELETE, RENAME, MKDIR = "list", "upload", "download", "delete", "rename", "mkdir"


class FilesEvents(DeviceEvents):
    """The worker's signals in the GUI thread, with the file operations' results."""

    listed = Signal(str, list)
    file_done = Signal(str, str, str, str)


class HostFileError(IdeError):
    """A file on this computer could not be read or written."""


class FilesWorker(DeviceWorker):
    """A device worker that also manages the board's files (see the module docstring)."""

    listed = Signal(str, list)                 # board folder, [{"name", "path", "size", "dir"}] sorted
    file_done = Signal(str, str, str, str)     # operation, board path, message ("" = done), hint

    _list_requested = Signal(str)
    _download_requested = Signal(str, str)
    _upload_requested = Signal(str, str)
    _delete_requested = Signal(str)
    _rename_requested = Signal(str, str)
    _mkdir_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.events = FilesEvents()  # replaces the plain twin: every signal is forwarded to this one
        self._forward(self.SIGNALS + ("listed", "file_done"))
        self._list_requested.connect(self._do_list)
        self._download_requested.connect(self._do_download)
        self._upload_requested.connect(self._do_upload)
        self._delete_requested.connect(self._do_delete)
        self._rename_requested.connect(self._do_rename)
        self._mkdir_requested.connect(self._do_mkdir)

    # -- requests (any thread) ---------------------------------------------------------------
    def list_dir(self, path: str) -> None:
        """List one board folder: `listed(path, entries)`."""
        self._list_requested.emit(board_path(path))

    def download(self, board_file: str, host_path: str) -> None:
        """Copy a board file to `host_path` (a file path on this computer)."""
        self._download_requested.emit(board_path(board_file), str(host_path))

    def upload(self, host_path: str, board_file: str) -> None:
        """Copy a file of this computer to `board_file` (atomically), then re-list its folder."""
        self._upload_requested.emit(str(host_path), board_path(board_file))

    def delete(self, path: str) -> None:
        """Delete a board file or empty folder, then re-list its folder."""
        self._delete_requested.emit(board_path(path))

    def rename(self, old: str, new: str) -> None:
        """Rename or move a board file or folder, then re-list the folders concerned."""
        self._rename_requested.emit(board_path(old), board_path(new))

    def mkdir(self, path: str) -> None:
        """Create a board folder, then re-list its parent."""
        self._mkdir_requested.emit(board_path(path))

    # -- slots (worker thread) ---------------------------------------------------------------
    @Slot(str)
    def _do_list(self, path: str) -> None:
        self._file_command(LIST, path, lambda repl: self._list(repl, path))

    @Slot(str, str)
    def _do_download(self, path: str, host: str) -> None:
        def work(repl: RawRepl) -> None:
            data = repl.fs_readfile(path, chunk_size=READ_CHUNK,
                                    progress_callback=lambda done, total: self.progress.emit(path, done, total))
            write_host_file(Path(host), bytes(data))

        self._file_command(DOWNLOAD, path, work)

    @Slot(str, str)
    def _do_upload(self, host: str, path: str) -> None:
        def work(repl: RawRepl) -> None:
            upload_file(repl, Path(host), path, self.progress.emit)
            self._list(repl, parent_of(path))

        self._file_command(UPLOAD, path, work)

    @Slot(str)
    def _do_delete(self, path: str) -> None:
        def work(repl: RawRepl) -> None:
            if repl.fs_stat(path).st_mode & DIR_MODE:
                repl.fs_rmdir(path)
            else:
                repl.fs_rmfile(path)
            self._list(repl, parent_of(path))

        self._file_command(DELETE, path, work)

    @Slot(str, str)
    def _do_rename(self, old: str, new: str) -> None:
        def work(repl: RawRepl) -> None:
            if repl.fs_exists(new):
                raise OSError(errno.EEXIST, new)
            fs_exec(repl, f"import os\nos.rename({old!r},{new!r})", old)
            for folder in dict.fromkeys((parent_of(old), parent_of(new))):
                self._list(repl, folder)

        self._file_command(RENAME, old, work)

    @Slot(str)
    def _do_mkdir(self, path: str) -> None:
        def work(repl: RawRepl) -> None:
            repl.fs_mkdir(path)
            self._list(repl, parent_of(path))

        self._file_command(MKDIR, path, work)

    # -- internals ---------------------------------------------------------------------------
    def _list(self, repl: RawRepl, path: str) -> None:
        self.listed.emit(path, list_entries(repl, path))

    def _file_command(self, op: str, path: str, work: Callable[[RawRepl], None]) -> None:
        """Run `work` in a raw-REPL session as a worker command; always end with `file_done`."""
        outcome = [_("The operation stopped because of an internal error."), _("See the error report.")]

        from ide.core.link.rawrepl import TransportExecError

        def session() -> None:
            try:
                run_in_raw_repl(self._conn, work)
                outcome[:] = ["", ""]
            except PortError as exc:
                outcome[:] = [exc.message, exc.hint]
                raise  # the worker reports the lost port and reconnects
            except Cancelled:
                outcome[:] = [_("Stopped."), ""]
                raise
            except IdeError as exc:
                outcome[:] = [exc.message, exc.hint]
            except (OSError, TransportExecError) as exc:
                outcome[:] = describe_board_error(op, path, exc)

        if self._conn is None:
            self.file_done.emit(op, path, _("No board is connected."), _("Pick a port or the virtual board first."))
            return
        self._command(f"files-{op}", session)
        if self._conn is not None:
            self.show_prompt()   # where a program was running, it has been stopped
        self.file_done.emit(op, path, *outcome)


# -- the work itself (no Qt) ----------------------------------------------------------------------
def board_path(path: str) -> str:
    """An absolute, normalised board path ("/" for the root)."""
    normal = posixpath.normpath("/" + str(path).replace("\\", "/").lstrip("/"))
    return "/" + normal.lstrip("/")


def parent_of(path: str) -> str:
    return posixpath.dirname(board_path(path)) or "/"


def join(folder: str, name: str) -> str:
    return board_path(posixpath.join(board_path(folder), name))


def run_in_raw_repl(conn, work: Callable[[RawRepl], None]) -> None:
    """Enter the raw REPL, run `work(repl)`, and always go back to the friendly REPL (quietly: the
    board's banner is not shown again)."""
    from ide.core.link.rawrepl import RawRepl

    repl = RawRepl(conn)
    repl.enter()
    try:
        work(repl)
    finally:
        with contextlib.suppress(PortError, Cancelled):
            leave_raw_repl(repl)


def list_entries(repl: RawRepl, path: str) -> list[dict]:
    """One folder's entries, folders first, then by name."""
    entries = [{"name": e.name, "path": join(path, e.name), "dir": bool(e.st_mode & DIR_MODE),
                "size": 0 if e.st_mode & DIR_MODE else int(e.st_size)} for e in repl.fs_listdir(path)]
    return sorted(entries, key=lambda e: (not e["dir"], e["name"].lower(), e["name"]))


def upload_file(repl: RawRepl, host: Path, path: str, on_progress) -> None:
    """Send one file to `path` the way a deploy does: temporary name, checksum, rename."""
    from ide.core import deploy

    try:
        item = deploy.LocalFile.read(posixpath.basename(path), host)
    except OSError as exc:
        raise HostFileError(_("Could not read {path}: {error}").format(path=host, error=exc.strerror or exc),
                            _("Check that the file exists and that you may read it.")) from None
    deploy.upload(repl, item, parent_of(path), on_progress)


def write_host_file(host: Path, data: bytes) -> None:
    """Write `data` to `host` through a temporary file in the same folder, renamed when complete."""
    try:
        host.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".~", suffix=".part", dir=host.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, host)
    except OSError as exc:
        raise HostFileError(_("Could not save {path}: {error}").format(path=host, error=exc.strerror or exc),
                            _("Choose a folder you may write to.")) from None


def fs_exec(repl: RawRepl, code: str, path: str) -> bytes:
    """Run file-system code on the board; a MicroPython OSError becomes a real `OSError`."""
    from ide.core.link.rawrepl import TransportExecError

    try:
        return repl.exec(code)
    except TransportExecError as exc:
        raise board_oserror(exc, path) from None


def failure_text(op: str, path: str) -> str:
    texts = {
        LIST: _("Could not list {path}."), UPLOAD: _("Could not upload {path}."),
        DOWNLOAD: _("Could not download {path}."), DELETE: _("Could not delete {path}."),
        RENAME: _("Could not rename {path}."), MKDIR: _("Could not create the folder {path}."),
    }
    return texts.get(op, _("Could not change {path}.")).format(path=path)


def describe_board_error(op: str, path: str, exc: OSError | TransportExecError) -> list[str]:
    """[message, hint] for a board error number (one table for every operation)."""
    from ide.core.link.rawrepl import TransportExecError

    if isinstance(exc, TransportExecError):
        converted = board_oserror(exc, path)
        if not isinstance(converted, OSError):
            return [failure_text(op, path),
                    _("The board answered: {error}").format(error=last_line(exc.error_output))]
        exc = converted
    reason, hint = reason_for(exc.errno)
    return [f"{failure_text(op, path)} {reason}", hint]
