"""Colours of the plot in the IDE's light and dark themes (the console's background and text).

Series colours are picked per theme so that each stands out on that background; the n-th series
takes the n-th colour, cycling. `theme_for(palette)` guesses the theme from a Qt palette (a dark
window background means the dark theme) for when the IDE does not say.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlotTheme:
    background: str
    foreground: str
    legend_background: str
    series: tuple[str, ...]

    def series_colour(self, index: int) -> str:
        return self.series[index % len(self.series)]


LIGHT = PlotTheme(
    background="#ffffff", foreground="#1e1e1e", legend_background="#ffffffd0",
    series=("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22"))

DARK = PlotTheme(
    background="#1e1f22", foreground="#d8d8d8", legend_background="#1e1f22d0",
    series=("#61afef", "#f0605d", "#5fd068", "#e5c07b", "#c678dd", "#56b6c2", "#ff9e64", "#f5a6d8",
            "#b0b0b0", "#d7e36b"))

THEMES = {"light": LIGHT, "dark": DARK}


def theme_for(palette) -> str:
    """"dark" when the palette's window colour is dark, else "light" (`palette`: a QPalette)."""
    from PySide6.QtGui import QPalette

    return "dark" if palette.color(QPalette.ColorRole.Window).lightness() < 128 else "light"
