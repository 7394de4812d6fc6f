"""The Plotter plugin as the IDE runs it: loaded by the real loader, fed through its console
listener, its dock built by the registry's factory; drawing, pause, window, export, theme, flood."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer

from ide.core.userdirs import config_dir
from ide.i18n import set_language

from .conftest import REPO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test starts with the default time window (the plugin keeps the user's choice)."""
    (config_dir() / "plugin-settings" / "plotter.json").unlink(missing_ok=True)


def curve_data(panel) -> dict[str, tuple[list[float], list[float]]]:
    return {panel.series_name(key): tuple(map(list, curve.getData())) for key, curve in panel._curves.items()}


def legend_names(panel) -> list[str]:
    return [label.text for _sample, label in panel.legend.items]


def wait_ticks(qtbot, panel, count: int = 3) -> None:
    """Let the panel's refresh timer fire `count` times (no sleeping)."""
    ticks = []
    panel.timer.timeout.connect(lambda: ticks.append(1))
    qtbot.waitUntil(lambda: len(ticks) >= count, timeout=5000)


# -- loading ---------------------------------------------------------------------------------------
def test_the_loader_activates_the_plugin_with_a_listener_and_a_dock(registry):
    assert registry.plugins["plotter"].state == "active"
    assert len(registry.console_listeners) == 1
    (dock,) = registry.docks
    assert (dock.plugin, dock.id, dock.title, dock.area) == ("plotter", "plotter", "Plotter", "bottom")
    assert "pyqtgraph>=0.13" in registry.plugins["plotter"].info.requires


def test_activating_and_collecting_import_neither_pyqtgraph_nor_numpy():
    code = ("import sys; from tests.plugins.plotter.conftest import load_plotter; r = load_plotter(); "
            "r.console_listeners[0][1](['1 2', 'a=3']); "
            "print(sorted(m for m in ('pyqtgraph', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- drawing ---------------------------------------------------------------------------------------
def test_numbers_printed_before_the_panel_opens_are_plotted(listener, make_panel):
    listener(["boot: ok", "1 10", "2 20", "3 30"])
    panel = make_panel()
    panel.redraw()
    data = curve_data(panel)
    assert data["Column 1"][1] == [1.0, 2.0, 3.0] and data["Column 2"][1] == [10.0, 20.0, 30.0]
    assert legend_names(panel) == ["Column 1", "Column 2"]


def test_the_timer_redraws_new_numbers(qtbot, listener, make_panel):
    panel = make_panel()
    listener(["temp=21.5, hum=40"])
    qtbot.waitUntil(lambda: panel.drawn_points == 2, timeout=5000)
    assert legend_names(panel) == ["temp", "hum"]
    assert panel.status_text() == "1 rows, 2 series"


def test_a_csv_header_names_the_curves(listener, make_panel):
    panel = make_panel()
    listener(["time,temp", "0,20", "1,21", "Traceback (most recent call last):", "2,22"])
    panel.redraw()
    assert legend_names(panel) == ["time", "temp"]
    assert curve_data(panel)["temp"][1] == [20.0, 21.0, 22.0]


def test_the_time_window_trims_what_is_drawn(listener, make_panel):
    panel = make_panel()
    panel.collector.clock = clock = FakeClock()
    for i in range(100):
        clock.now += 1.0
        listener([str(i)])
    panel.window_box.setValue(10)
    panel.redraw()
    x, y = curve_data(panel)["Column 1"]
    assert y == [float(i) for i in range(89, 100)]
    assert x[-1] - x[0] == 10.0
    left, right = panel.plot.getViewBox().viewRange()[0]
    assert (left, right) == pytest.approx((x[-1] - 10, x[-1]))


def test_pause_freezes_the_view_but_keeps_collecting(qtbot, listener, make_panel):
    panel = make_panel()
    listener(["1"])
    panel.redraw()
    panel.pause_button.click()
    assert panel.paused and panel.pause_button.text() == "Resume"
    redraws = panel.redraws
    listener(["2", "3"])
    wait_ticks(qtbot, panel)
    assert panel.redraws == redraws and panel.drawn_points == 1
    assert len(panel.collector.table) == 3 and panel.status_text().startswith("Paused")
    panel.pause_button.click()
    assert not panel.paused and panel.drawn_points == 3


def test_zooming_with_the_mouse_pauses_and_live_view_resumes(listener, make_panel):
    panel = make_panel()
    listener(["1", "2"])
    viewbox = panel.plot.getViewBox()
    viewbox.sigRangeChangedManually.emit([True, True])
    assert panel.paused and panel.pause_button.isChecked()
    panel.live_button.click()
    assert not panel.paused and not panel.pause_button.isChecked()
    assert viewbox.autoRangeEnabled()[1]


def test_clear_removes_the_curves(listener, make_panel):
    panel = make_panel()
    listener(["1 2"])
    panel.redraw()
    panel.clear_button.click()
    assert panel._curves == {} and legend_names(panel) == []
    assert panel.status_text().startswith("No numbers yet")


def test_a_hidden_panel_does_not_redraw(qtbot, listener, make_panel):
    panel = make_panel()
    panel.hide()
    listener(["1"])
    wait_ticks(qtbot, panel)
    assert panel.redraws == 0


# -- export ----------------------------------------------------------------------------------------
def test_export_csv_writes_every_row_with_a_header(monkeypatch, listener, make_panel, window, tmp_path):
    panel = make_panel()
    listener(["a=1,b=2", "hello", "a=3", "5 6"])
    asked = []

    def fake_dialog(parent, title, start, filters):
        asked.append(start)
        return str(tmp_path / "data.csv"), filters

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", fake_dialog)
    panel.csv_button.click()
    assert asked == [str(tmp_path / "plot.csv")]                 # the project folder
    lines = (tmp_path / "data.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "time_s,a,b,Column 1,Column 2"
    assert [line.split(",", 1)[1] for line in lines[1:]] == ["1,2,,", "3,,,", ",,5,6"]
    assert window.messages == [f"Saved 3 rows to {tmp_path / 'data.csv'}"]


def test_export_csv_reports_a_failure(listener, make_panel, window, tmp_path):
    panel = make_panel()
    listener(["1"])
    assert panel.save_csv(tmp_path) is False                      # a folder, not a file
    assert window.messages[-1].startswith(f"Could not save {tmp_path}")


def test_export_png_writes_a_picture_of_the_plot(listener, make_panel, tmp_path):
    panel = make_panel()
    listener(["1 2", "3 4"])
    panel.redraw()
    path = tmp_path / "plot.png"
    assert panel.save_png(path)
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    ratio = panel.plot.devicePixelRatioF()
    assert (width, height) == (round(panel.plot.width() * ratio), round(panel.plot.height() * ratio))
    assert width > 100 and height > 100


def test_the_time_window_is_remembered(make_panel, registry, window):
    panel = make_panel()
    panel.window_box.setValue(120)
    again = registry.docks[0].factory(window)
    assert again.window_box.value() == 120
    again.deleteLater()


# -- theme and language ----------------------------------------------------------------------------
def test_dark_and_light_themes_colour_the_plot(listener, make_panel):
    panel = make_panel()
    listener(["1 2"])
    panel.redraw()
    panel.set_theme("dark")
    assert panel.plot.backgroundBrush().color().name() == "#1e1f22"
    first = panel._curves[0].opts["pen"].color().name()
    panel.set_theme("light")
    assert panel.plot.backgroundBrush().color().name() == "#ffffff"
    assert panel._curves[0].opts["pen"].color().name() != first


def test_the_panel_speaks_chinese(make_panel, listener):
    set_language("zh_CN")
    panel = make_panel()
    assert panel.pause_button.text() == "暂停"
    assert panel.series_name(1) == "第 2 列"
    assert panel.status_text().startswith("还没有数字")


# -- flood -----------------------------------------------------------------------------------------
class Heartbeat:
    """A 10 ms timer on the UI thread: it ticks only when the event loop is free."""

    def __init__(self) -> None:
        self.beats = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        self.beats += 1


def test_a_flood_is_decimated_and_every_batch_is_processed(qtbot, listener, make_panel):
    panel = make_panel()
    lines = [f"{i % 1000 - 500} {(i * 7) % 101} {i * 0.5}" for i in range(2000)]
    total_batches, fed = 250, []                                  # 500 000 lines
    heartbeat = Heartbeat()
    feeder = QTimer()
    feeder.setInterval(0)

    def feed() -> None:
        listener(lines)
        fed.append(1)
        if len(fed) == total_batches:
            feeder.stop()

    feeder.timeout.connect(feed)
    feeder.start()
    qtbot.waitUntil(lambda: len(fed) == total_batches and panel.redraws > 0, timeout=60_000)
    beats = heartbeat.beats
    wait_ticks(qtbot, panel, 2)
    heartbeat.timer.stop()
    collector, table = panel.collector, panel.collector.table
    assert collector.batches == total_batches and collector.seen_lines == 500_000
    assert 0 < collector.sampled_lines < 500_000                 # decimated at the door
    assert len(table) <= table.capacity * 1.25 and table.memory_bytes() <= 17 * table.capacity * 1.25 * 8
    assert 0 < panel.drawn_points <= 3 * 2 * 4000
    assert heartbeat.beats > beats                                # the event loop kept running


def test_drawing_many_rows_draws_at_most_two_points_a_pixel(listener, make_panel):
    panel = make_panel()
    panel.collector.rate = panel.collector.burst = 10**9         # no flood budget: every line kept
    for start in range(0, 200_000, 10_000):
        listener([f"{i} {-i}" for i in range(start, start + 10_000)])
    panel.window_box.setValue(3600)
    panel.redraw()
    buckets = panel._buckets()
    assert len(panel.collector.table) >= 100_000
    assert panel.drawn_points <= 2 * 2 * buckets < len(panel.collector.table)
    x, y = curve_data(panel)["Column 1"]
    assert max(y) == 199_999.0                                    # the newest peak survives


# -- in the IDE ------------------------------------------------------------------------------------
def test_in_the_main_window_the_dock_plots_the_console_output(qtbot, registry, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ide.gui.mainwindow import MainWindow

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main = MainWindow(connect=False, plugins=registry)
    qtbot.addWidget(main)
    main.show()
    main.plugin_host.feed_output(b"boot\r\ntemp=21.5, hum=40\r\n\x1b[32mtemp=22.0, hum=41\x1b[0m\r\n")
    main.plugin_host.flush_lines()                   # before the dock exists: collected all the same
    dock = main.plugin_host.docks["plotter.plotter"]
    dock.show()
    panel = dock.widget()
    assert panel.objectName() == "plotterPanel"
    qtbot.waitUntil(lambda: panel.drawn_points == 4, timeout=5000)
    assert legend_names(panel) == ["temp", "hum"]
    assert curve_data(panel)["hum"][1] == [40.0, 41.0]
