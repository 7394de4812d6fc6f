"""Autosave: copies of unsaved editors, offered back after a crash, cleared on save and clean exit."""

from __future__ import annotations

import json
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
    window = FakeWindow()
    window.tabs += [FakeEditor(source, "print('unsaved')\n"), FakeEditor(same, "same\n")]
    crashed = Autosaver(window, folder, start=False)
    crashed.sync()                   # ... and the process dies without clear()
    assert len(copies(folder)) == 2
    assert crashed.pending_recoveries() == []  # its own copies are not "left by a crash"

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
    editor.setText("print('typed before the crash')\n")
    assert window.is_modified(editor)
    crashed = Autosaver(window, folder, interval=0.01)
    qtbot.waitUntil(lambda: len(copies(folder)) == 1)
    crashed.timer.stop()
    editor.set_text("print('saved')\n")  # the crash: the buffer is gone, the file as it was

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
        fake = FakeWindow()
        fake.tabs.append(FakeEditor(source, text))
        Autosaver(fake, folder, start=False).sync()

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
