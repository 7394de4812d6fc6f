"""The Plotter dock: a pyqtgraph plot of the collected series, with its toolbar.

The plot is redrawn on a timer (`REFRESH_MS`), never per line, and only when rows were added, so
a flood costs one redraw per tick whatever its rate; each redraw draws the rows of the time window
decimated to two points per pixel column (`decimate.series_points`).

- **Follow / pause.** Running, the x axis shows the last `window` seconds of data and the y axis
  fits the values. Pause freezes the view (collecting goes on; see `collector`); zooming or
  panning with the mouse (wheel, drag) pauses too, so the view stays where the user put it.
  "Live view" resumes and fits the axes again.
- **Export.** CSV: every row kept (`export.write_csv`); PNG: the plot as shown.
- **Theme.** Colours follow the palette (dark window: dark theme) until `set_theme()` is called.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QSpinBox, QToolButton, QVBoxLayout, QWidget

from ide import api

from .collector import Collector
from .decimate import series_points, window_arrays
from .export import write_csv, write_png
from .theme import THEMES, theme_for

_ = api.translator(__file__)

REFRESH_MS = 40
DEFAULT_WINDOW = 30
MAX_WINDOW = 3600
MIN_BUCKETS, MAX_BUCKETS = 100, 4000
WINDOW_SETTING = "window_seconds"


class PlotterPanel(QWidget):
    """The plot of `collector`'s table. `window`: the IDE's (project_dir, show_message), or None."""

    def __init__(self, collector: Collector, window=None, settings=None, *, decimate: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plotterPanel")
        self.collector = collector
        self.ide_window = window
        self.settings = settings
        self.decimate = decimate
        self.paused = False
        self.drawn_points = 0           # points given to pyqtgraph by the last redraw
        self.redraws = 0
        self._drawn_revision = -1
        self._curves: dict = {}
        self._theme_name: str | None = None
        self._build()
        self._apply_theme()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    # -- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.plot = self._make_plot()
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(self._make_toolbar())
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.status)
        self._show_status()

    def _make_plot(self) -> pg.PlotWidget:
        plot = pg.PlotWidget(self)
        plot.setMenuEnabled(False)          # our toolbar instead of pyqtgraph's untranslated menu
        scene = plot.scene()
        for action in scene.contextMenu:    # pyqtgraph's own "Export..." (English, and a second export)
            shiboken6.delete(action)
        scene.contextMenu = []
        plot.hideButtons()
        plot.showGrid(x=True, y=True, alpha=0.25)
        for name in ("left", "bottom"):
            plot.getAxis(name).setStyle(maxTickLevel=0)     # minor grid lines cost 10+ ms a frame
        plot.setLabel("bottom", _("Time (s)"))
        self.legend = plot.addLegend(offset=(8, 8))
        plot.getViewBox().sigRangeChangedManually.connect(self._on_manual_range)
        return plot

    def _make_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.pause_button = self._button(_("Pause"), _("Freeze the view; numbers are still collected"),
                                         checkable=True)
        self.pause_button.toggled.connect(self.set_paused)
        self.live_button = self._button(_("Live view"), _("Follow the newest numbers and fit the axes"))
        self.live_button.clicked.connect(self.go_live)
        self.clear_button = self._button(_("Clear"), _("Forget the numbers collected so far"))
        self.clear_button.clicked.connect(self.clear)
        self.csv_button = self._button(_("Export CSV…"), _("Save all collected numbers as a CSV file"))
        self.csv_button.clicked.connect(self.export_csv)
        self.png_button = self._button(_("Export PNG…"), _("Save the plot as shown as a PNG picture"))
        self.png_button.clicked.connect(self.export_png)
        self.window_box = self._make_window_box()
        for widget in (self.pause_button, self.live_button, self.clear_button):
            bar.addWidget(widget)
        bar.addWidget(QLabel(_("Window:"), self))
        bar.addWidget(self.window_box)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.png_button)
        return bar

    def _button(self, text: str, tip: str, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setAutoRaise(True)
        return button

    def _make_window_box(self) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(1, MAX_WINDOW)
        box.setSuffix(_(" s"))
        box.setToolTip(_("How many seconds of the newest numbers the plot shows"))
        box.setValue(int(self._setting(WINDOW_SETTING, DEFAULT_WINDOW)))
        box.valueChanged.connect(self._on_window_changed)
        return box

    # -- drawing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw if there is something new to show (called by the timer)."""
        if self.paused or not self.isVisible() or self.up_to_date():
            return
        self.redraw()

    def up_to_date(self) -> bool:
        """True when the plot shows every row collected so far."""
        return self._drawn_revision == self.collector.revision

    def redraw(self) -> None:
        """Draw the time window of every series now, and follow the newest values."""
        table = self.collector.table
        times, columns = window_arrays(table, self.window_box.value())
        buckets = self._buckets() if self.decimate else None
        total = 0
        for index, (key, values) in enumerate(zip(table.keys, columns)):
            x, y = series_points(times, values, buckets)
            self._curve(index, key).setData(x, y)
            total += len(x)
        self._drop_curves(set(table.keys))
        self.drawn_points = total
        self._drawn_revision = self.collector.revision
        self.redraws += 1
        self._follow(table.last_time())
        self._show_status()

    def _buckets(self) -> int:
        width = int(self.plot.getViewBox().width())
        return max(MIN_BUCKETS, min(MAX_BUCKETS, width))

    def _curve(self, index: int, key):
        curve = self._curves.get(key)
        if curve is None:
            colour = THEMES[self.theme()].series_colour(index)
            curve = self.plot.plot(name=self.series_name(key), pen=pg.mkPen(colour, width=1))
            self._curves[key] = curve
        return curve

    def _drop_curves(self, keep: set) -> None:
        for key in [key for key in self._curves if key not in keep]:
            self.plot.removeItem(self._curves.pop(key))

    def _follow(self, last: float | None) -> None:
        window = self.window_box.value()
        end = max(last or 0.0, float(window))
        self.plot.setXRange(end - window, end, padding=0)
        self.plot.enableAutoRange(axis="y")

    def _show_status(self) -> None:
        self.status.setText(self.status_text())

    def status_text(self) -> str:
        table = self.collector.table
        if not len(table):
            return _("No numbers yet. Print them from your program: print(t, h) or print('temp:', t)")
        text = _("{rows} rows, {series} series").format(rows=len(table), series=len(table.keys))
        if self.collector.stride > 1:
            text += "  " + _("Flood: plotting 1 line in {step}").format(step=self.collector.stride)
        if self.paused:
            text = _("Paused") + "  " + text
        return text

    def series_name(self, key) -> str:
        """The legend and CSV name of a series: its own name, or "Column 2" for the 2nd unnamed value."""
        return key if isinstance(key, str) else _("Column {number}").format(number=key + 1)

    # -- the toolbar's actions -------------------------------------------------------------------
    def set_paused(self, paused: bool) -> None:
        """Freeze (True) or follow (False) the newest values."""
        self.paused = paused
        if self.pause_button.isChecked() != paused:
            self.pause_button.setChecked(paused)
        self.pause_button.setText(_("Resume") if paused else _("Pause"))
        if not paused:
            self._drawn_revision = -1
            self.refresh()
        self._show_status()

    def go_live(self) -> None:
        """Resume, follow the newest values and fit the y axis to them."""
        self.set_paused(False)
        self.redraw()

    def clear(self) -> None:
        self.collector.clear()
        self.redraw()

    def _on_manual_range(self, *args) -> None:
        if not self.paused:
            self.set_paused(True)

    def _on_window_changed(self, seconds: int) -> None:
        if self.settings is not None:
            self.settings.set(WINDOW_SETTING, seconds)
        self._drawn_revision = -1
        self.refresh()

    def export_csv(self) -> None:
        path = self._ask_path(_("Export the numbers as CSV"), "plot.csv", _("CSV files (*.csv)"))
        if path:
            self.save_csv(path)

    def export_png(self) -> None:
        path = self._ask_path(_("Export the plot as PNG"), "plot.png", _("PNG pictures (*.png)"))
        if path:
            self.save_png(path)

    def save_csv(self, path: str | Path) -> bool:
        try:
            rows = write_csv(self.collector.table, [self.series_name(k) for k in self.collector.table.keys], path)
        except OSError as exc:
            return self._tell(_("Could not save {path}: {error}").format(path=path, error=exc.strerror or exc), False)
        return self._tell(_("Saved {rows} rows to {path}").format(rows=rows, path=path), True)

    def save_png(self, path: str | Path) -> bool:
        if not write_png(self.plot, path):
            return self._tell(_("Could not save {path}").format(path=path), False)
        return self._tell(_("Saved the plot to {path}").format(path=path), True)

    def _ask_path(self, title: str, name: str, filters: str) -> str:
        path, _chosen = QFileDialog.getSaveFileName(self, title, str(self._folder() / name), filters)
        return path

    def _folder(self) -> Path:
        project = self.ide_window.project_dir() if self.ide_window is not None else None
        return Path(project) if project else Path.home()

    def _tell(self, text: str, result: bool) -> bool:
        if self.ide_window is not None:
            self.ide_window.show_message(text)
        else:
            self.status.setText(text)
        return result

    def _setting(self, key: str, default):
        return default if self.settings is None else self.settings.get(key, default)

    # -- theme -----------------------------------------------------------------------------------
    def theme(self) -> str:
        return self._theme_name or theme_for(self.palette())

    def set_theme(self, name: str) -> None:
        """Use the "light" or "dark" colours from now on (instead of following the palette)."""
        self._theme_name = name
        self._apply_theme()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._theme_name is None and hasattr(self, "legend"):
            self._apply_theme()

    def _apply_theme(self) -> None:
        theme = THEMES[self.theme()]
        self.plot.setBackground(theme.background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(theme.foreground)
            axis.setTextPen(theme.foreground)
        self.legend.setBrush(theme.legend_background)
        self.legend.setLabelTextColor(theme.foreground)
        for _sample, label in self.legend.items:
            label.setText(label.text)          # labels take a new colour when their text is set
        for index, key in enumerate(self.collector.table.keys):
            if key in self._curves:
                self._curves[key].setPen(pg.mkPen(theme.series_colour(index), width=1))
