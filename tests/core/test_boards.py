"""The boards catalogue: one consistent data file per board, and `haas-ide boards`."""

from __future__ import annotations

import json

import pytest

from ide.cli import main
from ide.core.boardjson import check_board_json
from ide.core.boards import BOARDS_DIR, DEPLOY_RAW_REPL, DEPLOY_YMODEM, boards_for_usb, get_board, load_boards
from ide.core.errors import UsageError

HAAS_BOARD_IDS = ["esp32-devkitc", "nodemcu-32s", "m5stack-core2", "esp32c3-kit", "esp32s3-kit", "haas-edu-k1",
                  "haas200", "virtual"]
STOCK_BOARD_IDS = ["esp32-micropython", "esp32s3-micropython", "esp32c3-micropython", "rpi-pico", "rpi-pico2", "microbit"]
BOARD_IDS = HAAS_BOARD_IDS + STOCK_BOARD_IDS
FIRMWARE_IDS = {"esp32", "esp32-8m", "esp32c3-kit", "esp32s3-kit", "haas-edu-k1", "haas200", "virtual-esp32"}


def test_the_catalogue_has_every_board_once():
    assert sorted(load_boards()) == sorted(BOARD_IDS)
    assert sorted(p.stem for p in BOARDS_DIR.glob("*.json")) == sorted(BOARD_IDS)


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_board_has_names_notes_and_a_clean_id(board_id):
    board = get_board(board_id)
    assert board.id == board_id and board_id == board_id.lower() and " " not in board_id
    assert board.names["en"] and board.names["zh_CN"] and board.note("en") and board.note("zh_CN")
    assert board.baud == 115200 or board_id == "haas-edu-k1"


@pytest.mark.parametrize("board_id", STOCK_BOARD_IDS)
def test_stock_micropython_boards_run_from_the_root_and_are_not_flashed(board_id):
    board = get_board(board_id)
    assert board.app_dir == "/" and board.deploy == DEPLOY_RAW_REPL and not board.flashable and board.usb
    assert {"machine", "micropython"} <= board.modules and not board.virtual
    assert "main.py" in board.note("en")


@pytest.mark.parametrize("board_id", HAAS_BOARD_IDS)
def test_haas_board_data_is_complete(board_id):
    board = get_board(board_id)
    assert board.firmware in FIRMWARE_IDS and board.flashable
    assert board.deploy in (DEPLOY_RAW_REPL, DEPLOY_YMODEM)
    assert board.app_dir == "/data/pyamp"
    assert board.baud in (115200, 1500000) and board.flash_size >= 2 << 20
    assert {"driver", "utime", "ujson", "aliyunIoT", "kv", "machine"} <= board.modules
    assert (board.wifi in board.modules) and board.wifi in ("network", "netmgr")
    assert board.virtual == (board_id == "virtual") and (board.usb == ()) == board.virtual


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_default_board_json_is_clean_for_its_board(board_id):
    board = get_board(board_id)
    _config, found = check_board_json(json.dumps(board.board_json), board)
    assert found == []
    assert board.board_json["name"] == board.board_json_name


@pytest.mark.parametrize("board_id", [b for b in BOARD_IDS if get_board(b).pins is not None])
def test_pin_tables_are_consistent(board_id):
    pins = get_board(board_id).pins
    assert pins.gpio_out <= pins.gpio_in and pins.pwm <= pins.gpio_out
    assert all(gpio in pins.gpio_in for gpio in pins.adc.values())
    assert pins.i2c and pins.uart


def test_facts_from_the_reference():
    assert get_board("haas-edu-k1").baud == 1500000 and get_board("haas-edu-k1").deploy == DEPLOY_YMODEM
    assert get_board("esp32-devkitc").pins.adc[0] == 36
    assert 34 in get_board("esp32-devkitc").pins.gpio_in and 34 not in get_board("esp32-devkitc").pins.gpio_out
    assert get_board("esp32c3-kit").pins.adc == {0: 0, 1: 1, 2: 2, 3: 3, 4: 4}
    assert get_board("m5stack-core2").firmware == "esp32-8m" and get_board("m5stack-core2").psram
    assert get_board("virtual").firmware == "virtual-esp32"
    assert {b.id for b in boards_for_usb(0x10C4, 0xEA60)} >= {"esp32-devkitc", "haas200"}
    assert [b.id for b in boards_for_usb(0x0403, 0x6015)] == ["haas-edu-k1"]
    assert boards_for_usb(0x1234, 0x5678) == []
    assert [b.id for b in boards_for_usb(0x0D28, 0x0204)] == ["microbit"]
    assert [b.id for b in boards_for_usb(0x2E8A, 0x0005)] == ["rpi-pico", "rpi-pico2"]
    assert "esp32s3-micropython" in [b.id for b in boards_for_usb(0x303A, 0x4001)]


def test_the_virtual_boards_firmware_files_are_modules_it_declares():
    from ide.virtualboard.board import FIRMWARE_DIR

    shipped = {p.stem for p in (FIRMWARE_DIR / "lib").glob("*.py")}
    assert shipped and shipped <= get_board("virtual").modules


def test_an_unknown_board_is_a_usage_error():
    with pytest.raises(UsageError) as info:
        get_board("esp8266")
    assert "esp32-devkitc" in info.value.hint


def test_boards_command_lists_every_board(capsys):
    assert main(["boards"]) == 0
    out = capsys.readouterr().out
    assert all(board_id in out for board_id in BOARD_IDS)
    assert main(["boards", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [b["id"] for b in data] == sorted(BOARD_IDS)
    edu = next(b for b in data if b["id"] == "haas-edu-k1")
    assert edu["names"]["zh_CN"] == "HaaS EDU K1 教育开发板" and edu["usb"] == [{"vid": "0403", "pid": None,
                                                                                 "bridge": "FTDI"}]


def test_boards_command_speaks_chinese(capsys):
    assert main(["--lang", "zh_CN", "boards"]) == 0
    assert "虚拟开发板" in capsys.readouterr().out
