"""Handlers of the device commands that run code: deploy, run, console.

Thin: they open the port, call `ide.core.deploy` / the raw REPL with callbacks that print, and
turn Ctrl-C into an interrupt of the board.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from pathlib import Path

from ide.core.errors import ProjectError, UsageError
from ide.i18n import _


class _Output:
    """Board output to our stdout with \r\n as \n, also when a \r\n falls between two chunks."""

    def __init__(self) -> None:
        self._held = b""

    def __call__(self, data: bytes) -> None:
        data = self._held + data
        self._held = b"\r" if data.endswith(b"\r") else b""
        sys.stdout.buffer.write(data[:len(data) - len(self._held)].replace(b"\r\n", b"\n"))
        sys.stdout.buffer.flush()

    def flush(self) -> None:
        """Write a \r held back for a \n that did not come."""
        sys.stdout.buffer.write(self._held)
        sys.stdout.buffer.flush()
        self._held = b""


def follow_output(conn, stop: threading.Event | None = None) -> None:
    """Print what the board sends until Ctrl-C (which interrupts the board's program) or `stop`."""
    write_out = _Output()
    try:
        while stop is None or not stop.is_set():
            data = conn.read_some(0.1)
            if data:
                write_out(data)
    except KeyboardInterrupt:
        conn.write(b"\x03")
        write_out(conn.drain(quiet=0.1, limit=1.0))


def project_files(root: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(relative path, host path) of every file the project deploys, and the files left out
    because they link outside the project."""
    from ide.core import project as project_module

    project = project_module.Project(root)
    return [(f.rel, f.path) for f in project.files()], project.outside_links()


def skipped_lines(links: list[str]) -> list[str]:
    from ide.core.project import Project

    return Project.skipped_notes(links)


def deploy_cmd(args: argparse.Namespace) -> int:
    from ide.core import deploymethods
    from ide.core.link.connection import Connection

    root = Path(args.dir)
    if not root.is_dir():
        raise ProjectError(_("{path} is not a project folder.").format(path=root),
                           _("Give the folder that holds main.py."))
    board = deploymethods.board_for(root)
    baud = args.baud or (board or {}).get("baud", 115200)
    if deploymethods.method_name(board) != deploymethods.DEPLOY_RAW_REPL:
        return _deploy_by_plugin(args, root, board, baud)
    app_dir = _app_dir(args, root)
    cancel = threading.Event()
    with Connection(args.port, baud, cancel=cancel) as conn:
        return _deploy_raw_repl(args, root, conn, app_dir)


def _app_dir(args: argparse.Namespace, root: Path) -> str | None:
    """--app-dir, else the folder the project pins, else None (the firmware decides)."""
    from ide.core.link.survey import normal_app_dir
    from ide.core.project import Project

    return normal_app_dir(args.app_dir if args.app_dir is not None else Project(root).settings.app_dir)


@contextlib.contextmanager
def ctrl_c_cancels(cancel: threading.Event):
    """The first Ctrl-C sets `cancel` (the deploy stops cleanly at its next step and puts the board
    back at its prompt); a second one interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(_signum, _frame) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _deploy_by_plugin(args: argparse.Namespace, root: Path, board: dict, baud: int) -> int:
    """Boards whose files travel another way (HaaS1000's boot-window YMODEM, from a plugin)."""
    from ide.api import DeploySession
    from ide.core import deploymethods
    from ide.core.link.connection import Connection

    pairs, links = project_files(root)
    files = deploymethods.session_files(pairs)
    if args.dry_run:
        print("\n".join([f"send {f.rel}" for f in files] + skipped_lines(links)))
        return 0
    at_line_start = [True]  # the board's output and our messages share the terminal
    stream = sys.stderr if args.json else sys.stdout  # --json: stdout holds the JSON alone

    def output(data: bytes) -> None:
        if data:
            stream.buffer.write(data.replace(b"\r\n", b"\n"))
            stream.flush()
            at_line_start[0] = data.endswith(b"\n")

    def say(text: str) -> None:
        print(("" if at_line_start[0] else "\n") + text, file=stream, flush=True)
        at_line_start[0] = True

    with Connection(args.port, baud) as conn:
        for line in skipped_lines(links):
            say(line)
        session = DeploySession(link=conn, files=files, project_dir=root, board=board, status=say, output=output)
        summary = {**deploymethods.run_method(session), "skipped": links}
        if args.json:
            print(json.dumps(summary, ensure_ascii=False))
        else:
            say(_("Deployed: {written} written, {unchanged} unchanged, {deleted} deleted.").format(
                written=len(summary.get("written", [])), unchanged=len(summary.get("unchanged", [])),
                deleted=len(summary.get("deleted", []))))
        if not (args.no_run or args.no_follow):
            follow_output(conn)
    return 0


def _deploy_raw_repl(args: argparse.Namespace, root: Path, conn, app_dir: str | None) -> int:
    from ide.core.deploy import DeployStopped, deploy, local_files
    from ide.core.link.rawrepl import RawRepl

    pairs, links = project_files(root)
    stream = sys.stderr if args.json else sys.stdout  # --json: stdout holds the JSON alone
    say = lambda text: print(text, file=stream, flush=True)  # noqa: E731
    try:
        with ctrl_c_cancels(conn.cancel):
            result = deploy(RawRepl(conn), local_files(pairs), app_dir=app_dir, dry_run=args.dry_run,
                            run=not args.no_run, mirror=args.mirror, on_status=say, skipped=links)
    except DeployStopped as stopped:
        print(f"haas-ide: {stopped}", file=sys.stderr, flush=True)
        return 130
    plan = result.plan
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    elif args.dry_run:
        print("\n".join(plan.describe()))
    else:
        for line in skipped_lines(links):
            print(line)
        if args.mirror:
            print("\n".join(_("deleted   {path}").format(path=plan.board_path(rel)) for rel in plan.deletes))
        print(_("Deployed: {written} written, {unchanged} unchanged, {deleted} deleted.").format(
            written=len(plan.writes), unchanged=len(plan.unchanged), deleted=len(plan.deletes)), flush=True)
    if not (args.dry_run or args.no_run or args.no_follow):
        follow_output(conn)
    return 0


def run_cmd(args: argparse.Namespace) -> int:
    from ide.core.link.connection import Connection
    from ide.core.link.rawrepl import RawRepl

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(_("{path} is not a file.").format(path=path))
    source = path.read_bytes()
    with Connection(args.port, args.baud) as conn:
        repl = RawRepl(conn, timeout=3600 * 24)
        repl.enter()
        try:
            err = _run_source(repl, source)
        except BaseException:
            repl.recover()  # the board goes back to its friendly prompt, whatever happened
            raise
        repl.exit()
        if err:
            sys.stdout.buffer.write(err.replace(b"\r\n", b"\n"))
            sys.stdout.flush()
            return 1
    return 0


def _run_source(repl, source: bytes) -> bytes:
    """Run `source` in the raw REPL, printing its output as it comes; Ctrl-C interrupts it."""
    repl.exec_raw_no_follow(source)
    write_out = _Output()
    try:
        _out, err = repl.follow(data_consumer=write_out)
    except KeyboardInterrupt:
        repl.conn.write(b"\x03")
        _out, err = repl.follow(timeout=5, data_consumer=write_out)
    write_out.flush()
    return err


def console_cmd(args: argparse.Namespace) -> int:
    from ide.core.link.connection import Connection
    from ide.commands.terminal import run_terminal

    with Connection(args.port, args.baud) as conn:
        return run_terminal(conn)
