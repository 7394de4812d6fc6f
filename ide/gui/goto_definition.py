"""Go to definition (F12, Ctrl+click) in Python buffers, answered by jedi off the UI thread.

jedi looks the name up with the same project and search path as completion (the project folder,
then the HaaS stubs in `ide/stubs/`), following imports. A definition is opened when it is in
the buffer itself, in a module of the project or in a HaaS stub (opened read-only: the stubs
describe the firmware, they are not the user's to change). A name defined elsewhere (Python's
own built-ins) or not defined at all is reported in the status bar. Answers that arrive after
the buffer changed are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent

from ide.gui.completion import STUBS_DIR, jedi_environment, jedi_project
from ide.gui.editor_worker import FAILED, submit
from ide.i18n import _

WATCHED = "_definition_clicks_watched"


@dataclass(frozen=True)
class Definition:
    """Where a name is defined: `path` None means the buffer itself; `line` 1-based, `column` 0-based."""

    path: Path | None
    line: int
    column: int


@dataclass(frozen=True)
class Lookup:
    """The question and its answer: `definition` None with `elsewhere` True when the name is
    defined outside the project and the stubs, None with `elsewhere` False when jedi found nothing."""

    name: str
    version: int
    definition: Definition | None = None
    elsewhere: bool = False


def inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and path.resolve().is_relative_to(folder.resolve())


def find_definition(text: str, path: str | None, project_dir: str | None, line: int, column: int,
                    name: str = "", version: int = 0) -> Lookup:
    """Ask jedi where the name at 1-based `line`, 0-based `column` is defined (runs on the pool thread)."""
    import jedi

    script = jedi.Script(text, path=path, project=jedi_project(project_dir), environment=jedi_environment())
    names = script.goto(line, column, follow_imports=True)
    project = Path(project_dir) if project_dir else None
    own = Path(path) if path else None
    for found in names:
        if found.in_builtin_module():
            continue
        module = found.module_path
        if module is None or (own is not None and module == own):
            return Lookup(name, version, Definition(None, found.line or 1, found.column or 0))
        if inside(module, project) or inside(module, STUBS_DIR):
            return Lookup(name, version, Definition(Path(module), found.line or 1, found.column or 0))
    return Lookup(name, version, elsewhere=bool(names))


class GoToDefinition(QObject):
    """F12 and Ctrl+click for the editors of one window; `open_definition(definition)` shows the place."""

    def __init__(self, parent: QObject, open_definition: Callable[[object, Definition], None],
                 show_message: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.open_definition = open_definition
        self.show_message = show_message
        self.last: Lookup | None = None  # the last answer (tests wait for it)

    def request(self, editor, pos: int | None = None) -> bool:
        """Look up the name at byte position `pos` (the caret) of `editor`; False when there is none."""
        if editor.language != "python":
            return False
        pos = editor.currentPos() if pos is None else pos
        start, end = editor.wordStartPosition(pos, True), editor.wordEndPosition(pos, True)
        if start == end:
            self.show_message(_("Put the cursor on a name to go to its definition."))
            return False
        line = editor.lineFromPosition(start)
        column = len(bytes(editor.textRange(editor.positionFromLine(line), start)).decode("utf-8", "replace"))
        name = bytes(editor.textRange(start, end)).decode("utf-8", "replace")
        project = editor.project_dir or (editor.path.parent if editor.path is not None else None)
        args = (editor.text(), str(editor.path) if editor.path else None, str(project) if project else None,
                line + 1, column, name, editor.text_version())
        submit("jedi", lambda: find_definition(*args), lambda result, e=editor: self._answered(e, result))
        return True

    def _answered(self, editor, result) -> None:
        if result is FAILED:
            self.show_message(_("Go to definition failed; the log has the details."))
            return
        self.last = result
        if result.version != editor.text_version():
            return  # the buffer changed meanwhile: the answer is about text that is gone
        if result.definition is not None:
            self.open_definition(editor, result.definition)
        elif result.elsewhere:
            self.show_message(_("{name} is defined outside the project and the HaaS stubs.").format(name=result.name))
        else:
            self.show_message(_("No definition found for {name}.").format(name=result.name))

    # -- Ctrl+click ----------------------------------------------------------------------------
    def watch(self, editor) -> None:
        """Make Ctrl+click on a name in `editor` go to its definition (once per editor)."""
        if not getattr(editor, WATCHED, False):  # not setProperty: Scintilla's shadows QObject's
            setattr(editor, WATCHED, True)
            editor.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton \
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            editor = watched.parent()
            point = event.position().toPoint()
            pos = editor.positionFromPoint(point.x(), point.y())
            editor.gotoPos(pos)
            self.request(editor, pos)
            return True
        return False
