"""The driver library: HaaS Python's haas-python-* driver packages from PyPI, added to a project.

PyPI holds the drivers as upip-style source archives (PKG-INFO, LICENSE and the module files).
This plugin finds them in a shipped index (`index.json`, made by `fetch_index.py`), downloads the
chosen archive on the host into a cache, checks its sha256, and copies the module files into the
project, recording what it added in the project's settings so the project can be rebuilt.

It contributes `haas-ide lib search|add|remove|list|restore` and Tools > Driver library...

Modules: `pypi` (HTTP), `cache`, `catalog` (the index, search), `source` (PyPI or the cache),
`archive` (which files are module files), `installer` (the project side), `cli`, `dialog` (Qt).
The PyPI JSON API's root is https://pypi.org/pypi, or the `pypi_url` setting, or
$HAAS_IDE_PYPI_URL (tests point it at a local server).
"""

from __future__ import annotations

from typing import Any

from ide import api

from . import cli

_ = api.translator(__file__)

PLUGIN = api.PluginInfo(
    name="library", version="1.0.0", api="1.0", title=_("Driver library"),
    description=_("Search HaaS Python's driver packages on PyPI and add them to a project, offline from a cache."))


def activate(context: api.Context) -> None:
    def source() -> Any:
        from . import pypi  # the network and archive code loads when first used, not at every start
        from .source import Source

        return Source(context.data_dir / "cache", pypi.base_url(context.settings.get("pypi_url")))

    configure, run = cli.make(source)
    context.add_cli_command("lib", _("search, add and remove HaaS driver libraries"), configure, run)
    context.add_command("library", _("Driver &library..."), lambda window: _open_dialog(window, source),
                        menu="tools", tip=_("Add HaaS driver packages from PyPI to the project"))


_dialog: Any = None   # the open dialog, kept alive when the window gives no parent


def _open_dialog(window: Any, source: Any) -> Any:
    global _dialog
    from .dialog import LibraryDialog

    _dialog = LibraryDialog(window, source())
    _dialog.open()
    return _dialog
