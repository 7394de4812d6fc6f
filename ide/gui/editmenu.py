"""The Edit menu: undo, redo, cut, copy, paste, select all; find, replace, find in project, go to
line, toggle comment, indent, dedent, go to definition.

Undo to select all act on the widget that last had the keyboard focus (an editor, the console,
an input line). Their keys are that widget's own (Scintilla's and Qt's key maps), so the menu
only shows them and a key press is never taken from, say, the console's Ctrl+C.
The editor's commands act on the current editor tab and their keys work anywhere in the editor
area (the tabs and the find bar), so the console keeps its own Ctrl+F. Find in project
(Ctrl+Shift+F) works in the whole window. The find bar and the Find in project panel are built
the first time they are used.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QComboBox, QDockWidget, QInputDialog, QLineEdit, QMenu, QMenuBar,
                               QPlainTextEdit, QTextEdit, QWidget)

from ide.gui.editor import CodeEditor
from ide.i18n import _

STANDARD = (("undo", QKeySequence.StandardKey.Undo), ("redo", QKeySequence.StandardKey.Redo),
            ("cut", QKeySequence.StandardKey.Cut), ("copy", QKeySequence.StandardKey.Copy),
            ("paste", QKeySequence.StandardKey.Paste), ("selectAll", QKeySequence.StandardKey.SelectAll))
CHANGES_TEXT = frozenset({"undo", "redo", "cut", "paste"})


def standard_texts() -> dict[str, str]:
    """The menu texts of the standard commands."""
    return {"undo": _("&Undo"), "redo": _("&Redo"), "cut": _("Cu&t"), "copy": _("&Copy"), "paste": _("&Paste"),
            "selectAll": _("Select &all")}


def code_editor_in(widget: QWidget | None) -> CodeEditor | None:
    """The CodeEditor a tab shows: the tab itself, or the text beside board.json's form."""
    if isinstance(widget, CodeEditor):
        return widget
    inner = getattr(widget, "editor", None)
    return inner if isinstance(inner, CodeEditor) else None


def can_do(widget: QWidget, command: str) -> bool:
    """Would `command` ("undo", "paste", ...) do something in `widget` now?"""
    if isinstance(widget, CodeEditor):
        checks = {"undo": widget.canUndo, "redo": widget.canRedo, "paste": widget.canPaste}
        if command in CHANGES_TEXT and widget.readOnly():
            return False
        return bool(checks.get(command, lambda: True)())
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        if command in CHANGES_TEXT and widget.isReadOnly():
            return False
        if isinstance(widget, QLineEdit):
            checks = {"undo": widget.isUndoAvailable, "redo": widget.isRedoAvailable}
        else:
            checks = {"undo": widget.document().isUndoAvailable, "redo": widget.document().isRedoAvailable}
        return bool(checks.get(command, lambda: True)())
    return callable(getattr(widget, command, None))


class EditMenu(QObject):
    """Builds the Edit menu of `window` (a MainWindow) between File and View."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.menu = QMenu(_("&Edit"), window)
        self.menu.setObjectName("edit-menu")
        window.menuBar().insertMenu(window.menus["view"].menuAction(), self.menu)
        window.menus["edit"] = self.menu
        self._focus: QWidget | None = None
        self.find_bar = None
        self.find_dock: QDockWidget | None = None
        self.find_panel = None
        self.definitions = None
        self._build_standard()
        self._build_editor_commands()
        self.menu.aboutToShow.connect(self.update_actions)
        window.tabs.currentChanged.connect(self._current_changed)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.update_actions()

    # -- building ----------------------------------------------------------------------------
    def _build_standard(self) -> None:
        texts = standard_texts()
        self.standard_actions: dict[str, QAction] = {}
        for command, key in STANDARD:
            action = QAction(texts[command], self.menu)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown; the focused widget handles it
            action.triggered.connect(lambda _c=False, name=command: self.run_standard(name))
            self.menu.addAction(action)
            self.standard_actions[command] = action
            if command in ("redo", "paste"):
                self.menu.addSeparator()

    def _editor_command(self, text: str, key: str, slot) -> QAction:
        action = QAction(text, self.menu)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self._on_editor(slot))
        self.window.editor_area.addAction(action)
        self.menu.addAction(action)
        return action

    def _build_editor_commands(self) -> None:
        self.menu.addSeparator()
        self.find_action = self._editor_command(_("&Find..."), "Ctrl+F", lambda e: self.open_find_bar(e, False))
        self.replace_action = self._editor_command(_("R&eplace..."), "Ctrl+H", lambda e: self.open_find_bar(e, True))
        self.find_next_action = self._editor_command(_("Find &next"), "F3", lambda e: self.find_bar_for(e).find_next())
        self.find_previous_action = self._editor_command(_("Find pre&vious"), "Shift+F3",
                                                         lambda e: self.find_bar_for(e).find_previous())
        self.find_in_project_action = QAction(_("Find in pro&ject..."), self.menu)
        self.find_in_project_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.find_in_project_action.triggered.connect(self.open_find_in_project)
        self.window.addAction(self.find_in_project_action)
        self.menu.addAction(self.find_in_project_action)
        self.menu.addSeparator()
        self.goto_line_action = self._editor_command(_("&Go to line..."), "Ctrl+G", self.ask_line)
        self.goto_definition_action = self._editor_command(_("Go to &definition"), "F12", self.go_to_definition)
        self.menu.addSeparator()
        self.toggle_comment_action = self._editor_command(_("Toggle co&mment"), "Ctrl+/", lambda e: e.toggle_comment())
        self.indent_action = self._editor_command(_("&Indent"), "Ctrl+]", lambda e: e.shift_indent(1))
        self.dedent_action = self._editor_command(_("&Dedent"), "Ctrl+[", lambda e: e.shift_indent(-1))
        self.editor_actions = [self.find_action, self.replace_action, self.find_next_action, self.find_previous_action,
                               self.goto_line_action, self.goto_definition_action, self.toggle_comment_action,
                               self.indent_action, self.dedent_action]

    # -- which widget --------------------------------------------------------------------------
    def current_editor(self) -> CodeEditor | None:
        return code_editor_in(self.window.tabs.currentWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or isinstance(new, (QMenu, QMenuBar)) or not shiboken6.isValid(self.window):
            return
        if new.window() is self.window:
            self._focus = new

    def focus_target(self) -> QWidget | None:
        """The widget the standard commands act on: the last focused one in the window, else the editor."""
        widget = self._focus
        if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                return widget.lineEdit()
            return code_editor_in(widget) or widget
        return self.current_editor()

    def run_standard(self, command: str) -> bool:
        """Undo, redo, cut, copy, paste or select all in the focus target; False when it cannot."""
        widget = self.focus_target()
        if widget is None or not can_do(widget, command):
            return False
        getattr(widget, command)()
        return True

    def update_actions(self) -> None:
        widget = self.focus_target()
        for command, action in self.standard_actions.items():
            action.setEnabled(widget is not None and can_do(widget, command))
        editor = self.current_editor()
        for action in self.editor_actions:
            action.setEnabled(editor is not None)
        self.goto_definition_action.setEnabled(editor is not None and editor.language == "python")
        self.toggle_comment_action.setEnabled(editor is not None and editor.language == "python")

    def _current_changed(self, _index: int) -> None:
        editor = self.current_editor()
        if self.find_bar is not None:
            self.find_bar.set_editor(editor)
            if editor is None:
                self.find_bar.hide()
        if editor is not None and editor.language == "python":
            project = self.window.project_dir
            if editor.project_dir is None and project is not None and editor.path is not None \
                    and editor.path.resolve().is_relative_to(project.resolve()):
                editor.project_dir = project  # completion and definitions see the whole project
            self._definitions().watch(editor)
        self.update_actions()

    def _on_editor(self, slot) -> None:
        editor = self.current_editor()
        if editor is not None:
            slot(editor)

    # -- find bar ------------------------------------------------------------------------------
    def find_bar_for(self, editor: CodeEditor):
        """The find bar under the editor tabs (built on first use), searching in `editor`."""
        if self.find_bar is None:
            from ide.gui.findbar import FindBar

            self.find_bar = FindBar(self.window.editor_area)
            self.find_bar.hide()
            self.window.editor_area.layout().addWidget(self.find_bar)
        self.find_bar.set_editor(editor)
        return self.find_bar

    def open_find_bar(self, editor: CodeEditor, replace: bool) -> None:
        self.find_bar_for(editor).open(replace)

    # -- go to line, go to definition -------------------------------------------------------
    def ask_line(self, editor: CodeEditor) -> QInputDialog:
        """Ask for a line number (1 to the last line) and put the caret there."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("goto-line-dialog")
        dialog.setWindowTitle(_("Go to line"))
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        count = editor.lineCount()
        dialog.setLabelText(_("Line number (1 to {count}):").format(count=count))
        dialog.setIntRange(1, count)
        dialog.setIntValue(editor.lineFromPosition(editor.currentPos()) + 1)
        dialog.setOkButtonText(_("Go"))
        dialog.setCancelButtonText(_("Cancel"))
        dialog.intValueSelected.connect(lambda line: editor.goto_line(line))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _definitions(self):
        if self.definitions is None:
            from ide.gui.goto_definition import GoToDefinition

            self.definitions = GoToDefinition(self, self.show_definition,
                                              lambda text: self.window.statusBar().showMessage(text, 5000))
        return self.definitions

    def go_to_definition(self, editor: CodeEditor) -> bool:
        return self._definitions().request(editor)

    def show_definition(self, editor: CodeEditor, definition) -> None:
        """Open the file of `definition` (a HaaS stub read-only) and put the caret on the name."""
        from ide.gui.completion import STUBS_DIR
        from ide.gui.goto_definition import inside

        target = editor
        if definition.path is not None and definition.path != editor.path:
            target = code_editor_in(self.window.open_file(definition.path))
            if target is None:
                return
            if inside(definition.path, STUBS_DIR):
                target.setReadOnly(True)
                self.window.tabs.setTabToolTip(self.window.tabs.currentIndex(), _("HaaS stub (read-only)"))
        target.goto_line(definition.line, definition.column + 1)

    # -- find in project -----------------------------------------------------------------------
    def open_find_in_project(self) -> None:
        """Show the Find in project panel (built on first use), seeded with the editor's selection."""
        if self.find_dock is None:
            self._build_find_panel()
        editor = self.current_editor()
        selected = bytes(editor.getSelText()).decode("utf-8", "replace").rstrip("\0") if editor else ""
        self.find_dock.show()
        self.find_dock.raise_()
        self.find_panel.start(selected if "\n" not in selected else "")

    def _build_find_panel(self) -> None:
        from ide.gui.findinfiles import FindInFilesPanel

        window = self.window
        self.find_panel = FindInFilesPanel(lambda: window.project_dir, self.unsaved_buffers)
        self.find_panel.match_chosen.connect(self.show_match)
        self.find_dock = QDockWidget(_("Find in project"), window)
        self.find_dock.setObjectName("find-in-project-dock")
        self.find_dock.setWidget(self.find_panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.find_dock)
        window.tabifyDockWidget(window.console_dock, self.find_dock)
        window.view_menu.addAction(self.find_dock.toggleViewAction())

    def unsaved_buffers(self) -> dict:
        """Path -> text of the open editors with unsaved changes."""
        editors = (code_editor_in(w) for w in self.window.editors())
        return {e.path: e.text() for e in editors if e is not None and e.path is not None and e.is_modified()}

    def show_match(self, match) -> None:
        """Open the match's file with the match selected."""
        editor = code_editor_in(self.window.open_file(match.path, match.line))
        if editor is not None:
            editor.select_in_line(match.line, match.column, match.length)
