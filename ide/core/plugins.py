"""Finding, checking and activating plugins; the registry of what they added.

Plugins come from three places, in this order: the `plugins/` folder shipped with the IDE
("built-in"), the `plugins/` folder in the user's data directory ("user"), and the Python
entry-point group `haas_ide.plugins` ("installed", for pip-installed plugins). A plugin whose name
is already taken is refused with a message naming both, so a user plugin never silently replaces
a built-in one.

Each plugin is checked before it can add anything: disabled plugins are not even imported; the
API version it was written for must be one this IDE provides; the Python packages and plugins it
requires must be present. An import error, an exception in `activate()` or later in one of its
callbacks is recorded as a `Problem` with the plugin's name; whatever it had added is taken back
and the other plugins go on. Importing and activating a plugin is isolated from every
`BaseException` (a `sys.exit(7)` or a `raise KeyboardInterrupt` at import fails that plugin
alone), except the user's own Ctrl-C at the terminal (`CtrlCWatch` tells the two apart).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import json
import logging
import operator
import re
import signal
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ide.api.plugin import API_VERSION, Context, PluginInfo
from ide.core.atomic import write_atomic
from ide.core.errors import IdeError
from ide.core.jsonfile import read_json
from ide.i18n import _

ENTRY_POINT_GROUP = "haas_ide.plugins"
BUILT_IN, USER, INSTALLED = "built-in", "user", "installed"
ACTIVE, DISABLED, FAILED, REFUSED = "active", "disabled", "failed", "refused"
KINDS = ("commands", "docks", "settings_pages", "console_listeners", "board_dirs", "template_dirs",
         "deploy_methods", "cli_commands")

log = logging.getLogger("haas_ide.plugins")


@dataclass
class Candidate:
    """A plugin found but not imported yet."""

    name: str
    source: str          # BUILT_IN, USER or INSTALLED
    location: str        # a folder, a file, or "distribution: entry point"
    load: Callable[[], Any]


@dataclass
class LoadedPlugin:
    """A plugin and what became of it."""

    name: str
    source: str
    location: str
    state: str
    info: PluginInfo | None = None
    message: str = ""


@dataclass
class Problem:
    """A plugin that failed: `message` for the user, `details` (a traceback) for the log."""

    plugin: str
    message: str
    details: str = ""


@dataclass
class Registry:
    """Plugins and their contributions (lists of the records in ide.api.contributions)."""

    plugins: dict[str, LoadedPlugin] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    contributions: dict[str, list] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    _problem_listeners: list[Callable[[Problem], None]] = field(default_factory=list)

    def __getattr__(self, kind: str) -> list:
        if kind in KINDS:
            return self.contributions[kind]
        raise AttributeError(kind)

    def add(self, kind: str, item: Any) -> None:
        if kind == "deploy_methods" and self.deploy_method(item.name) is not None:
            raise ValueError(f"deploy method {item.name!r} is already provided by plugin "
                             f"{self.deploy_method(item.name).plugin!r}")
        self.contributions[kind].append(item)

    def deploy_method(self, name: str):
        return next((m for m in self.contributions["deploy_methods"] if m.name == name), None)

    def discard(self, plugin: str) -> None:
        """Take back everything `plugin` added."""
        for kind, items in self.contributions.items():
            items[:] = [i for i in items if _owner(i) != plugin]

    def active(self) -> list[LoadedPlugin]:
        return [p for p in self.plugins.values() if p.state == ACTIVE]

    # -- failures ----------------------------------------------------------------------------
    def on_problem(self, callback: Callable[[Problem], None]) -> Callable[[], None]:
        """Call `callback(problem)` for every problem from now on (the GUI shows them); returns
        the function that stops it."""
        self._problem_listeners.append(callback)
        return lambda: callback in self._problem_listeners and self._problem_listeners.remove(callback)

    def report(self, plugin: str, message: str, details: str = "") -> None:
        problem = Problem(plugin, message, details)
        self.problems.append(problem)
        log.error("plugin %s: %s\n%s", plugin, message, details)
        for listener in list(self._problem_listeners):
            try:
                listener(problem)
            except Exception:  # a listener gone stale (a closed window) must not hide the report
                log.exception("problem listener failed")

    def guard(self, plugin: str, function: Callable) -> Callable:
        """`function`, but an exception is reported against `plugin` (and gives None) instead
        of reaching the IDE. Errors meant for the user (`IdeError`) pass through."""

        def guarded(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except IdeError:
                raise
            except Exception as exc:
                self.report(plugin, _("Plugin {plugin} failed: {error}").format(plugin=plugin, error=one_line(exc)),
                            traceback.format_exc())
                return None

        guarded.__wrapped__ = function
        guarded.plugin = plugin
        return guarded


def _owner(item: Any) -> str:
    return item[0] if isinstance(item, tuple) else item.plugin


def one_line(exc: BaseException) -> str:
    """An exception as `Type: first line of its text`."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


# -- discovery -------------------------------------------------------------------------------------
def builtin_dir() -> Path:
    from ide.resources import data_dir

    return data_dir("plugins")


def user_dir() -> Path:
    from ide.core.userdirs import data_dir

    return data_dir() / "plugins"


def discover(builtin: Path | None, user: Path | None, entry_points: Iterable | None = None) -> list[Candidate]:
    """Every plugin in the two folders and the entry points, in load order."""
    found = []
    for source, folder in ((BUILT_IN, builtin), (USER, user)):
        if folder is not None and folder.is_dir():
            found += [_folder_candidate(source, path) for path in sorted(folder.iterdir()) if _is_plugin(path)]
    if entry_points is None:
        entry_points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    for point in entry_points:
        dist = getattr(getattr(point, "dist", None), "name", None) or "?"
        found.append(Candidate(point.name, INSTALLED, f"{dist}: {point.value}", point.load))
    return found


def _is_plugin(path: Path) -> bool:
    if path.name.startswith(("_", ".")):
        return False
    return (path.is_dir() and (path / "__init__.py").is_file()) or (path.is_file() and path.suffix == ".py")


def _folder_candidate(source: str, path: Path) -> Candidate:
    name = path.stem if path.is_file() else path.name
    return Candidate(name, source, str(path), lambda: _import_path(source, name, path))


def _import_path(source: str, name: str, path: Path) -> Any:
    module_name = f"haas_ide_plugin_{source.replace('-', '')}_{name}"
    if path.is_dir():
        spec = importlib.util.spec_from_file_location(module_name, path / "__init__.py",
                                                      submodule_search_locations=[str(path)])
    else:
        spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


# -- the user's choices ----------------------------------------------------------------------------
def _state_path() -> Path:
    from ide.core.userdirs import config_dir

    return config_dir() / "plugins.json"


def disabled_plugins() -> set[str]:
    """Names of the plugins the user turned off (in Settings > Plugins)."""
    try:
        return set(read_json(_state_path()).get("disabled", []))
    except (OSError, ValueError, AttributeError, TypeError):
        return set()


def set_plugin_enabled(name: str, enabled: bool) -> None:
    """Turn a plugin on or off from the next start."""
    disabled = disabled_plugins()
    (disabled.discard if enabled else disabled.add)(name)
    write_atomic(_state_path(), json.dumps({"disabled": sorted(disabled)}, indent=2))


# -- loading ---------------------------------------------------------------------------------------
def load_plugins(candidates: list[Candidate] | None = None, disabled: set[str] | None = None) -> Registry:
    """Check and activate every candidate (default: everything `discover` finds)."""
    if candidates is None:
        candidates = discover(builtin_dir(), user_dir())
    if disabled is None:
        disabled = disabled_plugins()
    registry = Registry()
    for candidate in candidates:
        _load_one(registry, candidate, disabled)
    return registry


def _load_one(registry: Registry, candidate: Candidate, disabled: set[str]) -> None:
    taken = registry.plugins.get(candidate.name)
    if taken is not None:
        _refuse_duplicate(registry, candidate, taken)
        return
    plugin = LoadedPlugin(candidate.name, candidate.source, candidate.location, DISABLED)
    registry.plugins[candidate.name] = plugin
    if candidate.name in disabled:
        plugin.message = _("Turned off in Settings.")
        return
    with CtrlCWatch() as ctrl_c:
        try:
            module = candidate.load()
            info = _declaration(module, candidate.name)
            plugin.info = info
            refusal = _refusal(info, registry)
            if refusal:
                plugin.state, plugin.message = REFUSED, refusal
                registry.report(candidate.name, refusal)
                return
            context = Context(info, registry, _plugin_data_dir(info.name), plugin_settings_path(info.name).parent)
            module.activate(context)
        except BaseException as exc:  # noqa: B036 - a plugin's sys.exit() must not end the IDE
            if ctrl_c.pressed(exc):
                raise
            _failed(registry, plugin, exc)
            return
    plugin.state = ACTIVE


def _failed(registry: Registry, plugin: LoadedPlugin, exc: BaseException) -> None:
    registry.discard(plugin.name)
    plugin.state = FAILED
    plugin.message = _("Plugin {plugin} failed to load: {error}").format(plugin=plugin.name, error=one_line(exc))
    registry.report(plugin.name, plugin.message, "".join(traceback.format_exception(exc)))


class CtrlCWatch:
    """Around plugin code: tells the user's Ctrl-C at the terminal (a SIGINT reaching this
    process) from a `KeyboardInterrupt` the plugin raises itself. Only the main thread receives
    signals; elsewhere, and where SIGINT is ignored or not Python's, no interrupt is the user's."""

    def __init__(self) -> None:
        self._signalled = False
        self._previous: Any = None

    def __enter__(self) -> "CtrlCWatch":
        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)
            if callable(previous):
                self._previous = previous
                signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _on_sigint(self, signum: int, frame: Any) -> None:
        self._signalled = True
        self._previous(signum, frame)

    def pressed(self, exc: BaseException) -> bool:
        """True when `exc` is the user's Ctrl-C, which must reach the user."""
        return isinstance(exc, KeyboardInterrupt) and self._signalled


def _refuse_duplicate(registry: Registry, candidate: Candidate, taken: LoadedPlugin) -> None:
    message = _("A plugin named {plugin} is already loaded ({source}: {location}); the one in {other} "
                "was not loaded. Rename one of them.").format(plugin=candidate.name, source=source_text(taken.source),
                                                              location=taken.location, other=candidate.location)
    registry.report(candidate.name, message)


def source_text(source: str) -> str:
    """The user's words for where a plugin came from."""
    return {BUILT_IN: _("Built-in"), USER: _("User folder"), INSTALLED: _("Installed (pip)")}.get(source, source)


def state_text(state: str) -> str:
    """The user's word for a plugin's state."""
    return {ACTIVE: _("On"), DISABLED: _("Off"), FAILED: _("Failed"), REFUSED: _("Refused")}.get(state, state)


def _declaration(module: Any, name: str) -> PluginInfo:
    info = getattr(module, "PLUGIN", None)
    if not isinstance(info, PluginInfo) or not callable(getattr(module, "activate", None)):
        raise ValueError(_("it does not define PLUGIN = PluginInfo(...) and activate(context)"))
    if info.name != name:
        raise ValueError(_("it calls itself {declared}, but is installed as {name}").format(declared=info.name,
                                                                                        name=name))
    return info


def _refusal(info: PluginInfo, registry: Registry) -> str:
    """Why `info` cannot be activated here, or ""."""
    if not api_compatible(info.api):
        return _("Plugin {plugin} needs plugin API {wanted}; this HaaS IDE provides {have}. "
                 "Update HaaS IDE or the plugin.").format(plugin=info.name, wanted=info.api, have=API_VERSION)
    for requirement in info.requires:
        missing = _missing(requirement, registry)
        if missing:
            return _("Plugin {plugin} needs {requirement}: {problem}").format(plugin=info.name,
                                                                             requirement=requirement, problem=missing)
    return ""


def api_compatible(wanted: str) -> bool:
    """True when this IDE's API serves a plugin written for `wanted` (same major, minor <= ours)."""
    try:
        want = [int(part) for part in str(wanted).split(".")]
    except ValueError:
        return False
    have = [int(part) for part in API_VERSION.split(".")]
    return want[0] == have[0] and want[1:2] <= have[1:2]


def _missing(requirement: str, registry: Registry) -> str:
    if requirement.startswith("plugin:"):
        other = registry.plugins.get(requirement[len("plugin:"):])
        return "" if other is not None and other.state == ACTIVE else _("that plugin is not active")
    name, accepts = _requirement(requirement)
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return _("it is not installed (pip install \"{requirement}\")").format(requirement=requirement)
    if not accepts(version):
        return _("version {version} is installed").format(version=version)
    return ""


# the operators whose meaning is plain version order (packaging's > and < treat pre- and
# post-releases of the bound specially)
_SIMPLE_REQUIREMENT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)((?:\s*(?:>=|<=|==|!=)\s*[0-9][0-9.]*\s*,?)*)\s*")
_COMPARE = {">=": operator.ge, "<=": operator.le, "==": operator.eq, "!=": operator.ne}


def _requirement(text: str) -> tuple[str, Callable[[str], bool]]:
    """The distribution name of a requirement and a test of an installed version against it.
    `name>=1.2,!=1.5` is read with packaging's Version alone; anything else (<, >, ~=, markers)
    with packaging's full parser, whose import costs the IDE's start-up 45 ms."""
    simple = _SIMPLE_REQUIREMENT.fullmatch(text)
    if simple is None:
        from packaging.requirements import Requirement

        wanted = Requirement(text)
        return wanted.name, lambda version: not wanted.specifier or wanted.specifier.contains(version, prereleases=True)
    from packaging.version import InvalidVersion, Version

    clauses = [(op, Version(number)) for op, number in re.findall(r"(>=|<=|==|!=)\s*([0-9][0-9.]*)",
                                                                   simple.group(2))]

    def accepts(version: str) -> bool:
        if not clauses:
            return True
        try:
            have = Version(version)
        except InvalidVersion:
            return False
        return all(_COMPARE[op](have, limit) for op, limit in clauses)

    return simple.group(1), accepts


def _plugin_data_dir(name: str) -> Path:
    from ide.core.userdirs import data_dir

    return data_dir() / "plugin-data" / name


def plugin_settings_path(name: str) -> Path:
    """Where `Context.settings` of plugin `name` is kept."""
    from ide.core.userdirs import config_dir

    return config_dir() / "plugin-settings" / f"{name}.json"


# -- the process's plugins -------------------------------------------------------------------------
_current: Registry | None = None


def current() -> Registry:
    """The plugins of this process, loaded on first use."""
    if _current is None:
        install(load_plugins())
    return _current


def install(registry: Registry) -> None:
    """Make `registry` the process's plugins: its boards and templates join the catalogues."""
    global _current
    _current = registry
    _set_folders("ide.core.boards", [folder for _plugin, folder in registry.board_dirs])
    _set_folders("ide.core.templates", [folder for _plugin, folder in registry.template_dirs])


def _set_folders(module_name: str, folders: list[Path]) -> None:
    """Give a catalogue module its plugin folders, importing it only when there are some (the
    catalogues are not needed to start the IDE)."""
    if folders or module_name in sys.modules:
        importlib.import_module(module_name).set_extra_folders(folders)


def forget() -> None:
    """Drop the process's plugins (their boards and templates leave the catalogues); the next
    `current()` loads them again."""
    global _current
    _current = None
    _set_folders("ide.core.boards", [])
    _set_folders("ide.core.templates", [])
