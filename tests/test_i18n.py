"""Every translatable text in ide/ has a Simplified Chinese translation, and the GUI shows no English.

The literals are found the way a translator's tool would: every call `_("literal")` in the
package's source, read with `ast` (implicitly concatenated literals are one string).
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from ide import i18n

PACKAGE = Path(i18n.__file__).resolve().parent
CATALOGUE_DIR = PACKAGE / "locale" / "zh_CN"


def load_catalogue() -> dict[str, str]:
    """All zh_CN files merged; a text translated in two files is an error (they would race)."""
    merged: dict[str, str] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
        twice = set(merged) & set(data)
        assert not twice, f"{path.name} translates again: {sorted(twice)}"
        merged.update(data)
    return merged


def translatable_literals(package: Path = PACKAGE) -> dict[str, str]:
    """Map each `_("...")` literal in `package` (ide/) to the first place it occurs ("path:line")."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                found.setdefault(node.args[0].value, where)
    return found


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_scanner_finds_the_known_literals():
    literals = translatable_literals()
    assert "haas-ide: error: {message}" in literals
    assert "Not connected" in literals
    assert len(literals) > 40


def test_catalogue_is_a_flat_object_of_non_empty_strings():
    data = load_catalogue()
    assert isinstance(data, dict)
    assert all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in data.items())


def test_every_literal_has_a_chinese_translation():
    catalogue = load_catalogue()
    missing = {text: where for text, where in translatable_literals().items() if not catalogue.get(text, "").strip()}
    assert not missing, "untranslated:\n" + "\n".join(f"{where}: {text!r}" for text, where in missing.items())


def test_placeholders_match():
    catalogue = load_catalogue()
    wrong = {text: catalogue[text] for text in translatable_literals()
             if text in catalogue and placeholders(text) != placeholders(catalogue[text])}
    assert not wrong


PLUGINS = sorted(p for p in (PACKAGE.parent / "plugins").iterdir() if (p / "__init__.py").is_file())


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_every_plugin_literal_has_a_chinese_translation(plugin):
    """Shipped plugins keep their own catalogue, plugins/<name>/locale/zh_CN.json."""
    catalogue = json.loads((plugin / "locale" / "zh_CN.json").read_text(encoding="utf-8"))
    literals = translatable_literals(plugin)
    assert literals, "the scanner found no texts"
    assert sorted(set(catalogue) - set(literals)) == []  # nothing stale
    missing = {text: where for text, where in literals.items() if not catalogue.get(text, "").strip()}
    assert not missing, "untranslated:\n" + "\n".join(f"{where}: {text!r}" for text, where in missing.items())
    wrong = {text for text in literals if text in catalogue and placeholders(text) != placeholders(catalogue[text])}
    assert not wrong
    assert all(re.search(r"[\u4e00-\u9fff]", zh) for zh in catalogue.values())


def test_translations_are_chinese():
    catalogue = load_catalogue()
    not_chinese = [text for text, zh in catalogue.items() if not re.search(r"[\u4e00-\u9fff]", zh)]
    assert not not_chinese


@pytest.fixture
def chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(None)


def test_translate_follows_the_language(chinese):
    assert i18n._("Not connected") == "未连接"
    i18n.set_language("en")
    assert i18n._("Not connected") == "Not connected"


# Names and technical words that stay as they are in Chinese text.
ALLOWED = ("HaaS IDE", "HaaS", "MicroPython", "Python", "main.py", "board.json", "PyPI", "CSV", "PNG", "ESP32")
# Code shown as an example (the Plotter's hint) stays code, and so do port names (the port box's hint)
# and key names (a tool tip's shortcut).
CODE = re.compile(r"print\([^)]*\)|/dev/\w+|\bCOM\d+|\b(?:socket|rfc2217)://|\b(?:(?:Ctrl|Shift|Alt)\+)+\w+|\bF\d+\b")
# "文件(&F)" is how Chinese menus show a mnemonic; Qt derives tool tips from it as "文件(F)".
MNEMONIC = re.compile(r"\(&?[A-Z0-9]\)|&(?=\w)")


def untranslated(text: str) -> bool:
    """True when `text` still reads as English: Latin letters outside the allow-list and mnemonics."""
    text = CODE.sub("", text)
    for word in ALLOWED:
        text = text.replace(word, "")
    return bool(re.search(r"[A-Za-z]", MNEMONIC.sub("", text)))


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every text the user can see or hover over in `window`."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (QAbstractButton, QComboBox, QLabel, QMenu, QPlainTextEdit, QTabWidget,
                                   QWidget)

    texts: list[tuple[str, str]] = []
    widgets = [window, *window.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__}({w.objectName()})"
        texts += [(f"{name}.toolTip", w.toolTip()), (f"{name}.statusTip", w.statusTip()),
                  (f"{name}.whatsThis", w.whatsThis())]
        if w.isWindow() or isinstance(w, QMenu) or w.windowTitle():
            texts.append((f"{name}.windowTitle", w.windowTitle()))
        if isinstance(w, (QAbstractButton, QLabel)):
            texts.append((f"{name}.text", w.text()))
        if isinstance(w, QPlainTextEdit):
            texts.append((f"{name}.placeholderText", w.placeholderText()))
        if isinstance(w, QComboBox):
            texts += [(f"{name}.item{i}", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            texts += [(f"{name}.tab{i}", w.tabText(i)) for i in range(w.count())]
            texts += [(f"{name}.tabToolTip{i}", w.tabToolTip(i)) for i in range(w.count())]
        if isinstance(w, QMenu):
            texts.append((f"{name}.title", w.title()))
    actions = set(window.findChildren(QAction))
    for w in widgets:
        actions.update(w.actions())
    for a in actions:
        name = f"QAction({a.text()!r})"
        texts += [(f"{name}.text", a.text()), (f"{name}.toolTip", a.toolTip()),
                  (f"{name}.statusTip", a.statusTip()), (f"{name}.iconText", a.iconText())]
        if a.menu() is not None:
            texts.append((f"{name}.menu.title", a.menu().title()))
    return texts


def test_untranslated_detection():
    assert untranslated("Deploy")
    assert not untranslated("文件(&F)")
    assert not untranslated("打开文件夹(O)")
    assert untranslated("&Open")
    assert not untranslated("关于 HaaS IDE(&A)")
    assert not untranslated("HaaS IDE")
    assert not untranslated("")
    assert not untranslated("输入端口（/dev/ttyUSB0、COM9、socket://主机:端口）")
    assert untranslated("输入 port（COM9）")
    assert not untranslated("中断程序 (Shift+F5 / Ctrl+F2)") and untranslated("中断 Stop (F5)")


def test_main_window_in_chinese_shows_no_english(chinese, qtbot):
    """The walk covers the shipped plugins' commands and panels too (loaded in Chinese, as the
    IDE loads them after setting the language)."""
    from ide.core import plugins
    from ide.gui.mainwindow import MainWindow

    window = MainWindow(connect=False, plugins=plugins.load_plugins())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for dock in window.plugin_host.docks.values():
        dock.show()
        qtbot.waitUntil(lambda dock=dock: dock.built, timeout=5000)
    window.edit_menu.open_find_in_project()  # panels built on first use
    texts = visible_texts(window)
    assert any(text == "未连接" for _, text in texts)
    assert any(text == "文件(&F)" for _, text in texts)
    english = [(where, text) for where, text in texts if untranslated(text)]
    assert not english, english
    assert "欢迎" in window.welcome_page.title_label.text()


def test_the_walk_sees_every_kind_of_text(qtbot):
    """In English the same walk finds the texts of each kind of widget, so it can catch them in Chinese."""
    from ide.gui.mainwindow import MainWindow

    i18n.set_language("en")
    try:
        window = MainWindow()
    finally:
        i18n.set_language(None)
    qtbot.addWidget(window)
    english = {text for _, text in visible_texts(window) if untranslated(text)}
    expected = {"&File", "&Quit", "Welcome", "Console", "Device", "Port:", "Virtual board", "Deploy",
                "Soft-reset the board", "Not connected",
                "Connect a board, or pick the virtual board, to see its output here."}
    assert expected <= english
