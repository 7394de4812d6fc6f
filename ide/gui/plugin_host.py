"""Puts what plugins contributed into the main window: menu commands, dock panels, console
listeners, and a status-bar notice for plugin failures.

Plugins get `PluginWindow`, a small facade over the main window (the `window` of ide.api), never
the window itself. Dock panels are built the first time they are shown, so plugins cost nothing
at start-up until used. Console listeners receive the board's output as text lines, batched on a
timer, so a flood costs one call per batch.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMessageBox, QToolButton, QWidget

from ide.core.plugins import Problem, Registry
from ide.core.textlines import TextLines
from ide.i18n import _

LISTENER_INTERVAL_MS = 50
AREAS = {"left": Qt.DockWidgetArea.LeftDockWidgetArea, "right": Qt.DockWidgetArea.RightDockWidgetArea,
         "bottom": Qt.DockWidgetArea.BottomDockWidgetArea}


class PluginWindow:
    """What a plugin's command or panel may do with the main window."""

    def __init__(self, main_window) -> None:
        self.widget = main_window

    def project_dir(self) -> Path | None:
        return self.widget.project_dir

    def open_file(self, path, line: int | None = None) -> None:
        self.widget.open_file(Path(path), line)

    def show_message(self, text: str, milliseconds: int = 5000) -> None:
        self.widget.statusBar().showMessage(text, milliseconds)

    def refresh_project(self) -> None:
        if self.widget.project_dir is not None:
            self.widget.project_tree.set_root(self.widget.project_dir)

    def deploy(self) -> None:
        self.widget.deploy()


class PluginHost(QObject):
    """Installs a registry's contributions into `main_window`."""

    problem = Signal(object)  # a Problem, from any thread

    def __init__(self, main_window, registry: Registry) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.registry = registry
        self.window = PluginWindow(main_window)
        self.actions: dict[str, QAction] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.theme = ""  # set by the settings; "" until then
        self._lines = TextLines()
        self._pending: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LISTENER_INTERVAL_MS)
        self._timer.timeout.connect(self._deliver_lines)
        self._build_notice()
        self.problem.connect(self._show_problem)
        main_window.destroyed.connect(registry.on_problem(self.problem.emit))
        for problem in registry.problems:
            self._show_problem(problem, quiet=True)

    def install(self) -> None:
        for command in self.registry.commands:
            self._add_command(command)
        for dock in self.registry.docks:
            self._add_dock(dock)
        if self.registry.console_listeners:
            self.main_window.worker.events.output.connect(self.feed_output)

    # -- commands and docks ------------------------------------------------------------------
    def _add_command(self, command) -> None:
        action = QAction(command.text, self.main_window)
        action.setObjectName(f"plugin-{command.plugin}-{command.id}")
        if command.shortcut:
            action.setShortcut(QKeySequence(command.shortcut))
        if command.tip:
            action.setToolTip(command.tip)
        action.triggered.connect(lambda _checked=False, c=command: c.callback(self.window))
        menu = self.main_window.menu(command.menu)
        before = self.main_window.settings_action if command.menu == "tools" else None
        if before is not None:
            menu.insertAction(before, action)  # Settings... stays last
        else:
            menu.addAction(action)
        if command.toolbar:
            self.main_window.device_toolbar.addAction(action)
        self.actions[f"{command.plugin}.{command.id}"] = action

    def _add_dock(self, dock) -> None:
        widget = QDockWidget(dock.title, self.main_window)
        widget.setObjectName(f"plugin-{dock.plugin}-{dock.id}")
        widget.setWidget(QWidget(widget))
        widget.built = False
        self.main_window.addDockWidget(AREAS[dock.area], widget)
        widget.hide()
        widget.visibilityChanged.connect(lambda visible, w=widget, d=dock: visible and self._build_dock(w, d))
        self.main_window.view_menu.addAction(widget.toggleViewAction())
        self.docks[f"{dock.plugin}.{dock.id}"] = widget

    def _build_dock(self, widget: QDockWidget, dock) -> None:
        if widget.built:
            return
        widget.built = True
        content = dock.factory(self.window)
        if not isinstance(content, QWidget):
            content = QLabel(_("Plugin {plugin} could not build this panel; the reason is in the plugin "
                               "problems (status bar).").format(plugin=dock.plugin), widget)
            content.setWordWrap(True)
        widget.setWidget(content)
        self._theme_panel(content)

    def set_theme(self, theme: str) -> None:
        """Tell the plugins' panels the IDE's colour theme ("light" or "dark")."""
        self.theme = theme
        for dock in self.docks.values():
            if dock.built:
                self._theme_panel(dock.widget())

    def _theme_panel(self, panel: QWidget) -> None:
        if self.theme and callable(getattr(panel, "set_theme", None)):
            panel.set_theme(self.theme)

    # -- console listeners -------------------------------------------------------------------
    def feed_output(self, data: bytes) -> None:
        self._pending += self._lines.feed(data)
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def _deliver_lines(self) -> None:
        lines, self._pending = self._pending, []
        for _plugin, listener in self.registry.console_listeners:
            listener(lines)

    def flush_lines(self) -> None:
        """Deliver the lines waiting for the timer now (tests)."""
        self._timer.stop()
        if self._pending:
            self._deliver_lines()

    # -- problems ----------------------------------------------------------------------------
    def _build_notice(self) -> None:
        self.notice = QToolButton(self.main_window)
        self.notice.setObjectName("plugin-problems")
        self.notice.setAutoRaise(True)
        self.notice.clicked.connect(self.show_problems)
        self.notice.hide()
        self.main_window.statusBar().addPermanentWidget(self.notice)

    def _show_problem(self, problem: Problem, quiet: bool = False) -> None:
        count = len(self.registry.problems)
        self.notice.setText(_("Plugin problems: {count}").format(count=count))
        self.notice.setToolTip(problem.message)
        self.notice.show()
        if not quiet:
            self.main_window.statusBar().showMessage(problem.message, 15000)

    def show_problems(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Plugin problems"),
                          "\n\n".join(p.message for p in self.registry.problems), parent=self.main_window)
        box.setInformativeText(_("The IDE and the other plugins keep working. Plugins can be turned off in "
                                 "Settings > Plugins."))
        box.setDetailedText("\n\n".join(f"[{p.plugin}] {p.message}\n{p.details}" for p in self.registry.problems))
        box.open()
        self.problems_box = box
