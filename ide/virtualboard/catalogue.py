"""Which catalogue boards the virtual board can be, read from the board files alone (light to
import: `haas-ide`'s argument parser lists them without loading the board's engine)."""

from __future__ import annotations

import json

CHIPS = {"esp32": "ESP32", "esp32c3": "ESP32C3", "esp32s3": "ESP32S3", "haas1000": "HaaS1000", "haas200": "HaaS200"}
FIRMWARE_VARIANTS = ("v2.2", "legacy", "stock")


def _shipped_boards() -> dict[str, tuple[str, int, bool]]:
    """Board id -> (chip, flash size, runs HaaS Python) of every shipped catalogue board with a
    simulated chip."""
    from ide.core.boards import BOARDS_DIR, board_from_json

    paths = sorted(BOARDS_DIR.glob("*.json"))
    boards = (board_from_json(json.loads(path.read_text(encoding="utf-8"))) for path in paths)
    return {board.id: (board.chip, board.flash_size, bool(board.firmware)) for board in boards if board.chip in CHIPS}


_SHIPPED = _shipped_boards()
BOARD_CHIPS = {board_id: chip for board_id, (chip, _size, _haas) in _SHIPPED.items()}
BOARD_FLASH_SIZES = {board_id: size for board_id, (_chip, size, _haas) in _SHIPPED.items()}
STOCK_BOARDS = frozenset(board_id for board_id, (_chip, _size, haas) in _SHIPPED.items() if not haas)
