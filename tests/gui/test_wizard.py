"""The New Project wizard end to end: board, template, parameters, location, then a real project."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWizard

from ide import i18n
from ide.core.project import CREDENTIALS_FILE
from ide.gui.wizard import LOCATION_PAGE, PARAMETERS_PAGE, TEMPLATE_PAGE, NewProjectWizard
from tests.test_i18n import untranslated, visible_texts

SIGNAL_TIMEOUT = 5000
FINISH = QWizard.WizardButton.FinishButton
NEXT = QWizard.WizardButton.NextButton


@pytest.fixture
def make_wizard(qtbot, tmp_path):
    def make(**options) -> NewProjectWizard:
        wizard = NewProjectWizard(parent_dir=tmp_path / "projects", **options)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard

    return make


def go_to_location(qtbot, wizard: NewProjectWizard, board_id: str, template_id: str) -> None:
    assert wizard.board_page.select(board_id)
    assert wizard.button(NEXT).isEnabled()
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == TEMPLATE_PAGE
    assert wizard.template_page.select(template_id)
    wizard.next()


def finish(qtbot, wizard: NewProjectWizard) -> str:
    assert wizard.button(FINISH).isEnabled(), wizard.location_page.error.text()
    with qtbot.waitSignal(wizard.project_created, timeout=SIGNAL_TIMEOUT) as created:
        wizard.button(FINISH).click()
    assert not wizard.isVisible()
    return created.args[0]


def template_names(wizard: NewProjectWizard) -> list[str]:
    tree = wizard.template_page.tree
    return [tree.topLevelItem(row).text(0) for row in range(tree.topLevelItemCount())]


def test_helloworld_for_esp32_devkitc_skips_the_parameters(qtbot, make_wizard, tmp_path):
    wizard = make_wizard()
    assert wizard.board_id() == "virtual"  # no hardware: the default
    go_to_location(qtbot, wizard, "esp32-devkitc", "helloworld")
    assert wizard.currentId() == LOCATION_PAGE  # helloworld has no parameters
    assert wizard.location_page.name_edit.text() == "helloworld"
    assert str(tmp_path / "projects" / "helloworld") in wizard.location_page.summary.text()
    path = finish(qtbot, wizard)
    assert path == wizard.created_path == str(tmp_path / "projects" / "helloworld")
    project = tmp_path / "projects" / "helloworld"
    assert (project / "main.py").is_file()
    assert json.loads((project / "board.json").read_text(encoding="utf-8"))["name"]
    assert not (project / CREDENTIALS_FILE).exists()
    settings = json.loads((project / ".haas-ide" / "project.json").read_text(encoding="utf-8"))
    assert settings["board"] == "esp32-devkitc" and settings["template"] == "helloworld"


def test_remote_led_with_parameters(qtbot, make_wizard, tmp_path):
    wizard = make_wizard()
    go_to_location(qtbot, wizard, "esp32-devkitc", "remote-led")
    assert wizard.currentId() == PARAMETERS_PAGE
    editors = wizard.parameters_page.editors
    assert list(editors) == ["wifi_ssid", "wifi_password", "region", "product_key", "device_name", "device_secret"]
    assert editors["wifi_password"].echoMode() == QLineEdit.EchoMode.Password
    assert editors["device_secret"].echoMode() == QLineEdit.EchoMode.Password
    assert editors["wifi_ssid"].echoMode() == QLineEdit.EchoMode.Normal
    assert editors["region"].placeholderText() == "cn-shanghai"
    wizard.parameters_page.show_secrets.setChecked(True)
    assert editors["wifi_password"].echoMode() == QLineEdit.EchoMode.Normal
    typed = {"wifi_ssid": "Lab 5G", "wifi_password": "pa ss:word", "product_key": "a1B2c3D4e5F",
             "device_name": "led-01", "device_secret": "s3cr3t"}
    for key, value in typed.items():
        qtbot.keyClicks(editors[key], value)
    # region stays empty: the template's default applies
    wizard.next()
    assert wizard.currentId() == LOCATION_PAGE
    wizard.location_page.name_edit.clear()
    qtbot.keyClicks(wizard.location_page.name_edit, "my-led")
    path = finish(qtbot, wizard)
    credentials = json.loads((tmp_path / "projects" / "my-led" / CREDENTIALS_FILE).read_text(encoding="utf-8"))
    assert credentials == {**typed, "region": "cn-shanghai"}
    assert path == str(tmp_path / "projects" / "my-led")


def test_typed_parameters_survive_going_back(qtbot, make_wizard):
    wizard = make_wizard()
    go_to_location(qtbot, wizard, "virtual", "remote-led")
    qtbot.keyClicks(wizard.parameters_page.editors["wifi_ssid"], "HomeNet")
    wizard.back()
    wizard.template_page.select("smart-fan")
    wizard.next()
    assert wizard.parameters_page.editors["wifi_ssid"].text() == "HomeNet"
    assert wizard.values() == {"wifi_ssid": "HomeNet"}


def test_a_non_empty_folder_is_refused(qtbot, make_wizard, tmp_path):
    taken = tmp_path / "projects" / "helloworld"
    taken.mkdir(parents=True)
    (taken / "notes.txt").write_text("mine\n")
    wizard = make_wizard()
    go_to_location(qtbot, wizard, "virtual", "helloworld")
    page = wizard.location_page
    assert page.name_edit.text() == "helloworld-2"  # a free name is proposed
    page.name_edit.setText("helloworld")
    assert not wizard.button(FINISH).isEnabled()
    assert page.error.text() == (f"{taken} is not empty. Choose a new or empty folder for the project.")
    assert page.summary.text() == ""
    assert not page.validatePage()  # even if Create were pressed
    assert sorted(p.name for p in taken.iterdir()) == ["notes.txt"]
    page.name_edit.setText("bad/name")
    assert "cannot be a folder name" in page.error.text()
    page.name_edit.setText("helloworld-2")
    assert page.error.text() == "" and wizard.button(FINISH).isEnabled()


def test_an_error_while_creating_is_shown_with_its_hint(qtbot, make_wizard, tmp_path, monkeypatch):
    from ide.core.errors import ProjectError

    def failing(*_args, **_kwargs):
        raise ProjectError("Cannot create the project here.", "Choose another folder.")

    monkeypatch.setattr("ide.gui.wizard.create_project", failing)
    wizard = make_wizard()
    go_to_location(qtbot, wizard, "virtual", "helloworld")
    wizard.button(FINISH).click()
    assert wizard.isVisible() and wizard.currentId() == LOCATION_PAGE
    assert wizard.location_page.error.text() == "Cannot create the project here. Choose another folder."
    assert wizard.created_path is None


def test_chinese_interface(qtbot, make_wizard):
    i18n.set_language("zh_CN")
    wizard = make_wizard()
    assert wizard.windowTitle() == "新建项目"
    tree = wizard.board_page.tree
    boards = [tree.topLevelItem(row).text(0) for row in range(tree.topLevelItemCount())]
    assert "虚拟开发板（HaaS Python ESP32）" in boards and "ESP32-DevKitC 开发板" in boards
    go_to_location(qtbot, wizard, "virtual", "remote-led")
    names = template_names(wizard)
    assert "你好，世界" in names and "远程控制 LED" in names and "Hello world" not in names
    assert "阿里云" in wizard.template_page.details.text()
    label = wizard.parameters_page.form_widget.layout().labelForField(wizard.parameters_page.editors["wifi_ssid"])
    assert label.text() == "Wi-Fi 名称（SSID）"
    wizard.next()
    texts = visible_texts(wizard)
    assert any(text == "创建(&C)" for _where, text in texts)
    data = {"wizard-board-details", "wizard-template-details", "wizard-location-summary", "wizard-parent",
            "wizard-name", "wizard-parameter-label"}  # board notes, paths, parameter labels: data
    english = [(where, text) for where, text in texts
               if untranslated(text) and not any(f"({name})" in where for name in data)
               ]
    assert not english, english
