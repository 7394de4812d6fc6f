"""The Find in project panel: a text or regular expression searched in every file of the project.

The search itself is `ide.core.textsearch.search_project`, run on a background thread; files open
with unsaved changes are searched as the editor shows them. Results are grouped by file, with the
line number and the line; a click (or Enter) on a result opens the file there with the match
selected (`match_chosen`). A new search makes earlier answers stale; they are dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from ide.core.textsearch import SearchError, SearchOptions, SearchResult, TextMatch, search_project
from ide.gui.editor_worker import FAILED, submit
from ide.i18n import _

MATCH_ROLE = Qt.ItemDataRole.UserRole
MAX_LINE_SHOWN = 200


class FindInFilesPanel(QWidget):
    """See the module docstring. `project_dir` and `open_buffers` are asked at each search."""

    match_chosen = Signal(object)  # a TextMatch
    finished = Signal(object)      # the SearchResult shown (tests wait for it)

    def __init__(self, project_dir: Callable[[], Path | None],
                 open_buffers: Callable[[], dict[Path, str]] = dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-in-files")
        self.project_dir = project_dir
        self.open_buffers = open_buffers
        self._generation = 0
        self._build()

    def _build(self) -> None:
        self.pattern_edit = QLineEdit(self)
        self.pattern_edit.setObjectName("find-in-files-pattern")
        self.pattern_edit.setPlaceholderText(_("Find in the project's files"))
        self.pattern_edit.setClearButtonEnabled(True)
        self.pattern_edit.returnPressed.connect(self.search)
        self.case_box = QCheckBox(_("Match case"), self)
        self.word_box = QCheckBox(_("Whole words"), self)
        self.regex_box = QCheckBox(_("Regular expression"), self)
        self.search_button = QPushButton(_("Search"), self)
        self.search_button.clicked.connect(self.search)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("find-in-files-status")
        self.results = QTreeWidget(self)
        self.results.setObjectName("find-in-files-results")
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(True)
        self.results.itemClicked.connect(self._item_chosen)
        self.results.itemActivated.connect(self._item_chosen)
        row = QHBoxLayout()
        row.addWidget(self.pattern_edit, 1)
        for widget in (self.case_box, self.word_box, self.regex_box, self.search_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 1)

    def options(self) -> SearchOptions:
        return SearchOptions(self.case_box.isChecked(), self.word_box.isChecked(), self.regex_box.isChecked())

    def start(self, pattern: str = "") -> None:
        """Put the focus in the search field (with `pattern`, if given, all selected)."""
        if pattern:
            self.pattern_edit.setText(pattern)
        self.pattern_edit.setFocus()
        self.pattern_edit.selectAll()

    def search(self) -> bool:
        """Search the project for the field's text; False (and why, in the panel) when it cannot start."""
        folder, pattern, options = self.project_dir(), self.pattern_edit.text(), self.options()
        if folder is None:
            self._status(_("Open a project first: the search looks through its files."))
            return False
        if not pattern:
            self._status(_("Type what to look for."))
            return False
        try:
            options.compile(pattern)
        except SearchError as error:
            self._status(_("Invalid regular expression: {reason}").format(reason=error))
            return False
        self._generation += 1
        generation, buffers = self._generation, self.open_buffers()
        self._status(_("Searching..."))
        submit("search", lambda: search_project(folder, pattern, options, buffers),
               lambda result: self._show(generation, result))
        return True

    def _show(self, generation: int, result) -> None:
        if generation != self._generation:
            return  # a newer search was started
        if result is FAILED:
            self._status(_("The search failed; the log has the details."))
            return
        self.results.clear()
        for rel in result.files():
            self._add_file(rel, [m for m in result.matches if m.rel == rel])
        self._status(self.summary(result))
        self.finished.emit(result)

    def _add_file(self, rel: str, matches: list[TextMatch]) -> None:
        item = QTreeWidgetItem(self.results, [f"{rel}  ({len(matches)})"])
        item.setToolTip(0, str(matches[0].path))
        for match in matches:
            child = QTreeWidgetItem(item, [f"{match.line}:  {match.text.strip()[:MAX_LINE_SHOWN]}"])
            child.setData(0, MATCH_ROLE, match)
        item.setExpanded(True)

    @staticmethod
    def summary(result: SearchResult) -> str:
        if not result.matches:
            return _("No matches in {files} files.").format(files=result.files_searched)
        text = _("{matches} matches in {files} files.").format(matches=len(result.matches), files=len(result.files()))
        if result.truncated:
            text += " " + _("Only the first {count} are shown.").format(count=len(result.matches))
        return text

    def match_items(self) -> list[QTreeWidgetItem]:
        """The result rows (not the file rows), in order."""
        top = [self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount())]
        return [item.child(j) for item in top for j in range(item.childCount())]

    def _item_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        match = item.data(0, MATCH_ROLE)
        if match is not None:
            self.match_chosen.emit(match)

    def _status(self, text: str) -> None:
        self.status_label.setText(text)
