"""The project tree: a click opens a file, a double-click never renames, F2 does; no project, no files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from ide.gui.projecttree import ProjectTree


@pytest.fixture
def tree(qtbot):
    view = ProjectTree()
    qtbot.addWidget(view)
    view.resize(300, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def project(tmp_path):
    (tmp_path / "main.py").write_text("print(1)\n", encoding="utf-8")
    (tmp_path / "lib").mkdir()
    return tmp_path


def item_rect(qtbot, tree, path: Path):
    qtbot.waitUntil(lambda: tree.model_.index(str(path)).isValid() and tree.visualRect(
        tree.model_.index(str(path))).isValid(), timeout=5000)
    index = tree.model_.index(str(path))
    return index, tree.visualRect(index)


def test_without_a_project_the_tree_is_empty_and_says_why(tree):
    assert tree.model() is None  # no file system at all: nothing to browse or rename
    assert tree.root is None
    assert "No project is open." in tree.placeholder_text()
    assert tree.new_file("x.py") is None and tree.new_folder("x") is None
    assert not tree.delete_selected(confirm=False)


def test_a_single_click_opens_a_file(qtbot, tree, project):
    tree.set_root(project)
    index, rect = item_rect(qtbot, tree, project / "main.py")
    with qtbot.waitSignal(tree.file_activated, timeout=2000) as opened:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [project / "main.py"]


def test_a_click_on_a_folder_opens_nothing(qtbot, tree, project):
    tree.set_root(project)
    _index, rect = item_rect(qtbot, tree, project / "lib")
    opened = []
    tree.file_activated.connect(opened.append)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == []


def test_a_double_click_opens_rather_than_renames(qtbot, tree, project):
    tree.set_root(project)
    _index, rect = item_rect(qtbot, tree, project / "main.py")
    opened = []
    tree.file_activated.connect(opened.append)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first half
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tree.state() != QAbstractItemView.State.EditingState
    assert len(opened) >= 2 and set(opened) == {project / "main.py"}  # the second half opens it too
    assert not tree.editTriggers() & QAbstractItemView.EditTrigger.DoubleClicked


def test_f2_and_the_context_menu_rename(qtbot, tree, project):
    tree.set_root(project)
    index, _rect = item_rect(qtbot, tree, project / "main.py")
    tree.setCurrentIndex(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    assert tree.state() == QAbstractItemView.State.EditingState
    tree.closePersistentEditor(index)
    tree.setCurrentIndex(index)
    menu = tree.context_menu()
    rename = next(a for a in menu.actions() if a.text() == "Rename")
    assert rename.shortcut().toString() == "F2"
    assert [a.text() for a in menu.actions()] == ["New file...", "New folder...", "Rename", "Delete"]


def test_new_file_goes_into_the_project(qtbot, tree, project):
    tree.set_root(project)
    with qtbot.waitSignal(tree.file_activated, timeout=2000):
        created = tree.new_file("module.py")
    assert created == project / "module.py" and created.is_file()
