"""Test-wide set-up: Qt runs headless unless a test asks for a real display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
