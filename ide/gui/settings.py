"""The user's preferences, typed, over QSettings: language, theme, editor font and options, console.

`Settings(store)` reads and writes one QSettings (the application's own by default; tests pass a
QSettings on a temporary ini file). `apply_to(window)` colours the application (`apptheme`) and
pushes the theme, font and editor options to every open editor and the console;
`apply_to_editor(editor)` does it for one new editor.
The language is applied once, at start-up (`apply_language()`), before any window is built.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontDatabase

from ide import i18n

LANGUAGE_CHOICES = ("system", "en", "zh_CN")
THEME_CHOICES = ("light", "dark", "system")
SC_WS_INVISIBLE, SC_WS_VISIBLEALWAYS = 0, 1
SC_WRAP_NONE, SC_WRAP_WORD = 0, 1

TAB_WIDTH_RANGE = (1, 16)
FONT_SIZE_RANGE = (6, 72)
SCROLLBACK_RANGE = (100, 1_000_000)


def _default_font() -> tuple[str, int]:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    return font.family() or "monospace", max(font.pointSize(), 10)


def _as_bool(value, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _as_int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


class Settings:
    """Typed getters and setters; every value is written to the store at once."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings()

    # -- helpers ------------------------------------------------------------------------------
    def _choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.store.value(key, default)
        return value if value in choices else default

    def _set_choice(self, key: str, value: str, choices: tuple[str, ...]) -> None:
        if value not in choices:
            raise ValueError(f"{key}: {value!r} is not one of {choices}")
        self.store.setValue(key, value)

    # -- language and theme --------------------------------------------------------------------
    @property
    def language(self) -> str:
        """"system", "en" or "zh_CN"."""
        return self._choice("general/language", LANGUAGE_CHOICES, "system")

    @language.setter
    def language(self, value: str) -> None:
        self._set_choice("general/language", value, LANGUAGE_CHOICES)

    def apply_language(self) -> None:
        """Make the chosen language the current one (call before building any window)."""
        i18n.set_language(None if self.language == "system" else self.language)

    @property
    def theme(self) -> str:
        """"light", "dark" or "system" (follow the system's colour scheme)."""
        return self._choice("appearance/theme", THEME_CHOICES, "system")

    @theme.setter
    def theme(self, value: str) -> None:
        self._set_choice("appearance/theme", value, THEME_CHOICES)

    def colour_theme(self) -> str:
        """The theme shown: "light" or "dark" ("system" resolved)."""
        from ide.gui import apptheme

        return apptheme.resolve(self.theme)

    # -- editor ------------------------------------------------------------------------------
    @property
    def font_family(self) -> str:
        value = self.store.value("editor/font_family")
        return str(value) if value else _default_font()[0]

    @font_family.setter
    def font_family(self, value: str) -> None:
        self.store.setValue("editor/font_family", str(value))

    @property
    def font_size(self) -> int:
        return _as_int(self.store.value("editor/font_size"), _default_font()[1], *FONT_SIZE_RANGE)

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.store.setValue("editor/font_size", _as_int(value, _default_font()[1], *FONT_SIZE_RANGE))

    @property
    def tab_width(self) -> int:
        return _as_int(self.store.value("editor/tab_width"), 4, *TAB_WIDTH_RANGE)

    @tab_width.setter
    def tab_width(self, value: int) -> None:
        self.store.setValue("editor/tab_width", _as_int(value, 4, *TAB_WIDTH_RANGE))

    @property
    def show_whitespace(self) -> bool:
        return _as_bool(self.store.value("editor/show_whitespace"), False)

    @show_whitespace.setter
    def show_whitespace(self, value: bool) -> None:
        self.store.setValue("editor/show_whitespace", bool(value))

    @property
    def wrap_lines(self) -> bool:
        return _as_bool(self.store.value("editor/wrap_lines"), False)

    @wrap_lines.setter
    def wrap_lines(self, value: bool) -> None:
        self.store.setValue("editor/wrap_lines", bool(value))

    # -- console ------------------------------------------------------------------------------
    @property
    def scrollback(self) -> int:
        from ide.gui.console import MAX_LINES

        return _as_int(self.store.value("console/scrollback"), MAX_LINES, *SCROLLBACK_RANGE)

    @scrollback.setter
    def scrollback(self, value: int) -> None:
        from ide.gui.console import MAX_LINES

        self.store.setValue("console/scrollback", _as_int(value, MAX_LINES, *SCROLLBACK_RANGE))

    @property
    def timestamps(self) -> bool:
        return _as_bool(self.store.value("console/timestamps"), False)

    @timestamps.setter
    def timestamps(self, value: bool) -> None:
        self.store.setValue("console/timestamps", bool(value))

    # -- applying ------------------------------------------------------------------------------
    def apply_to_editor(self, editor) -> None:
        """Theme, font and options on one editor (anything that is not a CodeEditor is left alone)."""
        from ide.gui.editor import CodeEditor

        if not isinstance(editor, CodeEditor):
            return
        editor.set_theme(self.colour_theme())
        editor.set_font(self.font_family, self.font_size)
        editor.setTabWidth(self.tab_width)
        editor.setIndent(self.tab_width)
        editor.setViewWS(SC_WS_VISIBLEALWAYS if self.show_whitespace else SC_WS_INVISIBLE)
        editor.setWrapMode(SC_WRAP_WORD if self.wrap_lines else SC_WRAP_NONE)

    def apply_to(self, window) -> None:
        """Apply to the whole application's colours, every editor of `window` and its console; with
        the "system" theme, apply again whenever the system switches between light and dark."""
        from ide.gui import apptheme

        theme = apptheme.apply(self.theme)
        apptheme.follow_system(window, lambda: self.theme == apptheme.SYSTEM and self.apply_to(window))
        for editor in window.editors():
            self.apply_to_editor(editor)
        console = getattr(window, "console", None)
        if console is not None:
            console.set_theme(theme)
            console.set_timestamps(self.timestamps)
            console.set_max_lines(self.scrollback)
        host = getattr(window, "plugin_host", None)
        if host is not None:
            host.set_theme(theme)
