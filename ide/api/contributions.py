"""What a plugin can add to the IDE: plain records, kept by the plugin registry.

The GUI turns `Command`, `Dock` and `SettingsPage` records into actions, dock widgets and settings
tabs; the CLI adds `CliCommand`s as sub-commands; the deploy step looks up `DeployMethod`s by the
name a board's catalogue entry gives (`"deploy": "ymodem"`). Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

MENUS = ("file", "view", "tools", "help")
AREAS = ("left", "right", "bottom")


@dataclass(frozen=True)
class Command:
    """A menu entry (and optionally a toolbar button and a shortcut) that calls `callback(window)`."""

    plugin: str
    id: str
    text: str
    callback: Callable[[Any], None]
    menu: str = "tools"
    shortcut: str | None = None   # a QKeySequence text such as "Ctrl+Shift+P"
    toolbar: bool = False
    tip: str = ""


@dataclass(frozen=True)
class Dock:
    """A dock panel; `factory(window)` builds its widget when the panel is first shown."""

    plugin: str
    id: str
    title: str
    factory: Callable[[Any], Any]
    area: str = "right"


@dataclass(frozen=True)
class SettingsPage:
    """A tab in the Settings dialog. `factory(settings)` returns a widget; if the widget has an
    `apply()` method, OK calls it."""

    plugin: str
    id: str
    title: str
    factory: Callable[[Any], Any]


@dataclass(frozen=True)
class DeployMethod:
    """How projects get onto boards whose catalogue entry names `name` as their deploy method.

    `function(session)` runs in the device worker's thread (never the UI thread) with the board's
    open link; it returns a summary dict: {"written": [...], "unchanged": [...], "deleted": [...]}.
    """

    plugin: str
    name: str
    function: Callable[["DeploySession"], dict]
    title: str = ""


@dataclass(frozen=True)
class CliCommand:
    """A `haas-ide <name>` sub-command: `configure(parser)` adds its arguments, `run(args)` returns
    the exit status."""

    plugin: str
    name: str
    help: str
    configure: Callable[[Any], None]
    run: Callable[[Any], int]


@dataclass
class ProjectFile:
    """One file of the project to deploy: its path on the board relative to the app folder
    ("main.py", "lib/mpu6050.py") and on the host."""

    rel: str
    path: Path


@dataclass
class DeploySession:
    """What a deploy method gets.

    - `link`: the open serial link (`write(data)`, `read_some(timeout)` returning bytes or b"",
      `read_until(marker, timeout)`, `pulse_reset()` returning False when the port has no reset
      line, `drain()`, `port`, `baudrate`). It raises `PortError` when the cable goes.
    - `files`: the project's files, `.haasignore` applied.
    - `board`: the board's catalogue entry as a dict (id, baud, app_dir, ...).
    - `progress(path, done, total)`: bytes of the transfer so far.
    - `status(text)`: a one-line message for the user ("Press the board's reset button now").
    - `cancelled()`: True once the user pressed Stop; return or raise `Cancelled` soon after.
    - `output(data)`: bytes the board printed that the console should show.
    """

    link: Any
    files: list[ProjectFile]
    project_dir: Path
    board: dict
    progress: Callable[[str, int, int], None] = lambda path, done, total: None
    status: Callable[[str], None] = lambda text: None
    cancelled: Callable[[], bool] = lambda: False
    output: Callable[[bytes], None] = lambda data: None
    options: dict = field(default_factory=dict)
