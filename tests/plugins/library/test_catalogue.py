"""The CLI speaks Chinese (the catalogue's completeness is checked for every plugin in tests/test_i18n.py)."""

from __future__ import annotations

import pytest

from ide import api
from ide.i18n import set_language

def test_errors_come_in_chinese(lib, pypi, project):
    set_language("zh_CN")
    pypi.stop()
    with pytest.raises(api.IdeError) as error:
        lib("add", "demo", "--dir", project)
    assert "无法连接 PyPI" in error.value.message and "请先联网一次" in error.value.hint
