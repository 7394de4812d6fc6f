"""Start the Qt application: names, icon, the main window and the event loop."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ide.gui.mainwindow import APP_NAME, MainWindow

ICON_DIR = Path(__file__).resolve().parent / "icons"


def app_icon() -> QIcon:
    """The application icon, from its SVG and a PNG render (for platforms without the SVG plugin)."""
    icon = QIcon()
    for name in ("haas-ide.svg", "haas-ide.png"):
        path = ICON_DIR / name
        if path.exists():
            icon.addFile(str(path))
    return icon


def install_qt_translations(app: QApplication) -> None:
    """Qt's own texts (dialog buttons, the tab close button) in the IDE's language, once per app."""
    from ide.i18n import language

    if language() == "en" or app.property("haas_qt_translations"):
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language()), "qtbase", "_", folder):
        app.installTranslator(translator)
        app.setProperty("haas_qt_translations", True)


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication of this process (created on first use), named and with its icon."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("haas-ide")
    app.setWindowIcon(app_icon())
    return app


def freeze_startup_objects() -> None:
    """Leave what start-up made (modules, classes, widgets and their wrappers: most of the
    process's objects) out of Python's full garbage collections. Each full collection would walk
    them all again: a 25-50 ms stall of the window, seen in the middle of a console flood
    (benchmarks/gui_console.py). Call it once the main window is built."""
    gc.freeze()


def run(exit_when_shown: bool = False, argv: Sequence[str] | None = None) -> int:
    """Open the IDE and run the event loop; return the exit code.

    With `exit_when_shown` it quits with 0 as soon as the main window is shown and the event loop
    is idle (used to measure and test start-up).
    """
    app = application(argv)
    from ide.core.logs import setup_log_file
    from ide.gui.settings import Settings

    setup_log_file()
    from ide.i18n import chosen_language

    if chosen_language() is None:  # --lang on the command line wins over the saved setting
        Settings().apply_language()
    window = MainWindow()
    from ide.gui.errors import install_excepthook

    install_excepthook(window)
    window.show()
    freeze_startup_objects()
    if exit_when_shown:
        QTimer.singleShot(0, app.quit)
    else:
        from ide.gui.autosave import offer_recovery

        QTimer.singleShot(0, lambda: offer_recovery(window, window.autosaver))
    return app.exec()
