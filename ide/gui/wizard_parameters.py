"""The New Project wizard's third page: the template's parameters (Wi-Fi, Alibaba Cloud device).

One line edit per `Template.parameters` entry, labelled in the interface language; secret ones
(passwords, device secret) are masked unless "Show passwords" is ticked. A field left empty keeps
the template's default, shown greyed in it; the values typed are kept when the user goes back and
picks another template with the same parameters. They end up in the project's `credentials.json`.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizardPage

from ide.core.templates import Template
from ide.i18n import _, language


class ParametersPage(QWizardPage):
    """Fields for the parameters of `template()`; `values()` are the non-empty ones by key."""

    def __init__(self, template: Callable[[], Template | None]) -> None:
        super().__init__()
        self.setObjectName("wizard-parameters-page")
        self.setTitle(_("Parameters"))
        self.setSubTitle(_("The Wi-Fi network and the cloud device this project uses."))
        self._template = template
        self._shown_for: str | None = None
        self._typed: dict[str, str] = {}
        self.editors: dict[str, QLineEdit] = {}
        self.form_widget = QWidget(self)
        self.note = QLabel(_("A field left empty keeps the value shown in grey. The values are saved in the "
                             "project's credentials.json, which you can edit later."), self)
        self.note.setObjectName("wizard-parameters-note")
        self.note.setWordWrap(True)
        self.show_secrets = QCheckBox(_("Show passwords"), self)
        self.show_secrets.setObjectName("wizard-show-secrets")
        self.show_secrets.toggled.connect(self._update_echo)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.form_widget)
        self._layout.addWidget(self.show_secrets)
        self._layout.addStretch(1)
        self._layout.addWidget(self.note)

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        template = self._template()
        template_id = template.id if template else None
        if template_id != self._shown_for:
            self._shown_for = template_id
            self._build(template)

    def _build(self, template: Template | None) -> None:
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        self.editors = {}
        lang = language()
        for parameter in template.parameters if template else ():
            edit = QLineEdit(form_widget)
            edit.setObjectName(f"parameter-{parameter.key}")
            edit.setPlaceholderText(parameter.default)
            edit.setText(self._typed.get(parameter.key, ""))
            edit.setProperty("secret", parameter.secret)
            edit.textEdited.connect(lambda text, key=parameter.key: self._typed.__setitem__(key, text))
            label = QLabel(parameter.label(lang), form_widget)
            label.setObjectName("wizard-parameter-label")
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.editors[parameter.key] = edit
        self._layout.replaceWidget(self.form_widget, form_widget)
        self.form_widget.deleteLater()
        self.form_widget = form_widget
        self.show_secrets.setVisible(any(edit.property("secret") for edit in self.editors.values()))
        self._update_echo()

    def _update_echo(self) -> None:
        shown = self.show_secrets.isChecked()
        for edit in self.editors.values():
            secret = bool(edit.property("secret")) and not shown
            edit.setEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)

    def values(self) -> dict[str, str]:
        """The values typed for the current template's parameters (empty fields left out)."""
        return {key: edit.text() for key, edit in self.editors.items() if edit.text()}
