"""Completion and call tips for Python buffers, computed by jedi off the UI thread.

jedi sees the HaaS firmware modules through the stubs shipped in `ide/stubs/` (`driver`,
`aliyunIoT`, `network`, `utime`, ...) and the project's own modules through a `jedi.Project` on
the project folder. Its search path is only the project folder and the stubs folder: a board has
none of the desktop Python's packages, so they are not offered (the standard library's typeshed
stubs still answer for `os`, `time`, ...). jedi runs on a one-thread pool and, for inspecting
compiled modules, in its own subprocess, so it never blocks or alters the UI thread.

Triggers: `.` completes at once, two identifier characters complete after a short pause, `(` and
`,` show the call tip of the call being typed, Ctrl+Space completes on demand. A result is shown
only if the text and the caret are still where they were when it was asked for; otherwise it is
dropped (the next keystroke asks again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ide.gui.editor_worker import FAILED, submit

if TYPE_CHECKING:
    from ide.gui.editor import CodeEditor

STUBS_DIR = Path(__file__).resolve().parents[1] / "stubs"
TYPING_DELAY_MS = 150
WARM_UP_DELAY_MS = 1000
MIN_PREFIX = 2
MAX_SIGNATURES = 3
MAX_DOC_CHARS = 300
# Python lexer styles (SCE_P_*) where typing is prose, not code: comments and strings.
QUIET_STYLES = frozenset({1, 3, 4, 6, 7, 12, 13, 16, 17, 18, 19})
SC_ORDER_CUSTOM = 2
COMPLETE, SIGNATURE = "complete", "signature"


@dataclass(frozen=True)
class Request:
    """What jedi is asked, with enough of the editor's state to tell whether the answer is stale."""

    kind: str
    text: str
    line: int          # 1-based
    column: int        # 0-based, in characters
    prefix: str        # the identifier typed before the caret
    path: str | None
    project_dir: str | None
    version: int
    position: int      # the caret, in Scintilla's byte positions


@dataclass
class Answer:
    request: Request
    names: list[str] = field(default_factory=list)
    call_tip: str = ""
    highlight: tuple[int, int] | None = None   # the current parameter within `call_tip`, in characters


# -- jedi's side (the "jedi" pool thread) ----------------------------------------------------
_environment = None


def jedi_environment():
    """The Python jedi inspects compiled modules in: a subprocess, so the IDE's own `sys.path` is never touched."""
    global _environment
    if _environment is None:
        import jedi

        try:
            _environment = jedi.get_default_environment()
        except Exception:  # a frozen build without a python executable: inspect in-process
            _environment = jedi.InterpreterEnvironment()
    return _environment


def jedi_project(project_dir: str | None):
    """A jedi Project whose search path is the project folder, then the HaaS stubs."""
    import jedi

    folder = Path(project_dir) if project_dir else STUBS_DIR
    return jedi.Project(folder, sys_path=[], added_sys_path=[str(folder), str(STUBS_DIR)], smart_sys_path=False)


def answer(request: Request) -> Answer:
    """jedi's completions or call tip for `request` (runs on the pool thread)."""
    import jedi

    script = jedi.Script(request.text, path=request.path, project=jedi_project(request.project_dir),
                         environment=jedi_environment())
    if request.kind == COMPLETE:
        names = [c.name for c in script.complete(request.line, request.column)]
        if not request.prefix.startswith("_"):
            names = [name for name in names if not name.startswith("__")]
        return Answer(request, names=names)
    return _call_tip(request, script.get_signatures(request.line, request.column))


def _call_tip(request: Request, signatures) -> Answer:
    if not signatures:
        return Answer(request)
    first = signatures[0]
    heads = [signature.to_string() for signature in signatures[:MAX_SIGNATURES]]
    doc = first.docstring(raw=True).strip().split("\n\n")[0][:MAX_DOC_CHARS]
    text = "\n".join(heads + ([doc] if doc else []))
    return Answer(request, call_tip=text, highlight=_parameter_span(heads[0], first))


def _parameter_span(head: str, signature) -> tuple[int, int] | None:
    index = signature.index
    if index is None or index >= len(signature.params):
        return None
    wanted = signature.params[index].to_string()
    start = head.find(wanted, head.find("("))
    return None if start < 0 else (start, start + len(wanted))


# -- the editor's side (UI thread) -----------------------------------------------------------
_warmed_up = False


class Completer(QObject):
    """Completion and call tips for one `CodeEditor` (shown with Scintilla's list and call tip)."""

    completions_shown = Signal(list)
    call_tip_shown = Signal(str)

    def __init__(self, editor: "CodeEditor") -> None:
        super().__init__(editor)
        self.editor = editor
        self.enabled = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_DELAY_MS)
        self.timer.timeout.connect(self._complete_typed)
        editor.autoCSetIgnoreCase(True)
        editor.autoCSetOrder(SC_ORDER_CUSTOM)
        editor.autoCSetMaxHeight(12)
        editor.autoCSetAutoHide(True)
        editor.charAdded.connect(self._on_char_added)
        editor.focusChanged.connect(self._on_focus)

    def active(self) -> bool:
        return self.enabled and self.editor.language == "python"

    def complete(self) -> None:
        """Ask for completions at the caret (what Ctrl+Space does)."""
        if self.active():
            self._ask(COMPLETE)

    def call_tip(self) -> None:
        """Ask for the call tip of the call around the caret."""
        if self.active():
            self._ask(SIGNATURE)

    def _on_char_added(self, code: int) -> None:
        if not self.active() or self._in_prose():
            return
        char = chr(code)
        if char == ".":
            self.timer.stop()
            self._ask(COMPLETE)
        elif char == "(" or (char == "," and self.editor.callTipActive()):
            self._ask(SIGNATURE)
        elif char == ")":
            self.editor.callTipCancel()
        elif (char.isidentifier() or char.isdigit()) and not self.editor.autoCActive():
            self.timer.start()

    def _complete_typed(self) -> None:
        if len(self._prefix(self.editor.currentPos())) >= MIN_PREFIX and not self.editor.autoCActive():
            self._ask(COMPLETE)

    def _in_prose(self) -> bool:
        """Is the caret in a comment or a string (where typing should not pop anything up)?"""
        editor = self.editor
        pos = editor.currentPos()
        if pos == 0:
            return False
        editor.colourise(editor.positionFromLine(editor.lineFromPosition(pos)), pos)
        return editor.styleAt(editor.positionBefore(pos)) in QUIET_STYLES

    def _prefix(self, pos: int) -> str:
        start = self.editor.wordStartPosition(pos, True)
        return bytes(self.editor.textRange(start, pos)).decode("utf-8", "replace")

    def _ask(self, kind: str) -> None:
        submit("jedi", lambda request=self._request(kind): answer(request), self._on_answer)

    def _request(self, kind: str) -> Request:
        editor = self.editor
        pos = editor.currentPos()
        line = editor.lineFromPosition(pos)
        before = bytes(editor.textRange(editor.positionFromLine(line), pos)).decode("utf-8", "replace")
        project = editor.project_dir or (editor.path.parent if editor.path is not None else None)
        return Request(kind, editor.text(), line + 1, len(before), self._prefix(pos),
                       str(editor.path) if editor.path is not None else None,
                       str(project) if project is not None else None, editor.text_version(), pos)

    def _on_answer(self, result) -> None:
        if result is FAILED:
            return
        request = result.request
        if request.version != self.editor.text_version() or request.position != self.editor.currentPos():
            return  # stale: the user typed or moved on
        if request.kind == COMPLETE:
            self._show_completions(result)
        else:
            self._show_call_tip(result)

    def _show_completions(self, result: Answer) -> None:
        if not result.names:
            return
        editor = self.editor
        pos = result.request.position
        editor.autoCShow(pos - editor.wordStartPosition(pos, True), " ".join(result.names))
        self.completions_shown.emit(result.names)

    def _show_call_tip(self, result: Answer) -> None:
        if not result.call_tip:
            return
        editor = self.editor
        editor.callTipShow(result.request.position, result.call_tip)
        if result.highlight is not None:
            start, end = result.highlight
            offset = len(result.call_tip[:start].encode("utf-8"))
            editor.callTipSetHlt(offset, offset + len(result.call_tip[start:end].encode("utf-8")))
        self.call_tip_shown.emit(result.call_tip)

    def _on_focus(self, focused: bool) -> None:
        """A second after an editor first gets the focus, load jedi and the stubs in the background
        (not at once: start-up stays quick, and a window closed at once waits for nothing)."""
        if focused and not _warmed_up and self.active():
            QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)

    def _warm_up(self) -> None:
        global _warmed_up
        if not _warmed_up:
            _warmed_up = True
            request = Request(COMPLETE, "import driver\ndriver.", 2, 7, "", None, None, -1, -1)
            submit("jedi", lambda: answer(request), self._on_answer)
