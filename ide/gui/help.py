"""The Help menu's own commands: the documentation (F1), the keyboard shortcuts, and diagnostics
copied for a bug report.

`add_help_actions(window, menu)` puts the three commands at the top of the Help menu (About stays
last). The documentation is a built-in, translated guide, so it works offline and in Chinese. The shortcut list
is read from the window's actions when it opens, so every command with a key shows up, plugins'
and menus added later included, next to the console's own keys. The diagnostics (versions, system,
Qt, the board session, plugins, the end of the log) go to the clipboard and are shown, so the user
sees what a report would contain.
"""

from __future__ import annotations

import re

from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QMessageBox, QTableWidget, QTableWidgetItem, QTextBrowser,
                               QVBoxLayout, QWidget)

from ide.i18n import _

GUIDE_KEY = QKeySequence.StandardKey.HelpContents   # F1
MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")          # "&Save", "保存(&S)"


def add_help_actions(window, menu) -> dict[str, QAction]:
    """Add Documentation, Keyboard shortcuts and Copy diagnostics above the menu's existing commands."""
    first = menu.actions()[0] if menu.actions() else None
    actions = {
        "guide": _action(window, _("&Documentation"), lambda: show_guide(window), GUIDE_KEY),
        "shortcuts": _action(window, _("&Keyboard shortcuts"), lambda: show_shortcuts(window)),
        "diagnostics": _action(window, _("&Copy diagnostics for a bug report"), lambda: copy_diagnostics(window)),
    }
    menu.insertActions(first, list(actions.values()))
    if first is not None:
        menu.insertSeparator(first)
    return actions


def _action(window, text: str, slot, shortcut=None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(shortcut)
    action.triggered.connect(slot)
    return action


def _dialog(parent: QWidget, name: str, title: str, body: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    body.setParent(dialog)
    layout.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog


# -- the guide --------------------------------------------------------------------------------
def guide_sections() -> list[tuple[str, str]]:
    """(title, paragraph) of the built-in guide, in the user's language."""
    return [
        (_("First steps"), _("Create a project with File > New project... (a template for your board) or open a "
                             "folder. Write your program in main.py and describe the board's pins in board.json, "
                             "then press Deploy (F5): the changed files go to the board, main.py runs, and its "
                             "output appears in the Console.")),
        (_("No board at hand"), _("The virtual board is built in: pick Virtual board in the port box. It behaves "
                                  "like a HaaS ESP32 board; its LEDs, sensors and cloud traffic show in the Virtual "
                                  "board panel.")),
        (_("Ports"), _("Pick a USB board in the port box, or type any port and press Enter: /dev/ttyUSB0, COM9, "
                       "socket://HOST:PORT or rfc2217://HOST:PORT (a board on the network, or one served by "
                       "haas-ide board serve).")),
        (_("The console"), _("Type a line and press Enter to send it to the board. Ctrl+C (or Stop) interrupts "
                             "the program, Ctrl+D restarts Python on the board, Up and Down recall earlier lines. "
                             "Click a line of a traceback to open the file at that line.")),
        (_("Files and firmware"), _("The Device files panel lists, uploads and downloads the files on the board "
                                    "(listing stops the running program). Tools > Flash firmware... writes the "
                                    "HaaS firmware to a board.")),
        (_("Reporting a problem"), _("Help > Copy diagnostics for a bug report copies what the developers need "
                                     "to know; paste it into your report together with what you did.")),
    ]


def guide_html() -> str:
    from html import escape

    return "".join(f"<h3>{escape(title)}</h3><p>{escape(text)}</p>" for title, text in guide_sections())


def show_guide(window) -> QDialog:
    browser = QTextBrowser()
    browser.setObjectName("guide-text")
    browser.setHtml(guide_html())
    dialog = _dialog(window, "guide-dialog", _("HaaS IDE documentation"), browser)
    dialog.resize(640, 520)
    dialog.open()
    return dialog


# -- keyboard shortcuts -----------------------------------------------------------------------
def console_keys() -> list[tuple[str, str]]:
    """Keys of the console that are not commands of a menu."""
    return [(_("Interrupt the program (console, nothing selected)"), "Ctrl+C"),
            (_("Restart Python on the board (console)"), "Ctrl+D"),
            (_("Send the typed line to the board"), "Enter"),
            (_("Earlier and later lines typed (console)"), "Up / Down")]


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(command, keys) for every enabled-or-not action of `window` with a shortcut, then the
    console's keys. Keys are shown as the system shows them (Ctrl on Windows and Linux, ⌘ on macOS)."""
    rows, seen = [], set()
    for action in window.findChildren(QAction):
        keys = [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts() if not key.isEmpty()]
        name = MNEMONIC.sub("", action.text()).rstrip(".").strip()
        if keys and name and (name, tuple(keys)) not in seen:
            seen.add((name, tuple(keys)))
            rows.append((name, " / ".join(keys)))
    native = {"Ctrl+C": QKeySequence("Ctrl+C"), "Ctrl+D": QKeySequence("Ctrl+D")}
    for name, keys in console_keys():
        rows.append((name, native[keys].toString(QKeySequence.SequenceFormat.NativeText) if keys in native else keys))
    return rows


def show_shortcuts(window) -> QDialog:
    from ide.gui.widgets import fit_columns

    rows = shortcut_rows(window)
    table = QTableWidget(len(rows), 2)
    table.setObjectName("shortcuts-table")
    table.setHorizontalHeaderLabels([_("Command"), _("Keys")])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for row, (name, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(name))
        table.setItem(row, 1, QTableWidgetItem(keys))
    fit_columns(table, stretch=0)
    dialog = _dialog(window, "shortcuts-dialog", _("Keyboard shortcuts"), table)
    dialog.resize(dialog.sizeHint().width(), 480)
    dialog.open()
    return dialog


# -- diagnostics --------------------------------------------------------------------------------
def diagnostics_text(window) -> str:
    """The bug report text for `window`: environment, Qt, the board session, plugins, log."""
    from ide.core.bugreport import report_text
    from ide.core.logs import log_path

    return report_text([_qt_section(), _session_section(window), _plugins_section(window)], log_path())


def _qt_section():
    import PySide6

    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen()
    size = screen.size() if screen is not None else None
    rows = [("Qt", qVersion()), ("PySide6", PySide6.__version__),
            ("Platform plugin", app.platformName() if app is not None else "-"),
            ("Screen", f"{size.width()}x{size.height()} @{screen.devicePixelRatio():g}" if size else "-")]
    return "Qt", rows


def _session_section(window):
    worker = getattr(window, "worker", None)
    project = getattr(window, "project_dir", None)
    labels = {name: getattr(window, name).text() if hasattr(window, name) else "" for name in
              ("port_label", "board_label", "firmware_label")}
    rows = [("Port", window.device_toolbar.port() if hasattr(window, "device_toolbar") else "-"),
            ("Port shown", labels["port_label"] or "-"), ("Connection", worker.state if worker else "-"),
            ("Board", labels["board_label"] or "-"), ("Firmware", labels["firmware_label"] or "-"),
            ("Project", str(project) if project else "-")]
    return "Session", rows


def _plugins_section(window):
    registry = getattr(window, "plugins", None)
    plugins = registry.plugins.values() if registry is not None else []
    rows = [(p.name, f"{p.info.version if p.info else '?'} {p.source} {p.state} {p.message}".strip())
            for p in plugins]
    return "Plugins", rows or [("-", "none")]


def copy_diagnostics(window) -> QMessageBox:
    """Put the diagnostics on the clipboard and show them (what the user is about to share)."""
    text = diagnostics_text(window)
    QGuiApplication.clipboard().setText(text)
    box = QMessageBox(QMessageBox.Icon.Information, _("Copy diagnostics for a bug report"),
                      _("The diagnostics are on the clipboard: paste them into your bug report, with what you "
                        "did and what you expected. Show details to see what they contain."), parent=window)
    box.setObjectName("diagnostics-box")
    box.setDetailedText(text)
    box.open()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(_("Diagnostics copied to the clipboard."), 5000)
    return box
