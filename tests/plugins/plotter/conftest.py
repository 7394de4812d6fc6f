"""Fixtures for the Plotter tests: the plugin loaded through the IDE's real loader, a fake window."""

from __future__ import annotations

from pathlib import Path

import pytest

from ide.core import plugins

REPO = Path(__file__).resolve().parents[3]


class FakeWindow:
    """The part of the IDE's plugin `Window` the Plotter uses."""

    def __init__(self, project: Path | None) -> None:
        self.project = project
        self.widget = None
        self.messages: list[str] = []

    def project_dir(self) -> Path | None:
        return self.project

    def show_message(self, text: str) -> None:
        self.messages.append(text)


def load_plotter() -> plugins.Registry:
    """A registry with only the Plotter plugin, loaded from plugins/ as the IDE loads it."""
    candidates = [c for c in plugins.discover(REPO / "plugins", None, []) if c.name == "plotter"]
    return plugins.load_plugins(candidates, set())


@pytest.fixture
def registry() -> plugins.Registry:
    registry = load_plotter()
    assert not registry.problems, registry.problems
    return registry


@pytest.fixture
def listener(registry):
    """The plugin's console listener: call it with a list of lines."""
    (_name, callback), = registry.console_listeners
    return callback


@pytest.fixture
def window(tmp_path) -> FakeWindow:
    return FakeWindow(tmp_path)


@pytest.fixture
def make_panel(qtbot, registry, window):
    """Build the dock's widget through the registry (as the GUI host does on first show) and show it."""

    def make():
        (dock,) = registry.docks
        panel = dock.factory(window)
        assert panel is not None, registry.problems
        qtbot.addWidget(panel)
        panel.resize(640, 400)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make
