"""The New Project wizard's second page: which solution template to start from.

The templates that have a variant for the board picked on the first page
(`ide.core.templates.templates_for_board`), each with its name, whether it needs Alibaba Cloud and
the hardware it needs, in the interface language; the selected one's description is shown below.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWizardPage

from ide.core.templates import Template, templates_for_board
from ide.i18n import _, language

ID_ROLE = Qt.ItemDataRole.UserRole
DEFAULT_TEMPLATE = "helloworld"


def hardware_text(template: Template, lang: str) -> str:
    return ", ".join(template.hardware_list(lang)) or _("nothing but the board")


def details_text(template: Template, lang: str) -> str:
    """The description, the hardware needed and whether the cloud is needed, one paragraph each."""
    cloud = (_("Needs Alibaba Cloud IoT: the next page asks for Wi-Fi and the device's credentials.")
             if template.cloud else _("Works without the cloud."))
    return "\n\n".join([template.description(lang),
                        _("Hardware needed: {hardware}").format(hardware=hardware_text(template, lang)), cloud])


class TemplatePage(QWizardPage):
    """The templates for the board `board_id()` returns; `template()` is the selected one.

    `next_page(template)` gives the id of the page after this one (the parameters page is skipped
    for templates without parameters)."""

    def __init__(self, board_id: Callable[[], str | None], next_page: Callable[[Template], int],
                 template_id: str | None = None) -> None:
        super().__init__()
        self.setObjectName("wizard-template-page")
        self.setTitle(_("Template"))
        self.setSubTitle(_("Pick a solution template to start from."))
        self._board_id = board_id
        self._next_page = next_page
        self._wanted = template_id or DEFAULT_TEMPLATE
        self._shown_for: str | None = None
        self.templates: dict[str, Template] = {}
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("wizard-templates")
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_("Template"), _("Cloud"), _("Hardware needed")])
        self.details = QLabel(self)
        self.details.setObjectName("wizard-template-details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        self.tree.currentItemChanged.connect(self._changed)

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        """Fill the list for the board picked on the first page (kept when the board is the same)."""
        board_id = self._board_id()
        if board_id == self._shown_for:
            return
        keep = self.template_id() or self._wanted
        self._shown_for = board_id
        self.tree.clear()
        self.templates = {t.id: t for t in templates_for_board(board_id)} if board_id else {}
        lang = language()
        for template in self.templates.values():
            item = QTreeWidgetItem([template.name(lang), _("yes") if template.cloud else _("no"),
                                    hardware_text(template, lang)])
            item.setData(0, ID_ROLE, template.id)
            item.setToolTip(0, template.description(lang))
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        if not self.select(keep) and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._changed()

    def select(self, template_id: str) -> bool:
        """Select `template_id` in the list; False when the board has no such template."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.data(0, ID_ROLE) == template_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def template_id(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, ID_ROLE)

    def template(self) -> Template | None:
        return self.templates.get(self.template_id() or "")

    def _changed(self) -> None:
        template = self.template()
        self.details.setText("" if template is None else details_text(template, language()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return self.template() is not None

    def nextId(self) -> int:  # noqa: N802 (Qt's name)
        template = self.template()
        return super().nextId() if template is None else self._next_page(template)
