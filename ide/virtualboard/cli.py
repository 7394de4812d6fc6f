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
    from ide.virtualboard.board import VirtualBoard
    from ide.virtualboard.fs import DEFAULT_CAPACITY
    from ide.virtualboard.serve import open_transport

    if args.fs and Path(args.fs).exists() and not Path(args.fs).is_dir():
        raise UsageError(_("--fs {path} is not a folder.").format(path=args.fs),
                         _("Give a folder for the board's file system, or leave --fs out."))
    if args.baud is not None and args.baud <= 0:
        raise UsageError(_("--baud must be a positive number."))
    if args.max_baud is not None and args.max_baud <= 0:
        raise UsageError(_("--max-baud must be a positive number."))
    board = VirtualBoard(fs_root=args.fs, board_id=args.board, firmware=args.firmware, baud=args.baud,
                         rx_capacity=args.rx_buffer, fs_capacity=args.fs_size or DEFAULT_CAPACITY,
                         download_mode=args.download_mode, max_baud=args.max_baud,
                         flash_size=FLASH_SIZES[args.flash_size] if args.flash_size else None)
    try:
        transport = open_transport(board, args.socket, args.rfc2217)
    except OSError as exc:
        board.close()
        raise IdeError(_("Cannot serve on {address}: {reason}").format(address=args.socket or args.rfc2217,
                                                                         reason=exc.strerror),
                       _("Choose another HOST:PORT.")) from None
    lines = [transport.name]
    control = None
    if args.control:
        from ide.virtualboard.control import ControlServer

        control = ControlServer(board, args.control)
        lines.append(f"control: {control.address_text}")
    done = _signal_event()
    board.start()
    print("\n".join(lines), flush=True)
    _wait(done)
    if control is not None:
        control.close()
    transport.close()
    board.close()
    return 0


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
