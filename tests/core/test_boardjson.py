"""board.json diagnostics: a corpus of broken files, the code cross-checks, mpy-cross, and a
property test that no input crashes the parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ide import i18n
from ide.core import boardjson
from ide.core.boardjson import (ERROR, HINT, WARNING, Diagnostic, check_board_json, check_project, has_errors,
                                ranges, suggest)
from ide.core.boardjson_parse import JsonSyntaxError, parse, parse_bytes
from ide.core.boardjson_rules import NODE_TYPES, json_schema
from ide.core.boards import get_board

CORPUS = Path(__file__).resolve().parent / "boardjson_corpus"
CORPUS_BOARDS = json.loads((CORPUS / "boards.json").read_text(encoding="utf-8"))
CASES = sorted(p.stem for p in CORPUS.glob("*.json") if p.name != "boards.json")
SCHEMA_FILE = Path(boardjson.__file__).resolve().parent / "schema" / "board.schema.json"
DOC = Path(__file__).resolve().parents[2] / "docs" / "board-json.md"


def corpus_diagnostics(name: str) -> list[Diagnostic]:
    board = CORPUS_BOARDS.get(name)
    _config, found = check_board_json((CORPUS / f"{name}.json").read_bytes(), get_board(board) if board else None)
    return found


# -- the corpus ----------------------------------------------------------------------------------------
def test_corpus_has_at_least_thirty_broken_files():
    assert len(CASES) >= 30
    assert all((CORPUS / f"{name}.expected").is_file() for name in CASES)


@pytest.mark.parametrize("name", CASES)
def test_corpus_file_gives_the_expected_diagnostics(name):
    expected = (CORPUS / f"{name}.expected").read_text(encoding="utf-8").split()
    found = corpus_diagnostics(name)
    assert [f"{d.line}:{d.col}: {d.severity}: {d.code}" for d in found] == \
        [" ".join(expected[i:i + 3]) for i in range(0, len(expected), 3)]
    assert found and all(d.message and d.file == "board.json" for d in found)


@pytest.mark.parametrize("name", CASES)
def test_corpus_messages_format_in_chinese_too(name):
    english = corpus_diagnostics(name)
    i18n.set_language("zh_CN")
    chinese = corpus_diagnostics(name)
    assert [(d.line, d.col, d.code) for d in chinese] == [(d.line, d.col, d.code) for d in english]
    assert all(d.message != e.message for d, e in zip(chinese, english))


@pytest.mark.parametrize("name, fragment", [
    ("16-sample-for-sampling", 'did you mean "sampling"?'),
    ("15-type-lower-case", 'did you mean "GPIO"?'),
    ("19-dir-out", 'did you mean "output"?'),
    ("28-debug-level-lower-case", 'did you mean "ERROR"?'),
    ("30-version-typo", 'did you mean "version"?'),
    ("45-unknown-gpio-key", 'did you mean "intMode"?'),
    ("22-i2c-8-bit-address", "the 7-bit address is 68"),
    ("23-i2c-address-hex-string", "Write 68 without quotes"),
    ("24-esp32-input-only-pin-as-output", "usable: 0, 2, 4, 5, 12-19, 21-23, 25-27, 32, 33"),
    ("25-esp32-adc-channel-on-a-used-pin", 'pin 36 is also used by node "ir" (line 3)'),
    ("08-not-utf8", "byte 0xE9"),
    ("49-dir-in-on-an-input-only-pin", 'did you mean "input"?'),
])
def test_corpus_messages_explain_the_fix(name, fragment):
    assert any(fragment in d.message for d in corpus_diagnostics(name))


def test_errors_and_warnings_are_told_apart():
    assert has_errors(corpus_diagnostics("01-truncated"))
    assert not has_errors(corpus_diagnostics("16-sample-for-sampling"))
    assert {d.severity for d in corpus_diagnostics("21-same-pin-twice")} == {WARNING}


def test_a_diagnostic_prints_as_file_line_col():
    diag = corpus_diagnostics("19-dir-out")[0]
    assert diag.format("proj") == f"proj/board.json:3:51: error: {diag.message}"
    assert diag.format() == f"board.json:3:51: error: {diag.message}"
    assert diag.to_json() == {"file": "board.json", "line": 3, "col": 51, "severity": "error",
                              "code": "not-allowed", "message": diag.message}


# -- inputs nobody writes by hand ----------------------------------------------------------------------
def test_a_huge_file_is_refused_without_parsing_it():
    data = b'{"io": {' + b" " * (2 * 1024 * 1024) + b"}}"
    _config, found = check_board_json(data)
    assert [(d.line, d.col, d.code) for d in found] == [(1, 1, "too-large")]


def test_very_deep_nesting_is_an_error_not_a_crash():
    data = b'{"io": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    _config, found = check_board_json(data)
    assert [d.code for d in found] == ["large", "json-too-deep"]


def test_many_nodes_are_checked_quickly():
    nodes = ", ".join(f'"n{i}": {{"type": "GPIO", "port": {i % 40}}}' for i in range(3000))
    _config, found = check_board_json(f'{{"io": {{{nodes}}}}}')
    assert sum(d.code == "shared-pin" for d in found) == 3000 - 40


def test_a_valid_file_has_no_diagnostics_and_gives_its_nodes():
    text = ('{"name": "esp32", "version": "1.0.0", "io": {"led": {"type": "GPIO", "port": 2, "dir": "output", '
            '"pull": "pullup"}}, "debugLevel": "ERROR", "repl": "disable"}')
    config, found = check_board_json(text, get_board("esp32-devkitc"))
    assert found == []
    assert config.nodes["led"].type == "GPIO" and config.nodes["led"].values["port"] == 2
    assert config.data["io"]["led"]["pull"] == "pullup"


def test_stm32_pin_names_are_pins_unless_the_board_needs_numbers():
    text = ('{"io": {"led": {"type": "GPIO", "port": "A5"}, "voice": {"type": "ADC", "port": "A1"},\n'
            '"buzzer": {"type": "PWM", "port": "PF8"}, "key": {"type": "GPIO", "port": "A5"},\n'
            '"bad": {"type": "GPIO", "port": "Z9"}, "uart": {"type": "UART", "port": "A2"}}}')
    config, found = check_board_json(text)
    assert [(d.line, d.severity, d.code) for d in found] == [(2, WARNING, "shared-pin"), (3, ERROR, "wrong-type"),
                                                             (3, ERROR, "wrong-type")]
    assert config.nodes["voice"].values["port"] == "A1" and 'node "led"' in found[0].message
    _config, found = check_board_json(text, get_board("esp32-devkitc"))
    named = [d for d in found if d.code == "named-pin"]
    assert len(named) == 4 and all(d.severity == ERROR for d in named)
    assert '"A5" names an STM32 pin' in named[0].message and "ESP32-DevKitC" in named[0].message


# -- the parser ----------------------------------------------------------------------------------------
def test_parser_keeps_positions_duplicates_and_number_text():
    root = parse('{\n  "a": [1, 2.50, -0],\n  "a": "x\\u00e9"\n}').root
    assert [(k, line, col) for k, line, col, _node in root.members] == [("a", 2, 3), ("a", 3, 3)]
    first = root.member("a")
    assert (first.line, first.col) == (2, 8)
    assert [item.raw for item in first.items] == ["1", "2.50", "-0"]
    assert root.plain() == {"a": [1, 2.5, 0]}


@pytest.mark.parametrize("text, code, line, col", [
    ('{"a": 1,}', "trailing-comma", 1, 8),
    ('[1, 2', "truncated", 1, 6),
    ('{"a": tru}', "expected-value", 1, 7),
    ('{"a": "\\x"}', "bad-escape", 1, 8),
    ('{"a": -}', "bad-number", 1, 7),
    ('{"a": 1.}', "bad-number", 1, 9),
    ('{"a": 1 "b": 2}', "expected-comma", 1, 9),
    ("{\n\n  /* note */}", "comment", 3, 3),
])
def test_parser_errors_point_at_the_problem(text, code, line, col):
    with pytest.raises(JsonSyntaxError) as info:
        parse(text)
    assert (info.value.code, info.value.line, info.value.col) == (code, line, col)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_no_bytes_crash_the_checker(data):
    _config, found = check_board_json(data, get_board("esp32-devkitc"))
    assert all(d.severity in (ERROR, WARNING, HINT) and d.line >= 1 and d.col >= 1 for d in found)
    assert all(d.format("p").encode("utf-8") for d in found)


def test_control_characters_and_lone_surrogates_in_keys_print_safely():
    _config, found = check_board_json('{"io": {}, "x\\u001b[2J\\ud800": 1}')
    assert found[0].code == "unknown-key"
    assert "\\x1b[2J\\ud800" in found[0].message
    found[0].format().encode("utf-8")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8) | st.sampled_from(["GPIO", "I2C", "ADC", "output", "irq", "0x44", "2"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "port", "dir", "devAddr", "io", "x", "scl", "sda", "cs", "atten"])
                      | st.text(max_size=5), children, max_size=5),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_is_checked_without_crashing_and_parses_like_the_json_module(value):
    text = json.dumps(value)
    assert parse(text).root.plain() == json.loads(text)
    check_board_json(text, get_board("esp32c3-kit"))
    check_board_json(json.dumps({"io": {"node": value, "led": {"type": "GPIO", "port": 2}}}), get_board("virtual"))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 400), st.integers(0, 3), st.binary(min_size=0, max_size=3))
def test_edited_board_json_never_crashes_the_checker(position, cut, inserted):
    text = (CORPUS.parent.parent.parent / "templates" / "floriculture" / "variants" / "esp32"
            / "board.json").read_bytes()
    position = min(position, len(text))
    data = text[:position] + inserted + text[position + cut:]
    try:
        parse_bytes(data)
    except JsonSyntaxError as exc:
        assert exc.line >= 1 and exc.col >= 1
    check_board_json(data, get_board("esp32-devkitc"))


# -- helpers, schema -----------------------------------------------------------------------------------
def test_suggestions_and_ranges():
    assert suggest("sample", ["port", "sampling", "atten", "width"]) == "sampling"
    assert suggest("Port", ["port", "dir"]) == "port"
    assert suggest("zzz", ["port", "dir"]) is None
    assert ranges([0, 1, 2, 3, 5, 7, 8]) == "0-3, 5, 7, 8"
    assert ranges([]) == ""


def test_the_shipped_json_schema_is_generated_from_the_rules():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()
    schema = json_schema()
    assert schema["required"] == ["io"]
    assert schema["$defs"]["node"]["properties"]["type"]["enum"] == list(NODE_TYPES)
    adc = next(part["then"] for part in schema["$defs"]["node"]["allOf"]
               if part["if"]["properties"]["type"]["const"] == "ADC")
    assert adc["properties"]["sampling"]["type"] == "integer" and adc["required"] == ["port"]


# -- code against board.json ---------------------------------------------------------------------------
def make_project(tmp_path: Path, main: str, board: str = '{"io": {"led": {"type": "GPIO", "port": 2}}}',
                 files: dict[str, str] | None = None) -> Path:
    (tmp_path / "main.py").write_text(main, encoding="utf-8")
    (tmp_path / "board.json").write_text(board, encoding="utf-8")
    for name, text in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def codes(found: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.file, d.line, d.col, d.code) for d in found]


def test_open_names_are_checked_against_board_json(tmp_path):
    main = ("from driver import GPIO, I2C\nimport driver\n"
            "led = GPIO()\nled.open('led')\n"
            "GPIO().open('LED')\n"
            "i2c = I2C()\ni2c.open('led')\n"
            "d = driver.ADC()\nd.open('mq2')\n")
    found = check_project(make_project(tmp_path, main), get_board("virtual"))
    assert codes(found) == [("main.py", 5, 13, "node-not-found"), ("main.py", 7, 10, "node-type-mismatch"),
                            ("main.py", 9, 8, "node-not-found")]
    assert 'did you mean "led"?' in found[0].message


def test_nodes_never_opened_are_hints_unless_names_are_dynamic(tmp_path):
    board = '{"io": {"led": {"type": "GPIO", "port": 2}, "fan": {"type": "PWM", "port": 25}}}'
    found = check_project(make_project(tmp_path, "from driver import GPIO\nGPIO().open('led')\n", board))
    assert codes(found) == [("board.json", 1, 45, "node-unused")]
    dynamic = "from driver import GPIO, PWM\nGPIO().open('led')\nname = 'fan'\nPWM().open(name)\n"
    assert check_project(make_project(tmp_path, dynamic, board)) == []
    broken = make_project(tmp_path, "from driver import GPIO\nGPIO().open('led')\n", board, {"fan.py": "def (\n"})
    assert [d.code for d in check_project(broken)] == ["mpy-cross"]


def test_imports_resolve_to_firmware_modules_or_project_files(tmp_path):
    main = ("import time, json, utime\nimport umqtt.simple\nfrom driver import GPIO\nimport sensors.sht3x\n"
            "import helper\nimport requests\nimport Helper\n"
            "try:\n    import framebuf2\nexcept ImportError:\n    pass\n"
            "GPIO().open('led')\n")
    root = make_project(tmp_path, main, files={"helper.py": "x = 1\n", "sensors/__init__.py": "",
                                               "sensors/sht3x.py": ""})
    found = [d for d in check_project(root, get_board("esp32-devkitc")) if d.code == "import-unresolved"]
    assert codes(found) == [("main.py", 6, 1, "import-unresolved"), ("main.py", 7, 1, "import-unresolved")]
    assert 'did you mean "helper"?' in found[1].message


def test_a_fallback_import_counts_only_when_the_import_it_stands_in_for_fails(tmp_path):
    # the compatibility idiom: `time` on today's MicroPython, `utime` on the micro:bit's 1.9
    main = ("try:\n    import time\nexcept ImportError:\n    import utime as time\n"
            "try:\n    import nosuch\nexcept ImportError:\n    import alsonot\n")
    root = make_project(tmp_path, main)
    for board_id in ("esp32-micropython", "microbit"):   # one has time, the other utime
        found = [d for d in check_project(root, get_board(board_id)) if d.code == "import-unresolved"]
        assert codes(found) == [("main.py", 8, 5, "import-unresolved")], board_id   # both of the second pair fail


def test_a_module_missing_from_one_board_is_reported_for_that_board(tmp_path):
    root = make_project(tmp_path, "import network\nfrom driver import GPIO\nGPIO().open('led')\nnetwork.WLAN\n")
    assert check_project(root, get_board("esp32-devkitc")) == []
    found = check_project(root, get_board("haas-edu-k1"))
    assert codes(found) == [("main.py", 1, 1, "import-unresolved")]
    assert "HaaS EDU K1" in found[0].message


def test_mpy_cross_rejects_what_the_board_would_reject(tmp_path):
    main = "from driver import GPIO\nGPIO().open('led')\nfor i in range(3):\n    pass\nbreak\n"
    found = check_project(make_project(tmp_path, main))
    assert codes(found) == [("main.py", 5, 1, "mpy-cross")]
    assert "'break'" in found[0].message


def test_micropython_1_17_syntax_compiles(tmp_path):
    main = ("from driver import GPIO\nled = GPIO()\nled.open('led')\n"
            "if (n := 3) > 2:\n    print(f'{n} leds {led!r:>10}')\n")
    assert check_project(make_project(tmp_path, main)) == []


def test_a_syntax_error_gets_cpythons_column(tmp_path):
    found = check_project(make_project(tmp_path, "x = (1,\ny = 2\n"), compile_python=True)
    assert [d.code for d in found if d.severity == ERROR] == ["mpy-cross"]


def test_missing_main_and_board_json_are_errors(tmp_path):
    found = check_project(tmp_path)
    assert codes(found) == [("board.json", 1, 1, "missing-board-json"), ("main.py", 1, 1, "missing-main")]


def test_a_stock_micropython_project_needs_no_board_json(tmp_path):
    from ide.core.boards import get_board

    (tmp_path / "main.py").write_text("print('hi')\n")
    assert [d for d in check_project(tmp_path, get_board("rpi-pico"), compile_python=False) if d.severity == ERROR] == []
    assert "missing-board-json" in [d.code for d in check_project(tmp_path, get_board("esp32-devkitc"))]


def test_the_reference_documents_every_type_key_and_diagnostic():
    doc = DOC.read_text(encoding="utf-8")
    for node_type in NODE_TYPES.values():
        assert f"### {node_type.name}\n" in doc
        assert all(f"| `{key}` |" in doc for key in node_type.fields)
    corpus_codes = {line.split()[2] for name in CASES
                    for line in (CORPUS / f"{name}.expected").read_text(encoding="utf-8").splitlines()}
    code_checks = {"node-not-found", "node-type-mismatch", "import-unresolved", "mpy-cross", "node-unused",
                   "missing-board-json", "missing-main"}
    for code in corpus_codes | code_checks:
        assert f"`{code}`" in doc, code
