"""The Plotter: numbers the board's program prints, plotted live (one series per column or name).

The plugin listens to the console from the start (a cheap, bounded, pure-Python collector, see
`collector`), so numbers printed before the Plotter is opened are plotted when it opens. The
dock's widget (`panel`, which imports pyqtgraph and numpy) is built only when the user first
shows the dock, so the IDE's start-up does not pay for them.

Formats it understands are listed in `parse`; how a flood is handled in `collector` and `decimate`.
"""

from __future__ import annotations

from ide import api

_ = api.translator(__file__)

PLUGIN = api.PluginInfo(
    name="plotter", version="1.0.0", api="1.0", title=_("Plotter"),
    description=_("Plots the numbers your program prints, live: one line per column or name, "
                  "with pause, zoom, a time window and export to CSV and PNG."),
    requires=("pyqtgraph>=0.13",))


def activate(context: api.Context) -> None:
    plotter = Plotter(context.settings)
    context.add_console_listener(plotter.feed)
    context.add_dock("plotter", _("Plotter"), plotter.build_panel, area="bottom")


class Plotter:
    """The plugin's state: the collector, made on the first output (activating imports nothing)."""

    def __init__(self, settings=None) -> None:
        self.settings = settings
        self._collector = None

    @property
    def collector(self):
        if self._collector is None:
            from .collector import Collector

            self._collector = Collector()
        return self._collector

    def feed(self, lines: list[str]) -> None:
        """The console listener."""
        self.collector.feed(lines)

    def build_panel(self, window):
        """The dock's widget (imports pyqtgraph: called when the dock is first shown)."""
        from .panel import PlotterPanel

        return PlotterPanel(self.collector, window, self.settings)
