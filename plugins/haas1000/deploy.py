"""Deploy a project to a HaaS1000/HaaS200 board: pyamp.zip over YMODEM in the boot window.

1. the project's files are zipped in memory (`pyamp.zip`, paths relative to the app folder);
2. the board is reset into its `amp_boot` window and /data is chosen (`bootwindow`);
3. `cmd_file_transfer`, then the zip over YMODEM-1K (`ymodem`), with progress in bytes;
4. `cmd_exit`: the board says `aos boot finished`, boots and runs main.py; its output stays in the
   link for the console.
The board unpacks the zip over `/data/pyamp/` only once it has all of it, verified, so a transfer
that fails or is stopped leaves the app on the board as it was. Files removed from the project
stay on the board (the protocol cannot delete), and every file is sent each time.

`session.options`: `boot_wait` (seconds the user has to press reset, 15), `boot_attempts` (boot
windows tried, 3), `block_timeout` (seconds to wait for a block's ACK, 2), `block_retries` (10).
"""

from __future__ import annotations

import io
import time
import zipfile

from ide import api

from . import bootwindow, ymodem

_ = api.translator(__file__)

ARCHIVE_NAME = "pyamp.zip"
CMD_FILE_TRANSFER = b"cmd_file_transfer\n"
CMD_EXIT = b"cmd_exit\n"
BOOT_FINISHED = b"aos boot finished"
INSTALL_FAILED = b"install failed"   # the firmware's log line when it cannot unpack the zip
EXIT_TIMEOUT = 5.0


def deploy(session: api.DeploySession) -> dict:
    """The `ymodem` deploy method; returns the summary the IDE shows."""
    started = time.monotonic()
    link = session.link
    out_before, in_before = getattr(link, "bytes_out", 0), getattr(link, "bytes_in", 0)
    archive, payload = make_archive(session.files)
    window = bootwindow.open_window(session)
    opened = time.monotonic()
    retried = send_archive(session, archive)
    sent = time.monotonic()
    confirmed = finish(session)
    return {
        "written": [f.rel for f in session.files], "unchanged": [], "deleted": [],
        "method": "ymodem", "archive": ARCHIVE_NAME, "bytes": len(archive), "payload_bytes": payload,
        "bytes_out": getattr(link, "bytes_out", 0) - out_before, "bytes_in": getattr(link, "bytes_in", 0) - in_before,
        "seconds": round(time.monotonic() - started, 4),
        "phases": {"window": round(opened - started, 4), "transfer": round(sent - opened, 4)},
        "retries": retried, "reset": window["reset"], "missed_windows": window["missed_windows"],
        "confirmed": confirmed, "app_dir": session.board.get("app_dir", "/data/pyamp"),
    }


def make_archive(files: list[api.ProjectFile]) -> tuple[bytes, int]:
    """pyamp.zip of the project's files (deflated) and the bytes of the files themselves."""
    if not files:
        raise api.ProjectError(_("The project has no files to deploy."),
                               _("Add a main.py to the project folder (or check its .haasignore)."))
    buffer = io.BytesIO()
    payload = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            try:
                data = item.path.read_bytes()
            except OSError as exc:
                raise api.ProjectError(_("Cannot read {path}: {reason}").format(path=item.path, reason=exc.strerror),
                                       _("Check that the file exists and can be read, then deploy again.")) from None
            archive.writestr(zipfile.ZipInfo(item.rel, _zip_time(item.path)), data, zipfile.ZIP_DEFLATED)
            payload += len(data)
    return buffer.getvalue(), payload


def _zip_time(path) -> tuple[int, ...]:
    stamp = time.localtime(path.stat().st_mtime)
    return (max(1980, stamp.tm_year),) + tuple(stamp)[1:6]


def send_archive(session: api.DeploySession, archive: bytes) -> int:
    """cmd_file_transfer and the YMODEM transfer; the number of blocks sent again."""
    options = session.options
    session.link.write(CMD_FILE_TRANSFER)
    session.status(_("Sending {name} ({size} bytes) to the board...").format(name=ARCHIVE_NAME, size=len(archive)))
    channel = ymodem.Channel(session.link, session.cancelled)
    sender = ymodem.Sender(channel, retries=int(options.get("block_retries", 10)),
                           timeout=float(options.get("block_timeout", 2.0)),
                           progress=lambda done, total: session.progress(ARCHIVE_NAME, done, total))
    try:
        sender.send(ARCHIVE_NAME, archive)
    except ymodem.YmodemError as error:
        raise _transfer_error(session, error, len(archive), sender.retries) from None
    leftover = channel.leftover()
    if leftover and hasattr(session.link, "unread"):
        session.link.unread(leftover)
    return sender.retried


def finish(session: api.DeploySession) -> bool:
    """cmd_exit; True once the board has said it boots (its log before that goes to the console)."""
    session.link.write(CMD_EXIT)
    try:
        text = session.link.read_until(BOOT_FINISHED, EXIT_TIMEOUT)
    except api.BoardError:
        return False
    session.output(text)
    if INSTALL_FAILED in text:
        raise api.BoardError(_("The board received {name} but could not unpack it.").format(name=ARCHIVE_NAME),
                             _("The app on the board is unchanged. Make sure it has free space, then deploy again."))
    return True


def _transfer_error(session, error: ymodem.YmodemError, size: int, retries: int) -> api.BoardError:
    if isinstance(error, ymodem.Refused) or (isinstance(error, ymodem.ReceiverCancelled) and error.block == 0):
        return api.BoardError(
            _("The board refused {name} ({size} bytes): it does not fit in its file system.").format(
                name=ARCHIVE_NAME, size=size),
            _("Make the project smaller (leave large files out with .haasignore) or free space on the board, "
              "then deploy again."))
    if isinstance(error, ymodem.NoReceiver):
        return api.BoardError(_("The board did not ask for the project after cmd_file_transfer."),
                              _("Press the board's reset button and deploy again; the app on the board is unchanged."))
    if isinstance(error, ymodem.ReceiverCancelled):
        return api.BoardError(_("The board cancelled the upload at block {block}.").format(block=error.block),
                              _("Deploy again; the app on the board is unchanged (it installs only a complete "
                                "upload)."))
    return api.BoardError(
        _("Block {block} of {name} was not accepted after {retries} tries.").format(
            block=error.block, name=ARCHIVE_NAME, retries=retries),
        _("Check the cable (a short, direct USB cable helps at {baud} baud) and deploy again; the app on the "
          "board is unchanged (it installs only a complete upload).").format(
            baud=session.board.get("baud", session.link.baudrate)))
