"""The static pass (pyflakes plus HaaS knowledge) and `haas-ide check` on projects shaped like the
official HaaS examples: named STM32 pins, a board.json with a board's whole pin map, `network`
used without an import, a misspelt cloud property key, an unused driver library."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ide import i18n
from ide.cli import main
from ide.core.boardjson import ERROR, HINT, WARNING, check_project
from ide.core.boards import get_board
from ide.core.pystatic import check_static, static_diagnostics, stub_names

FIXTURES = Path(__file__).resolve().parent / "check_fixtures"
ESP32_MODULES = get_board("esp32-devkitc").modules


def findings(source: str) -> list[tuple[int, str, str]]:
    return [(d.line, d.severity, d.code) for d in static_diagnostics(source, "main.py", modules=ESP32_MODULES)]


def check_lines(tmp_path: Path, fixture: str, capsys, *extra: str) -> tuple[int, list[str]]:
    folder = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, folder)
    status = main(["check", str(folder), *extra])
    return status, [line.replace(f"{folder}/", "") for line in capsys.readouterr().out.splitlines()]


# -- pyflakes, made aware of MicroPython and the HaaS firmware ----------------------------------------
def test_undefined_names_are_errors_and_firmware_modules_get_the_import_to_add():
    found = static_diagnostics("def go():\n    return network.WLAN(1), Excaption\n", "main.py",
                               modules=ESP32_MODULES)
    assert [(d.line, d.col, d.severity, d.code) for d in found] == [(2, 12, ERROR, "undefined-name"),
                                                                    (2, 29, ERROR, "undefined-name")]
    assert 'add "import network"' in found[0].message and "import" not in found[1].message


def test_unused_imports_and_redefinitions_are_warnings():
    source = "import utime\nimport ujson\nujson.dumps(1)\ndef f():\n    pass\ndef f():\n    pass\n"
    assert sorted(findings(source)) == [(1, WARNING, "unused-import"), (6, WARNING, "redefined")]


def test_micropython_const_needs_no_import_and_compile_errors_are_left_to_mpy_cross():
    assert findings("X = const(3)\nprint(X)\n") == []
    assert findings("for i in range(2):\n    pass\nbreak\n") == []
    assert findings("def (:\n") == []


def test_star_imports_take_their_names_from_the_haas_stubs():
    assert {"GPIO", "PWM", "TIMER"} <= stub_names("driver") and stub_names("nothing_like_it") is None
    assert stub_names("time") == stub_names("utime")
    assert findings("from driver import *\nGPIO().open('led')\n") == []
    assert findings("from driver import *\nServo()\n") == [(2, ERROR, "undefined-name")]
    assert findings("from mystery import *\nServo()\n") == [(2, HINT, "star-import")]


def test_star_imports_of_project_modules_and_errors_outside_the_program_become_warnings(tmp_path):
    sources = {"main.py": "from helpers import *\nblink()\nwink()\n",
               "helpers.py": "def blink():\n    pass\n",
               "spare.py": "print(undefined_thing)\n"}
    found = {(d.file, d.line, d.severity, d.code) for d in check_static(sources, None)}
    assert found == {("main.py", 3, ERROR, "undefined-name"), ("spare.py", 1, ERROR, "undefined-name")}


def test_a_key_read_under_another_spelling_than_the_one_tested():
    source = ("def on_props(request):\n    payload = request['params']\n"
              "    if 'onoff' in payload.keys():\n        return payload['onff']\n"
              "def other(props):\n    if props.get('gear1') is not None:\n        return props['gear1'], props['x']\n")
    found = static_diagnostics(source, "main.py")
    assert [(d.line, d.col, d.code) for d in found] == [(4, 16, "key-typo")]
    assert 'did you mean "onoff"?' in found[0].message


def test_messages_are_translated():
    i18n.set_language("zh_CN")
    found = static_diagnostics("import utime\nnetwork.WLAN\n", "main.py", modules=ESP32_MODULES)
    assert len(found) == 2 and all(any("\u4e00" <= c <= "\u9fff" for c in d.message) for d in found)


# -- haas-ide check on real-example-shaped projects ----------------------------------------------------
def test_named_stm32_pins_check_clean_when_the_board_is_not_known(tmp_path, capsys):
    status, lines = check_lines(tmp_path, "stm32-named-pins", capsys)
    assert status == 0 and lines == ["No problems found."]
    status, lines = check_lines(tmp_path / "esp32", "stm32-named-pins", capsys, "--board", "esp32-devkitc")
    assert status == 1 and sum("names an STM32 pin" in line for line in lines) == 4


def test_a_full_pin_map_gives_one_line_for_the_unused_nodes_and_the_real_finding_stands_out(tmp_path, capsys):
    status, lines = check_lines(tmp_path, "eduk1-full-pin-map", capsys)
    assert status == 1
    assert len(lines) == 3, lines
    assert lines[0].startswith("board.json:10:9: hint: 29 nodes are never opened by the project's code: "
                               '"mpu6050", "ap3216c"')
    assert lines[0].endswith("and 21 more")
    assert lines[1].startswith("main.py:8:12: error: GPIO().open(\"led\")") and 'did you mean "led_r"?' in lines[1]
    assert lines[2] == "1 error(s), 0 warning(s), 1 hint(s)"


def test_network_used_without_an_import_is_an_error(tmp_path, capsys):
    status, lines = check_lines(tmp_path, "network-not-imported", capsys)
    errors = [line for line in lines if ": error: " in line]
    assert status == 1 and [line.split(": ")[0] for line in errors] == ["main.py:17:12", "main.py:17:25"]
    assert all('add "import network"' in line for line in errors)
    assert any(line.startswith("main.py:9:5: hint: ") and '"global wlan"' in line for line in lines)


def test_a_misspelt_property_key_is_a_warning_that_names_the_tested_one(tmp_path, capsys):
    status, lines = check_lines(tmp_path, "misspelt-key", capsys, "--json")
    data = json.loads("\n".join(lines))
    assert status == 0 and data["ok"] is True
    assert [(d["line"], d["code"], d["severity"]) for d in data["diagnostics"]] == [(14, "key-typo", WARNING)]


def test_a_driver_library_the_program_does_not_run_never_blocks_a_deploy(tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "unused-driver-library", folder)
    found = check_project(folder, get_board("esp32-devkitc"))
    assert [(d.file, d.code) for d in found] == [("board.json", "node-unused")]
    assert '"climate"' in found[0].message
    main_py = folder / "main.py"
    main_py.write_text("from sht3x import SHT3x\nfrom driver import I2C\nbus = I2C()\nbus.open('climate')\n"
                       "print(SHT3x(bus).measure())\n", encoding="utf-8")
    assert [d.message for d in check_project(folder, get_board("esp32-devkitc"))] == [
        'node "led" is never opened by the project\'s code']
    main_py.write_text("import sht3x\nfrom driver import I2C\nbus = I2C()\nbus.open('sensor')\n"
                       "print(sht3x.SHT3x(bus).measure())\n", encoding="utf-8")
    found = check_project(folder, get_board("esp32-devkitc"))
    assert [(d.file, d.line, d.code) for d in found] == [("board.json", 5, "node-unused"),
                                                         ("main.py", 4, "node-not-found")]


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_fixtures_compile_and_use_only_firmware_modules(fixture):
    found = check_project(FIXTURES / fixture)
    assert not [d for d in found if d.code in ("mpy-cross", "import-unresolved")]
