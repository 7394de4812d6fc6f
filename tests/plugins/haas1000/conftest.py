"""Fixtures for the haas1000 plugin: the plugin loaded by the IDE's own loader, and an EDU K1
virtual board on a port with an open link and a deploy session around it."""

from __future__ import annotations

import importlib
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from ide import api
from ide.core import plugins
from ide.core.link.connection import Connection
from ide.virtualboard.ampboot import AmpFaults
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.serve import PtyTransport, SocketTransport

PLUGINS_DIR = Path(__file__).resolve().parents[3] / "plugins"
BAUD = 1500000
TIMEOUT = 30.0


@dataclass
class Loaded:
    registry: plugins.Registry
    method: api.DeployMethod
    package: ModuleType

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.package.__name__}.{name}")


@pytest.fixture(scope="session")
def haas1000() -> Loaded:
    """The plugin as the IDE loads it (discover + load_plugins), and its `ymodem` method."""
    registry = plugins.load_plugins(plugins.discover(PLUGINS_DIR, None, []), set())
    assert not registry.problems, registry.problems
    method = registry.deploy_method("ymodem")
    assert method is not None and method.plugin == "haas1000"
    package = sys.modules[method.function.__module__]
    return Loaded(registry, method, package)


@dataclass
class Recorder:
    """What a deploy told the user."""

    statuses: list[str] = field(default_factory=list)
    progress: list[tuple[str, int, int]] = field(default_factory=list)
    output: bytearray = field(default_factory=bytearray)
    on_status: object = None
    on_progress: object = None

    def status(self, text: str) -> None:
        self.statuses.append(text)
        if self.on_status is not None:
            self.on_status(text)

    def progressed(self, path: str, done: int, total: int) -> None:
        self.progress.append((path, done, total))
        if self.on_progress is not None:
            self.on_progress(done, total)


class Rig:
    """An EDU K1 virtual board served on a pty or socket, a link to it, and session helpers."""

    def __init__(self, root: Path, transport: str = "socket", baud: int = BAUD, **board_options) -> None:
        self.root = root
        self.faults = board_options.pop("amp_faults", None) or AmpFaults()
        self.board = VirtualBoard(fs_root=root / "board", board_id="haas-edu-k1", baud=baud,
                                  amp_faults=self.faults, **board_options)
        self.kind = transport
        self.transport = SocketTransport(self.board) if transport == "socket" else PtyTransport(self.board)
        self.events: list[dict] = []
        self._events_cv = threading.Condition()
        self.board.events.subscribe(self._event)
        self.board.start()
        self.cancel = threading.Event()
        self.link = Connection(self.transport.name, baud, cancel=self.cancel)
        self.recorder = Recorder()
        self.wait_event("boot")  # the power-on window is over: faults arranged now meet the deploy

    def _event(self, event: dict) -> None:
        with self._events_cv:
            self.events.append(event)
            self._events_cv.notify_all()

    def wait_event(self, kind: str, timeout: float = TIMEOUT) -> dict:
        with self._events_cv:
            found = self._events_cv.wait_for(lambda: any(e["event"] == kind for e in self.events), timeout)
            assert found, f"no {kind} event; got {[e['event'] for e in self.events]}"
            return next(e for e in self.events if e["event"] == kind)

    def project(self, files: dict[str, bytes | str]) -> list[api.ProjectFile]:
        folder = self.root / "project"
        result = []
        for rel, content in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            result.append(api.ProjectFile(rel, path))
        return result

    def session(self, files: list[api.ProjectFile], **options) -> api.DeploySession:
        rec = self.recorder
        return api.DeploySession(link=self.link, files=files, project_dir=self.root / "project",
                                 board=api.board_info("haas-edu-k1"), progress=rec.progressed, status=rec.status,
                                 cancelled=self.cancel.is_set, output=rec.output.extend, options=options)

    def board_file(self, rel: str) -> bytes:
        return (self.root / "board" / "data" / "pyamp" / rel).read_bytes()

    def put_app(self, files: dict[str, str]) -> None:
        """An app already on the board (as a previous deploy left it)."""
        for rel, text in files.items():
            path = self.root / "board" / "data" / "pyamp" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def close(self) -> None:
        self.link.close()
        self.transport.close()
        self.board.close()


@pytest.fixture
def rig(tmp_path):
    rigs: list[Rig] = []

    def make(**options) -> Rig:
        made = Rig(tmp_path / f"rig{len(rigs)}", **options)
        rigs.append(made)
        return made

    yield make
    for made in rigs:
        made.close()
