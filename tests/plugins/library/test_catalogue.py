"""The plugin's Chinese catalogue covers every user-facing text, and the CLI speaks Chinese."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from ide import api
from ide.i18n import set_language

PLUGIN_DIR = Path(__file__).resolve().parents[3] / "plugins" / "library"


def _texts() -> set[str]:
    found = set()
    for path in PLUGIN_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_text_has_a_chinese_translation_with_the_same_placeholders():
    catalogue = json.loads((PLUGIN_DIR / "locale" / "zh_CN.json").read_text(encoding="utf-8"))
    texts = _texts()
    assert texts - set(catalogue) == set()
    assert set(catalogue) - texts == set()
    for english, chinese in catalogue.items():
        assert sorted(re.findall(r"{\w+}", english)) == sorted(re.findall(r"{\w+}", chinese)), english


def test_errors_come_in_chinese(lib, pypi, project):
    set_language("zh_CN")
    pypi.stop()
    with pytest.raises(api.IdeError) as error:
        lib("add", "demo", "--dir", project)
    assert "无法连接 PyPI" in error.value.message and "请先联网一次" in error.value.hint
