"""Crash insurance: copies of unsaved editor text, offered back at the next start.

`Autosaver(window, folder)` writes, every `interval` seconds, the text of each modified editor
of `window` to `folder` (default `<user data>/autosave/`), with `index.json` mapping each copy to
its original path and the time it was written. A copy goes away when its file is saved (or no
longer modified) or its tab is closed, and every copy of this session on `clear()` (a clean exit).

Each session (one running IDE) holds a lock file, `session-<id>.lock` (a QLockFile, which knows
when the process that made it is gone), and its index entries name it. Copies left by a session
that crashed, whose lock is free, are `pending_recoveries()` (only those whose text differs from
the file on disk); the copies of another IDE still running are not, so a second window neither
claims the first closed abnormally nor offers its unsaved text. `restore(item, window)` opens the file and puts the text in its editor,
modified and not saved; `discard(item)` deletes the copy. `offer_recovery(window, autosaver)`
asks the user about all of them at once.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from ide.core.atomic import write_atomic
from ide.core.errors import IdeError
from ide.i18n import _

INDEX_FILE = "index.json"
DEFAULT_INTERVAL = 30.0  # seconds


@dataclass(frozen=True)
class Recovery:
    """One copy left by an earlier session: `text` was unsaved in `path` at `time` (epoch seconds)."""

    key: str
    path: Path
    time: float
    text: str


def default_folder() -> Path:
    from ide.core.userdirs import data_dir

    return data_dir() / "autosave"


def _key(session: str, path: Path) -> str:
    return f"{session}-" + hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:20]


class Autosaver(QObject):
    """Periodic copies of the unsaved editors of `window` (see the module's doc)."""

    def __init__(self, window, folder: Path | None = None, interval: float = DEFAULT_INTERVAL,
                 start: bool = True) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window
        self.folder = Path(folder) if folder is not None else default_folder()
        self.session = uuid.uuid4().hex[:12]
        self._lock = self._session_lock(self.session)   # taken with the first copy
        self._owned: dict[str, str] = {}  # key -> the text last written, for this session's copies
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, int(interval * 1000)))
        self.timer.timeout.connect(self.sync)
        if start:
            self.timer.start()

    # -- index ---------------------------------------------------------------------------------
    def _index(self) -> dict[str, dict]:
        try:
            data = json.loads((self.folder / INDEX_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_index(self, index: dict[str, dict]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / INDEX_FILE, json.dumps(index, ensure_ascii=False, indent=1))

    def _copy_path(self, key: str) -> Path:
        return self.folder / f"{key}.txt"

    def _session_lock(self, session: str) -> QLockFile:
        lock = QLockFile(str(self.folder / f"session-{session}.lock"))
        lock.setStaleLockTime(0)  # held as long as the IDE runs: only a dead owner makes it stale
        return lock

    def _session_running(self, session) -> bool:
        """True while the IDE that wrote `session`'s copies runs (this one, or another)."""
        if not isinstance(session, str):
            return False  # a copy from a version without sessions
        if session == self.session:
            return True
        lock = self._session_lock(session)
        if lock.tryLock(0):
            lock.unlock()  # its owner is gone; so is the lock file now
            return False
        return True

    def _remove(self, keys) -> None:
        keys = set(keys)
        if not keys:
            return
        for key in keys:
            self._owned.pop(key, None)
            try:
                self._copy_path(key).unlink()
            except FileNotFoundError:
                pass
        index = self._index()
        if any(key in index for key in keys):
            for key in keys:
                index.pop(key, None)
            self._write_index(index)

    # -- this session ----------------------------------------------------------------------------
    def copies(self) -> dict[Path, Path]:
        """This session's copies: original path -> copy file."""
        index = self._index()
        return {Path(index[key]["path"]): self._copy_path(key) for key in self._owned if key in index}

    def sync(self) -> None:
        """Write a copy of each modified editor whose text changed; drop the copies no longer needed."""
        wanted: dict[str, tuple[Path, str]] = {}
        for editor in self.window.editors():
            path = getattr(editor, "file_path", None)
            if path is not None and self.window.is_modified(editor):
                wanted[_key(self.session, path)] = (Path(path), editor.text())
        self._remove(key for key in list(self._owned) if key not in wanted)
        changed = {key: item for key, item in wanted.items() if self._owned.get(key) != item[1]}
        if not changed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self._lock.isLocked():
            self._lock.tryLock(0)
        index = self._index()
        now = time.time()
        for key, (path, text) in changed.items():
            write_atomic(self._copy_path(key), text)
            index[key] = {"path": str(path), "time": now, "session": self.session}
            self._owned[key] = text
        self._write_index(index)

    def clear(self) -> None:
        """A clean exit: stop, and delete every copy this session wrote."""
        self.timer.stop()
        self._remove(list(self._owned))
        if self._lock.isLocked():
            self._lock.unlock()

    # -- earlier sessions ----------------------------------------------------------------------
    def pending_recoveries(self) -> list[Recovery]:
        """Copies from sessions that ended without a clean exit whose text differs from the file on
        disk, oldest first. Copies of IDEs still running are not theirs to offer.

        Copies equal to their file are deleted; copies of files that no longer exist are left alone.
        """
        found: list[Recovery] = []
        stale: list[str] = []
        running: dict[object, bool] = {}
        for key, entry in self._index().items():
            if key in self._owned or not isinstance(entry, dict) or "path" not in entry:
                continue
            session = entry.get("session") if isinstance(entry.get("session"), str) else None
            if session not in running:
                running[session] = self._session_running(session)
            if running[session]:
                continue
            path = Path(entry["path"])
            try:
                text = self._copy_path(key).read_text(encoding="utf-8")
            except FileNotFoundError:
                stale.append(key)
                continue
            except (OSError, ValueError):
                continue
            try:
                on_disk = path.read_text(encoding="utf-8-sig")
            except FileNotFoundError:
                continue
            except (OSError, ValueError):
                on_disk = None
            if on_disk == text:
                stale.append(key)
            else:
                found.append(Recovery(key, path, float(entry.get("time", 0.0)), text))
        self._remove(stale)
        return sorted(found, key=lambda item: item.time)

    def restore(self, item: Recovery, window=None):
        """Open `item.path` in `window` and replace its text with the recovered one (modified, not saved)."""
        window = window if window is not None else self.window
        editor = window.open_file(item.path)
        from ide.gui.editor import CodeEditor

        if isinstance(editor, CodeEditor):
            editor.setText(item.text)  # an edit, so the buffer leaves its save point: modified
        else:
            editor.set_text(item.text)
            mark = getattr(window, "_mark_modified", None)
            if mark is not None:
                mark(editor, True)
        self._remove([item.key])  # the next sync writes it again as this session's copy
        return editor

    def discard(self, item: Recovery) -> None:
        """Forget `item`: its copy is deleted, the file on disk is untouched."""
        self._remove([item.key])


def offer_recovery(window, autosaver: Autosaver) -> int:
    """Ask whether to recover the copies a crash left; restore or discard them all. Returns how many restored."""
    items = autosaver.pending_recoveries()
    if not items:
        return 0
    names = "\n".join(str(item.path) for item in items)
    answer = QMessageBox.question(
        window, _("Recover unsaved changes"),
        _("HaaS IDE did not close normally. Unsaved changes were kept for:\n{names}\n\n"
          "Recover them? They are opened as unsaved changes.").format(names=names),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        for item in items:
            autosaver.discard(item)
        return 0
    restored = 0
    for item in items:
        try:
            autosaver.restore(item, window)
            restored += 1
        except (IdeError, OSError):  # one unreadable file must not lose the others
            continue
    return restored
