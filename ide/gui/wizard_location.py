"""The New Project wizard's last page: where the project goes (parent folder + project name).

The page says which folder will be created and refuses, with a clear message, a name that is not
a valid folder name or a folder that already exists and is not empty. Pressing Create calls
`create()`, whose error (message and hint) is shown on the page; the wizard stays open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget, QWizardPage)

from ide.gui.widgets import info_label
from ide.i18n import _

# Characters no folder name may hold on one of the supported systems (Windows is the strictest).
_BAD_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def default_parent() -> Path:
    return Path.home() / "HaaSProjects"


def problem_with(parent: str, name: str) -> str:
    """Why the project cannot go to `parent`/`name` ("" when it can)."""
    if not parent.strip():
        return _("Choose the folder that will hold the project.")
    if not name.strip():
        return _("Give the project a name.")
    if name != name.strip() or name in (".", "..") or _BAD_NAME.search(name) or name.endswith("."):
        return _("\"{name}\" cannot be a folder name: leave out < > : \" / \\ | ? * and leading or "
                 "trailing spaces.").format(name=name)
    dest = Path(parent).expanduser() / name
    if dest.exists() and not dest.is_dir():
        return (_("{path} exists and is not a folder.").format(path=dest) + " "
                + _("Choose a new folder for the project."))
    if dest.is_dir() and any(dest.iterdir()):
        return (_("{path} is not empty.").format(path=dest) + " "
                + _("Choose a new or empty folder for the project."))
    return ""


def free_name(parent: Path, base: str) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first that is not a non-empty folder in `parent`."""
    name, number = base, 1
    while problem_with(str(parent), name):
        number += 1
        name = f"{base}-{number}"
        if number > 999:
            return base
    return name


class LocationPage(QWizardPage):
    """Parent folder and project name; `destination()` is the project folder."""

    def __init__(self, template_id: Callable[[], str | None], create: Callable[[Path], str],
                 parent_dir: str | Path | None = None) -> None:
        super().__init__()
        self.setObjectName("wizard-location-page")
        self.setTitle(_("Location"))
        self.setSubTitle(_("Where the project folder is created."))
        self._template_id = template_id
        self._create = create
        self._named_for: str | None = None
        self._name_edited = False
        self.parent_edit = QLineEdit(str(parent_dir or default_parent()), self)
        self.parent_edit.setObjectName("wizard-parent")
        self.browse_button = QPushButton(_("Browse..."), self)
        self.browse_button.setObjectName("wizard-browse")
        self.browse_button.setToolTip(_("Choose the folder that will hold the project"))
        self.browse_button.clicked.connect(self._browse)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("wizard-name")
        self.name_edit.textEdited.connect(self._name_typed)
        self.summary = self._label("wizard-location-summary")
        self.error = self._label("wizard-location-error")
        self.error.setStyleSheet("color: #c62828;")
        self._lay_out()
        self.parent_edit.textChanged.connect(self._update)
        self.name_edit.textChanged.connect(self._update)

    def _label(self, name: str) -> QLabel:
        return info_label(self, name)

    def _lay_out(self) -> None:
        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.parent_edit, 1)
        row_layout.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(_("Create in:"), row)
        form.addRow(_("Project name:"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        """Name the project after the template, unless the user typed a name already."""
        template_id = self._template_id() or "project"
        if not self._name_edited and template_id != self._named_for:
            self._named_for = template_id
            self.name_edit.setText(free_name(Path(self.parent_edit.text()).expanduser(), template_id))
        self._update()

    def _name_typed(self) -> None:
        self._name_edited = True

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the new project"), self.parent_edit.text())
        if folder:
            self.parent_edit.setText(folder)

    def destination(self) -> Path:
        return Path(self.parent_edit.text()).expanduser() / self.name_edit.text()

    def problem(self) -> str:
        return problem_with(self.parent_edit.text(), self.name_edit.text())

    def _update(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        self.summary.setText("" if problem else _("The project will be created in {path}.")
                             .format(path=self.destination()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return not self.problem()

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        """Create the project; on failure show why and stay on the page."""
        problem = self.problem() or self._create(self.destination())
        self.error.setText(problem)
        return not problem
