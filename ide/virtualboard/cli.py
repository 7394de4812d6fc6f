"""`haas-ide board serve`: run a virtual board until interrupted, its port on stdout's first line."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from ide.core.errors import IdeError, UsageError
from ide.i18n import _

FLASH_SIZES = {"4MB": 4 << 20, "8MB": 8 << 20, "16MB": 16 << 20}


def serve(args: argparse.Namespace) -> int:
    """Options arrive checked by the parser (ide.commands.board); what only trying can tell (a
    folder that cannot be made, a port in use) is an `IdeError` here, with nothing left running."""
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.engine.vm import warm_up
    from ide.virtualboard.fs import DEFAULT_CAPACITY

    warm_up()  # a client that connects as soon as the port is printed finds the board booting fast
    if args.fs:
        _make_fs_folder(Path(args.fs))
    board = VirtualBoard(fs_root=args.fs, board_id=args.board, firmware=args.firmware, baud=args.baud,
                         rx_capacity=args.rx_buffer, fs_capacity=args.fs_size or DEFAULT_CAPACITY,
                         download_mode=args.download_mode, max_baud=args.max_baud,
                         flash_size=FLASH_SIZES[args.flash_size] if args.flash_size else None)
    closers = [board.close]
    try:
        transport = _open(closers, lambda: _transport(board, args), args.socket or args.rfc2217)
        lines = [transport.name]
        if args.control:
            control = _open(closers, lambda: _control(board, args.control), args.control)
            lines.append(f"control: {control.address_text}")
        done = _signal_event()
        board.start()
        print("\n".join(lines), flush=True)
        _wait(done)
    finally:
        for close in reversed(closers):
            close()
    return 0


def _make_fs_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("--fs {path} is not a folder.").format(path=folder),
                         _("Give a folder for the board's file system, or leave --fs out."))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IdeError(_("Cannot make the folder {path} for the board's file system: {reason}")
                       .format(path=folder, reason=exc.strerror or exc),
                       _("Give a folder you can write to, or leave --fs out.")) from None


def _transport(board, args: argparse.Namespace):
    from ide.virtualboard.serve import open_transport

    return open_transport(board, args.socket, args.rfc2217)


def _control(board, address: str):
    from ide.virtualboard.control import ControlServer

    return ControlServer(board, address)


def _open(closers: list, start, address: str | None):
    """`start()`'s server, its close() queued in `closers`; a port that cannot be served is an
    `IdeError` naming `address`."""
    try:
        server = start()
    except OSError as exc:
        raise IdeError(_("Cannot serve on {address}: {reason}").format(address=address or _("a pseudo-terminal"),
                                                                         reason=exc.strerror or exc),
                       _("Choose another HOST:PORT.")) from None
    closers.append(server.close)
    return server


def _signal_event() -> threading.Event:
    """An event set by SIGINT or SIGTERM (installed before the port is printed, so a client that
    stops us as soon as it reads the port gets a clean exit)."""
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    return done


def _wait(done: threading.Event) -> None:
    if sys.platform == "win32":  # signals only wake the main thread between waits
        while not done.wait(0.2):
            pass
    else:
        done.wait()
