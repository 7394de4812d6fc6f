"""Autosave: copies of unsaved editors, offered back after a crash, cleared on save and clean exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ide.gui import autosave
from ide.gui.autosave import INDEX_FILE, Autosaver, offer_recovery


class FakeEditor:
    def __init__(self, path: Path, text: str, modified: bool = True) -> None:
        self.file_path, self._text, self.modified = path, text, modified

    def text(self) -> str:
        return self._text


class FakeWindow:
    def __init__(self) -> None:
        self.tabs: list[FakeEditor] = []

    def editors(self):
        return list(self.tabs)

    def is_modified(self, editor) -> bool:
        return editor.modified


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "autosave"


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("print('saved')\n", encoding="utf-8")
    return path


ROOT = Path(__file__).resolve().parents[2]
CRASHING_IDE = """
import json, os, sys
from pathlib import Path
from ide.gui.autosave import Autosaver

class Editor:
    def __init__(self, path, text):
        self.file_path, self._text = Path(path), text
    def text(self):
        return self._text

class Window:
    def __init__(self, texts):
        self.tabs = [Editor(path, text) for path, text in texts.items()]
    def editors(self):
        return self.tabs
    def is_modified(self, editor):
        return True

Autosaver(Window(json.loads(sys.argv[2])), Path(sys.argv[1]), start=False).sync()
os._exit(3)  # the crash: no clean exit, the session's lock file stays behind
"""


def crash_with_unsaved(folder: Path, texts: dict[Path, str]) -> None:
    """Another IDE process writes copies of `texts` (path -> unsaved text), then dies."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CRASHING_IDE, str(folder),
                           json.dumps({str(path): text for path, text in texts.items()})],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr


def copies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt")) if folder.exists() else []


def test_default_folder_is_in_user_data():
    from ide.core.userdirs import data_dir

    assert autosave.default_folder() == data_dir() / "autosave"


def test_timer_writes_a_copy_of_modified_editors(qtbot, folder, source, tmp_path):
    window = FakeWindow()
    clean = FakeEditor(tmp_path / "other.py", "x = 1\n", modified=False)
    window.tabs += [FakeEditor(source, "print('unsaved')\n"), clean]
    saver = Autosaver(window, folder, interval=0.01)
    qtbot.waitUntil(lambda: len(copies(folder)) == 1)
    saver.timer.stop()
    assert copies(folder)[0].read_text(encoding="utf-8") == "print('unsaved')\n"
    index = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
    (entry,) = index.values()
    assert entry["path"] == str(source) and entry["time"] > 0
    assert saver.copies() == {source: copies(folder)[0]}


def test_default_interval_is_thirty_seconds(folder):
    saver = Autosaver(FakeWindow(), folder, start=False)
    assert saver.timer.interval() == 30_000 and not saver.timer.isActive()


def test_copy_removed_when_saved_or_closed_and_on_clear(folder, source, tmp_path):
    window = FakeWindow()
    editor = FakeEditor(source, "a\n")
    other = FakeEditor(tmp_path / "b.py", "b\n")
    window.tabs += [editor, other]
    saver = Autosaver(window, folder, start=False)
    saver.sync()
    assert len(copies(folder)) == 2
    editor.modified = False          # saved
    saver.sync()
    assert len(copies(folder)) == 1
    editor.modified = True
    window.tabs.remove(other)        # its tab closed
    saver.sync()
    assert list(saver.copies()) == [source]
    saver.clear()                    # clean exit
    assert copies(folder) == []
    assert json.loads((folder / INDEX_FILE).read_text(encoding="utf-8")) == {}


def test_crash_offers_recovery_only_when_text_differs(folder, source, tmp_path):
    same = tmp_path / "same.py"
    same.write_text("same\n", encoding="utf-8")
    crash_with_unsaved(folder, {source: "print('unsaved')\n", same: "same\n"})
    assert len(copies(folder)) == 2

    later = Autosaver(FakeWindow(), folder, start=False)
    (item,) = later.pending_recoveries()
    assert item.path == source and item.text == "print('unsaved')\n"
    assert len(copies(folder)) == 1  # the copy equal to its file was dropped
    later.discard(item)
    assert copies(folder) == [] and later.pending_recoveries() == []
    assert source.read_text(encoding="utf-8") == "print('saved')\n"


@pytest.fixture
def window(qtbot):
    from ide.gui.mainwindow import MainWindow

    win = MainWindow(connect=False)
    qtbot.addWidget(win)
    yield win
    for editor in win.editors():     # nothing left to ask about when the window closes
        win._dirty[editor] = False
        if hasattr(editor, "setSavePoint"):
            editor.setSavePoint()


def test_real_window_crash_restore_and_clean_save(qtbot, window, folder, source):
    editor = window.open_file(source)
    crash_with_unsaved(folder, {source: "print('typed before the crash')\n"})

    restarted = Autosaver(window, folder, start=False)
    (item,) = restarted.pending_recoveries()
    restored = restarted.restore(item, window)
    assert restored is editor
    assert editor.text() == "print('typed before the crash')\n"
    assert window.is_modified(editor) and window._dirty[editor]
    assert source.read_text(encoding="utf-8") == "print('saved')\n"  # not saved

    restarted.sync()
    assert list(restarted.copies()) == [source]
    window.save(editor)
    restarted.sync()
    assert copies(folder) == [] and restarted.pending_recoveries() == []
    assert source.read_text(encoding="utf-8") == "print('typed before the crash')\n"


def test_offer_recovery_restores_or_discards(qtbot, window, folder, source, monkeypatch):
    def crash(text: str) -> None:
        crash_with_unsaved(folder, {source: text})

    crash("first\n")
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    saver = Autosaver(window, folder, start=False)
    assert offer_recovery(window, saver) == 0
    assert copies(folder) == [] and window.editors() == []

    crash("second\n")
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert offer_recovery(window, saver) == 1
    (editor,) = window.editors()
    assert editor.text() == "second\n" and window.is_modified(editor)
    assert offer_recovery(window, saver) == 0  # nothing left to ask about


def test_a_second_ide_neither_claims_a_crash_nor_takes_the_first_ones_copies(qtbot, window, folder, source,
                                                                            monkeypatch):
    first_window = FakeWindow()
    first_window.tabs.append(FakeEditor(source, "typed in the first IDE\n"))
    first = Autosaver(first_window, folder, start=False)
    first.sync()
    assert first.pending_recoveries() == []          # its own copies are not "left by a crash"
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or QMessageBox.StandardButton.No)
    second = Autosaver(window, folder, start=False)
    assert offer_recovery(window, second) == 0
    assert not asked and window.editors() == [] and len(copies(folder)) == 1

    editor = window.open_file(source)                 # both edit the same file: two copies
    editor.setText("typed in the second IDE\n")
    second.sync()
    first.clear()                                     # the first exits cleanly
    assert [path.read_text(encoding="utf-8") for path in copies(folder)] == ["typed in the second IDE\n"]
    assert second.pending_recoveries() == []


def test_copies_of_a_version_without_sessions_are_still_offered(folder, source):
    folder.mkdir()
    (folder / "0123456789abcdef0123.txt").write_text("old unsaved\n", encoding="utf-8")
    (folder / INDEX_FILE).write_text(json.dumps({"0123456789abcdef0123": {"path": str(source), "time": 1.0}}),
                                     encoding="utf-8")
    (item,) = Autosaver(FakeWindow(), folder, start=False).pending_recoveries()
    assert item.text == "old unsaved\n"
