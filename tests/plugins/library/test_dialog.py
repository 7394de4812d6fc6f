"""Tools > Driver library...: the dialog adds and removes packages off the UI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.plugins.library.conftest import DEMO_V2, record

TIMEOUT = 10000


class FakeWindow:
    """What the GUI host hands a plugin command (see ide.api.facade)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.widget = None
        self.refreshed = 0
        self.messages: list[str] = []

    def project_dir(self) -> Path | None:
        return self.folder

    def refresh_project(self) -> None:
        self.refreshed += 1

    def show_message(self, text: str) -> None:
        self.messages.append(text)

    def open_file(self, path, line=None) -> None:
        pass


@pytest.fixture
def open_dialog(registry, qtbot):
    command = next(c for c in registry.commands if c.id == "library")

    def open_for(folder: Path | None):
        window = FakeWindow(folder)
        dialog = command.callback(window)
        qtbot.addWidget(dialog)
        return window, dialog

    return open_for


def _choose(dialog, text: str) -> None:
    dialog.search.setText(text)
    assert dialog.packages.count() == 1


def test_the_dialog_adds_a_package_to_the_project(open_dialog, qtbot, pypi, seeded_index, project):
    window, dialog = open_dialog(project)
    _choose(dialog, "demo")
    with qtbot.waitSignal(dialog.task_done, timeout=TIMEOUT):
        dialog.add_button.click()
        assert dialog.busy.isVisibleTo(dialog) and not dialog.add_button.isEnabled()
    assert (project / "demo.py").read_bytes() == DEMO_V2["demo.py"]
    assert [(r["name"], r["version"]) for r in record(project)] == [("haas-python-demo", "1.1.0")]
    assert window.refreshed == 1
    assert dialog.installed.count() == 1 and "Added haas-python-demo" in dialog.status.text()
    assert not dialog.busy.isVisibleTo(dialog) and dialog.add_button.isEnabled()


def test_the_dialog_removes_a_package(open_dialog, qtbot, pypi, seeded_index, project, lib):
    lib("add", "demo", "--dir", project)
    window, dialog = open_dialog(project)
    dialog.installed.setCurrentRow(0)
    with qtbot.waitSignal(dialog.task_done, timeout=TIMEOUT):
        dialog.remove_button.click()
    assert not (project / "demo.py").exists() and dialog.installed.count() == 0
    assert window.refreshed == 1


def test_the_dialog_refreshes_the_package_list(open_dialog, qtbot, pypi, seeded_index, project):
    _window, dialog = open_dialog(project)
    _choose(dialog, "demo")
    assert [dialog.versions.itemData(i) for i in range(dialog.versions.count())] == [None, "1.0.0"]
    with qtbot.waitSignal(dialog.task_done, timeout=TIMEOUT):
        dialog.refresh_button.click()
    assert [dialog.versions.itemText(i) for i in range(dialog.versions.count())] == ["latest", "1.1.0", "1.0.0"]
    assert "The list now has 2 packages." == dialog.status.text()


def test_an_error_is_shown_with_its_hint(open_dialog, qtbot, pypi, seeded_index, project):
    pypi.stop()
    _window, dialog = open_dialog(project)
    _choose(dialog, "demo")
    with qtbot.waitSignal(dialog.task_done, timeout=TIMEOUT):
        dialog.add_button.click()
    box = dialog.findChild(QMessageBox)
    assert "Could not download x.tar.gz" in box.text() and "Connect to the internet once" in box.informativeText()
    box.close()
    assert dialog.add_button.isEnabled() and not (project / "demo.py").exists()


def test_without_a_project_the_dialog_says_so(open_dialog):
    _window, dialog = open_dialog(None)
    assert not dialog.add_button.isEnabled() and not dialog.remove_button.isEnabled()
    assert dialog.refresh_button.isEnabled() and dialog.packages.count() > 0
    assert any("No project is open" in label.text() for label in dialog.findChildren(type(dialog.status)))


def test_a_pinned_version_from_the_list(open_dialog, qtbot, pypi, seeded_index, project):
    _window, dialog = open_dialog(project)
    _choose(dialog, "demo")
    dialog.versions.setCurrentIndex(dialog.versions.findData("1.0.0"))
    with qtbot.waitSignal(dialog.task_done, timeout=TIMEOUT):
        dialog.add_button.click()
    assert record(project)[0]["version"] == "1.0.0"
