"""The plugin loader: discovery from three places, checks before activation, isolation of
failures, turning plugins off, and contributions joining the IDE's catalogues."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ide.api import API_VERSION, DeploySession
from ide.core import plugins
from ide.core.errors import BoardError, IdeError

GOOD = """
from ide import api
PLUGIN = api.PluginInfo(name="{name}", version="1.2.3", api="{api}", requires={requires!r})

def activate(context):
    context.add_command("hello", "Hello", lambda window: window.append("{name}"))
    {extra}
"""


def write_plugin(folder: Path, name: str, api: str = API_VERSION, requires: tuple = (), extra: str = "",
                 body: str | None = None) -> Path:
    package = folder / name
    package.mkdir(parents=True)
    text = body if body is not None else GOOD.format(name=name, api=api, requires=requires, extra=extra)
    (package / "__init__.py").write_text(textwrap.dedent(text), encoding="utf-8")
    return package


def load(builtin: Path | None = None, user: Path | None = None, entry_points=(), disabled=()) -> plugins.Registry:
    return plugins.load_plugins(plugins.discover(builtin, user, list(entry_points)), set(disabled))


def test_plugins_from_the_built_in_and_user_folders_are_activated(tmp_path):
    write_plugin(tmp_path / "builtin", "alpha")
    write_plugin(tmp_path / "user", "beta")
    registry = load(tmp_path / "builtin", tmp_path / "user")
    assert [(p.name, p.source, p.state) for p in registry.plugins.values()] == [
        ("alpha", plugins.BUILT_IN, plugins.ACTIVE), ("beta", plugins.USER, plugins.ACTIVE)]
    assert registry.plugins["alpha"].info.version == "1.2.3"
    seen = []
    for command in registry.commands:
        command.callback(seen)
    assert seen == ["alpha", "beta"]


def test_a_pip_installed_plugin_is_found_through_its_entry_point(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "haas_demo_plugin").mkdir(parents=True)
    (site / "haas_demo_plugin" / "__init__.py").write_text(GOOD.format(name="demo", api=API_VERSION, requires=(),
                                                                       extra=""), encoding="utf-8")
    dist = site / "haas_demo_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: haas-demo-plugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[haas_ide.plugins]\ndemo = haas_demo_plugin\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    registry = plugins.load_plugins(plugins.discover(None, None), set())
    demo = registry.plugins["demo"]
    assert (demo.source, demo.state) == (plugins.INSTALLED, plugins.ACTIVE)
    assert demo.location.startswith("haas-demo-plugin: haas_demo_plugin")


def test_a_plugin_for_another_api_version_is_refused_with_a_message(tmp_path):
    write_plugin(tmp_path, "future", api="2.0")
    write_plugin(tmp_path, "newer", api="1.99")
    write_plugin(tmp_path, "fine", api="1")
    write_plugin(tmp_path, "older", api="1.0")
    registry = load(tmp_path)
    assert registry.plugins["future"].state == plugins.REFUSED
    assert f"needs plugin API 2.0; this HaaS IDE provides {API_VERSION}" in registry.plugins["future"].message
    assert registry.plugins["newer"].state == plugins.REFUSED
    assert registry.plugins["fine"].state == plugins.ACTIVE
    assert [c.plugin for c in registry.commands] == ["fine", "older"]
    assert {p.plugin for p in registry.problems} == {"future", "newer"}


def test_missing_requirements_are_named(tmp_path):
    write_plugin(tmp_path, "needy", requires=("no-such-distribution>=1",))
    write_plugin(tmp_path, "old", requires=("pyserial>=99",))
    write_plugin(tmp_path, "pair", requires=("plugin:needy",))
    write_plugin(tmp_path, "ok", requires=("pyserial>=3", "plugin:old2"))
    registry = load(tmp_path)
    assert 'pip install "no-such-distribution>=1"' in registry.plugins["needy"].message
    assert "version 3." in registry.plugins["old"].message
    assert "that plugin is not active" in registry.plugins["pair"].message
    assert registry.plugins["ok"].state == plugins.REFUSED  # plugin:old2 does not exist


def test_a_broken_plugin_is_isolated_and_what_it_added_is_taken_back(tmp_path):
    write_plugin(tmp_path, "a_import", body="import no_such_module_anywhere\n")
    write_plugin(tmp_path, "b_activate", extra="raise RuntimeError('boom in activate')")
    write_plugin(tmp_path, "c_no_declaration", body="x = 1\n")
    write_plugin(tmp_path, "d_good")
    registry = load(tmp_path)
    states = {name: p.state for name, p in registry.plugins.items()}
    assert states == {"a_import": plugins.FAILED, "b_activate": plugins.FAILED,
                      "c_no_declaration": plugins.FAILED, "d_good": plugins.ACTIVE}
    assert "No module named 'no_such_module_anywhere'" in registry.plugins["a_import"].message
    assert "RuntimeError: boom in activate" in registry.plugins["b_activate"].message
    assert "PLUGIN = PluginInfo" in registry.plugins["c_no_declaration"].message
    assert [c.plugin for c in registry.commands] == ["d_good"]  # b's command, added before it raised, is gone
    assert "Traceback" in next(p for p in registry.problems if p.plugin == "b_activate").details


def test_an_exception_in_a_callback_is_reported_with_the_plugin_name(tmp_path):
    write_plugin(tmp_path, "shaky", body="""
        from ide import api
        PLUGIN = api.PluginInfo(name="shaky", version="1")
        def activate(context):
            context.add_console_listener(lambda lines: 1 / 0)
            context.add_command("err", "Err", lambda window: (_ for _ in ()).throw(api.UsageError("for the user")))
    """)
    registry = load(tmp_path)
    heard = []
    registry.on_problem(heard.append)
    _plugin, listener = registry.console_listeners[0]
    assert listener(["1 2"]) is None
    assert heard[0].plugin == "shaky" and "ZeroDivisionError" in heard[0].message
    with pytest.raises(IdeError, match="for the user"):  # messages meant for the user are not swallowed
        registry.commands[0].callback(None)


def test_a_disabled_plugin_is_not_even_imported(tmp_path):
    marker = tmp_path / "imported"
    write_plugin(tmp_path / "p", "quiet", body=f"open({str(marker)!r}, 'w').close()\n")
    registry = load(tmp_path / "p", disabled={"quiet"})
    assert registry.plugins["quiet"].state == plugins.DISABLED
    assert not marker.exists()
    assert load(tmp_path / "p").plugins["quiet"].state == plugins.FAILED and marker.exists()


def test_turning_plugins_off_and_on_is_remembered():
    assert "plotter" not in plugins.disabled_plugins()
    plugins.set_plugin_enabled("plotter", False)
    assert "plotter" in plugins.disabled_plugins()
    plugins.set_plugin_enabled("plotter", True)
    assert "plotter" not in plugins.disabled_plugins()


def test_a_user_plugin_never_replaces_a_built_in_one(tmp_path):
    write_plugin(tmp_path / "builtin", "plotter")
    write_plugin(tmp_path / "user", "plotter", extra="raise AssertionError('the user copy ran')")
    registry = load(tmp_path / "builtin", tmp_path / "user")
    assert registry.plugins["plotter"].source == plugins.BUILT_IN
    assert registry.plugins["plotter"].state == plugins.ACTIVE
    problem = registry.problems[0]
    assert problem.plugin == "plotter" and "is already loaded" in problem.message
    assert str(tmp_path / "user" / "plotter") in problem.message


def test_a_plugin_folder_must_carry_its_own_name(tmp_path):
    write_plugin(tmp_path, "folder_name", body=GOOD.format(name="other", api=API_VERSION, requires=(), extra=""))
    registry = load(tmp_path)
    assert "it calls itself other, but is installed as folder_name" in registry.plugins["folder_name"].message


def test_boards_and_templates_from_a_plugin_join_the_catalogues(tmp_path):
    from ide.core import boards, templates

    shipped = json.loads((boards.BOARDS_DIR / "esp32-devkitc.json").read_text(encoding="utf-8"))
    folder = write_plugin(tmp_path, "myboard", extra="context.add_boards(__path__[0] + '/boards'); "
                                                     "context.add_templates(__path__[0] + '/templates')")
    (folder / "boards").mkdir()
    (folder / "boards" / "my-board.json").write_text(json.dumps({**shipped, "id": "my-board"}), encoding="utf-8")
    (folder / "boards" / "esp32-devkitc.json").write_text(json.dumps({**shipped, "chip": "ESP32-S3"}),
                                                          encoding="utf-8")
    template = templates.get_template("helloworld")
    copy = folder / "templates" / "my-hello"
    copy.mkdir(parents=True)
    data = json.loads((template.folder / "template.json").read_text(encoding="utf-8"))
    (copy / "template.json").write_text(json.dumps({**data, "id": "my-hello"}), encoding="utf-8")
    for item in template.folder.iterdir():
        if item.is_dir():
            import shutil

            shutil.copytree(item, copy / item.name)
    try:
        plugins.install(load(tmp_path))
        assert boards.get_board("my-board").chip == shipped["chip"]
        assert boards.get_board("esp32-devkitc").chip == shipped["chip"]  # a shipped board is never replaced
        assert "my-hello" in templates.load_templates() and "helloworld" in templates.load_templates()
    finally:
        plugins.forget()
    assert "my-board" not in boards.load_boards()


def test_deploy_goes_to_the_plugin_that_provides_the_board_s_method(tmp_path):
    from ide.core import deploymethods

    write_plugin(tmp_path, "pusher", extra="context.add_deploy_method('ymodem', lambda s: "
                                           "{'written': [f.rel for f in s.files], 'unchanged': [], 'deleted': []})")
    registry = load(tmp_path)
    board = {"id": "haas-edu-k1", "deploy": "ymodem"}
    session = DeploySession(link=None, files=deploymethods.session_files([("main.py", tmp_path / "main.py")]),
                            project_dir=tmp_path, board=board)
    assert deploymethods.run_method(session, registry)["written"] == ["main.py"]
    with pytest.raises(BoardError, match="no active plugin provides it"):
        deploymethods.run_method(session, plugins.Registry())


def test_a_plugin_failing_during_deploy_becomes_a_user_message(tmp_path):
    from ide.core import deploymethods

    write_plugin(tmp_path, "faulty", extra="context.add_deploy_method('ymodem', lambda s: [][1])")
    registry = load(tmp_path)
    session = DeploySession(link=None, files=[], project_dir=tmp_path, board={"id": "x", "deploy": "ymodem"})
    with pytest.raises(BoardError, match="Plugin faulty failed while deploying: list index out of range"):
        deploymethods.run_method(session, registry)
    assert registry.problems[-1].plugin == "faulty"


def test_two_plugins_cannot_provide_the_same_deploy_method(tmp_path):
    for name in ("first", "second"):
        write_plugin(tmp_path, name, extra="context.add_deploy_method('ymodem', lambda s: {})")
    registry = load(tmp_path)
    assert registry.deploy_method("ymodem").plugin == "first"
    assert "already provided by plugin 'first'" in registry.plugins["second"].message


def test_the_command_line_lists_plugins_and_runs_their_commands(tmp_path):
    import os

    data = tmp_path / "data"
    write_plugin(data / "plugins", "hello_cli", body="""
        from ide import api
        PLUGIN = api.PluginInfo(name="hello_cli", version="0.1")
        def activate(context):
            context.add_cli_command("hello", "say hello", lambda p: p.add_argument("who"),
                                    lambda args: print("hello", args.who) or 0)
    """)
    env = {**os.environ, "HAAS_IDE_DATA_DIR": str(data), "HAAS_IDE_CONFIG_DIR": str(tmp_path / "config")}
    run = subprocess.run([sys.executable, "-m", "ide.cli", "hello", "world"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert (run.returncode, run.stdout) == (0, "hello world\n")
    listing = subprocess.run([sys.executable, "-m", "ide.cli", "plugins", "--json"], capture_output=True,
                             text=True, env=env, timeout=60)
    rows = {row["name"]: row for row in json.loads(listing.stdout)}
    assert rows["hello_cli"]["source"] == "user" and rows["hello_cli"]["state"] == "active"
    assert {"plotter", "library"} <= {name for name, row in rows.items() if row["source"] == "built-in"}
    off = subprocess.run([sys.executable, "-m", "ide.cli", "plugins", "disable", "hello_cli"], capture_output=True,
                         text=True, env=env, timeout=60)
    assert off.returncode == 0 and "off from the next start" in off.stdout
    gone = subprocess.run([sys.executable, "-m", "ide.cli", "hello", "world"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert gone.returncode == 2 and "invalid choice: 'hello'" in gone.stderr


def _cli(env: dict, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ide.cli", *argv], capture_output=True, text=True, env=env,
                          timeout=60)


@pytest.mark.parametrize("statement", ["import sys; sys.exit(7)", "raise KeyboardInterrupt",
                                       "raise GeneratorExit", "raise SystemExit('bye')"])
def test_a_plugin_ending_the_process_at_import_fails_alone(tmp_path, statement):
    import os

    data = tmp_path / "data"
    write_plugin(data / "plugins", "rude", body=statement + "\n")
    env = {**os.environ, "HAAS_IDE_DATA_DIR": str(data), "HAAS_IDE_CONFIG_DIR": str(tmp_path / "config")}
    boards = _cli(env, "boards")
    assert boards.returncode == 0 and "esp32-devkitc" in boards.stdout
    assert boards.stderr.startswith("haas-ide: warning: Plugin rude failed to load: ")
    assert boards.stderr.count("\n") == 1 and "Traceback" not in boards.stderr
    rows = {row["name"]: row for row in json.loads(_cli(env, "plugins", "--json").stdout)}
    assert rows["rude"]["state"] == "failed" and rows["library"]["state"] == "active"


def test_a_plugin_exiting_in_activate_is_failed_and_takes_back_what_it_added(tmp_path):
    write_plugin(tmp_path, "quitter", extra="raise SystemExit(3)")
    registry = load(tmp_path)
    assert registry.plugins["quitter"].state == plugins.FAILED
    assert "SystemExit: 3" in registry.plugins["quitter"].message
    assert registry.commands == []


def test_a_plugin_exiting_while_its_command_is_configured_loses_only_that_command(tmp_path):
    import os

    data = tmp_path / "data"
    write_plugin(data / "plugins", "badcli", body="""
        import sys
        from ide import api
        PLUGIN = api.PluginInfo(name="badcli", version="0.1")
        def activate(context):
            context.add_cli_command("boom", "explodes", lambda parser: sys.exit(9), lambda args: 0)
    """)
    env = {**os.environ, "HAAS_IDE_DATA_DIR": str(data), "HAAS_IDE_CONFIG_DIR": str(tmp_path / "config")}
    result = _cli(env, "boards", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)
    assert "Plugin badcli failed: SystemExit: 9" in result.stderr
    assert "boom" not in _cli(env, "--help").stdout


def test_the_user_s_own_ctrl_c_still_stops_plugin_loading(tmp_path):
    """A SIGINT arriving while a plugin is imported is the user's: it is not swallowed."""
    write_plugin(tmp_path, "slow", body="import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\n"
                                        "time.sleep(5)\n")
    with pytest.raises(KeyboardInterrupt):
        load(tmp_path)


def test_a_ctrl_c_watch_restores_the_previous_handler():
    import signal

    before = signal.getsignal(signal.SIGINT)
    with plugins.CtrlCWatch() as watch:
        assert signal.getsignal(signal.SIGINT) != before
        assert not watch.pressed(KeyboardInterrupt())
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize("requirement", ["pyqtgraph>=0.13", "numpy >= 1.22, != 1.24.0", "a==1.0", "a<=2", "a",
                                         "a>1.0", "a~=1.2", "a==1.*", "a>=1; python_version>'3'"])
@pytest.mark.parametrize("version", ["0.12", "0.13", "0.13.7", "1", "1.0.0", "1.0.post1", "1.3", "1.22.1", "1.24",
                                     "2.0", "2.0rc1", "not-a-version"])
def test_requirements_are_read_as_packaging_reads_them(requirement, version):
    from packaging.requirements import Requirement
    from packaging.version import InvalidVersion, Version

    from ide.core.plugins import _requirement

    wanted = Requirement(requirement)
    try:
        Version(version)
    except InvalidVersion:
        expected = False if wanted.specifier else True
    else:
        expected = wanted.specifier.contains(version, prereleases=True)
    name, accepts = _requirement(requirement)
    assert name == wanted.name and accepts(version) == expected
