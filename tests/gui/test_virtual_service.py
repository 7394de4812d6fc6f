"""Which board the IDE's virtual board plays for a project's board."""

from __future__ import annotations

import pytest

from ide.core.boards import get_board
from ide.gui.virtual_service import simulated_board_for


@pytest.mark.parametrize("board_id, played", [
    ("esp32-devkitc", "virtual"),        # HaaS Python on an ESP32: the generic virtual board
    ("haas-edu-k1", "haas-edu-k1"),      # files travel through its boot window: itself
    ("esp32s3-micropython", "esp32s3-micropython"),  # stock MicroPython: itself, no HaaS layer
    ("rpi-pico", "esp32-micropython"),   # a stock chip it cannot simulate: stock MicroPython all the same
])
def test_the_virtual_board_plays_the_projects_kind_of_board(board_id, played):
    assert simulated_board_for(get_board(board_id).to_json()) == played
