"""Test-wide set-up: Qt runs headless unless a test asks for a real display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest  # noqa: E402

from ide.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English whatever the machine's locale; tests switch language themselves."""
    set_language("en")
    yield
    set_language("en")
