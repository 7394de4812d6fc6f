"""The New Project wizard: board -> template -> parameters -> location, then the project is created.

    wizard = NewProjectWizard(main_window, board_id="virtual")
    wizard.project_created.connect(open_project)      # the new project's folder
    wizard.open()

The pages (one module each: `wizard_board`, `wizard_template`, `wizard_parameters`,
`wizard_location`) show boards and templates in the interface language; the parameters page is
skipped for templates without parameters. Create calls `ide.core.templates.create_project`; an
`IdeError` is shown on the last page with its hint and the wizard stays open. After success
`created_path` is the project folder and `project_created(path)` has been emitted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from ide.core.errors import IdeError
from ide.core.templates import Created, Template, create_project
from ide.gui.wizard_board import BoardPage
from ide.gui.wizard_location import LocationPage
from ide.gui.wizard_parameters import ParametersPage
from ide.gui.wizard_template import TemplatePage
from ide.i18n import _

BOARD_PAGE, TEMPLATE_PAGE, PARAMETERS_PAGE, LOCATION_PAGE = range(4)


class NewProjectWizard(QWizard):
    """Creates a project from a template; see the module docstring."""

    project_created = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, board_id: str | None = None,
                 template_id: str | None = None, parent_dir: str | Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new-project-wizard")
        self.setWindowTitle(_("New Project"))
        self.created: Created | None = None
        self.board_page = BoardPage(board_id)
        self.template_page = TemplatePage(self.board_page.board_id, self._page_after_template, template_id)
        self.parameters_page = ParametersPage(self.template_page.template)
        self.location_page = LocationPage(self.template_page.template_id, self._create, parent_dir)
        for page_id, page in ((BOARD_PAGE, self.board_page), (TEMPLATE_PAGE, self.template_page),
                              (PARAMETERS_PAGE, self.parameters_page), (LOCATION_PAGE, self.location_page)):
            self.setPage(page_id, page)
        self.setStartId(BOARD_PAGE)
        self._name_buttons()
        self.resize(720, 520)

    def _name_buttons(self) -> None:
        """Qt's own button texts are English without a Qt translation: name them ourselves."""
        for button, text in ((QWizard.WizardButton.BackButton, _("< &Back")),
                             (QWizard.WizardButton.NextButton, _("&Next >")),
                             (QWizard.WizardButton.CommitButton, _("&Next >")),
                             (QWizard.WizardButton.FinishButton, _("&Create")),
                             (QWizard.WizardButton.CancelButton, _("Cancel")),
                             (QWizard.WizardButton.HelpButton, _("&Help"))):
            self.setButtonText(button, text)

    @staticmethod
    def _page_after_template(template: Template) -> int:
        return PARAMETERS_PAGE if template.parameters else LOCATION_PAGE

    # -- what was chosen ---------------------------------------------------------------------
    def board_id(self) -> str | None:
        return self.board_page.board_id()

    def template_id(self) -> str | None:
        return self.template_page.template_id()

    def values(self) -> dict[str, str]:
        """The parameter values typed (empty fields left out: the template's defaults apply)."""
        template = self.template_page.template()
        return self.parameters_page.values() if template is not None and template.parameters else {}

    @property
    def created_path(self) -> str | None:
        """The new project's folder once it is created, else None."""
        return None if self.created is None else str(self.created.project.path)

    # -- creating ----------------------------------------------------------------------------
    def _create(self, dest: Path) -> str:
        """Create the project in `dest`; "" on success, else the message (and hint) to show."""
        board_id, template_id = self.board_id(), self.template_id()
        if board_id is None or template_id is None:
            return _("Pick a board and a template first.")
        try:
            self.created = create_project(dest, template_id, board_id, self.values())
        except IdeError as error:
            return f"{error.message} {error.hint}".strip()
        except Exception as error:  # a bug: say so rather than close the IDE
            return _("The project could not be created: {reason}").format(reason=f"{type(error).__name__}: {error}")
        self.project_created.emit(self.created_path)
        return ""
