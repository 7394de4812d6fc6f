"""The Plotter's data side: the bounded table, the collector (times, flood budget), decimation, CSV."""

from __future__ import annotations

import csv
import math

import numpy as np

from plugins.plotter.collector import HEAD_LINES, SPREAD_MAX, Collector
from plugins.plotter.decimate import min_max, series_points, window_arrays
from plugins.plotter.export import write_csv
from plugins.plotter.model import SeriesTable


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def collector_with_clock(**kwargs) -> tuple[Collector, FakeClock]:
    clock = FakeClock()
    return Collector(clock=clock, **kwargs), clock


def column(table: SeriesTable, key) -> list[float]:
    return list(table.columns[table.keys.index(key)])


# -- the table -------------------------------------------------------------------------------------
def test_one_series_per_column_rows_aligned():
    table = SeriesTable()
    table.append(0.0, [(0, 1.0), (1, 2.0)])
    table.append(1.0, [(0, 3.0), (1, 4.0)])
    assert table.keys == [0, 1]
    assert column(table, 0) == [1.0, 3.0] and column(table, 1) == [2.0, 4.0]
    assert list(table.times) == [0.0, 1.0]


def test_a_series_that_appears_later_has_nan_before():
    table = SeriesTable()
    table.append(0.0, [("a", 1.0)])
    table.append(1.0, [("b", 2.0)])
    a, b = column(table, "a"), column(table, "b")
    assert a[0] == 1.0 and math.isnan(a[1])
    assert math.isnan(b[0]) and b[1] == 2.0


def test_capacity_bounds_the_rows_and_keeps_the_newest():
    table = SeriesTable(capacity=1000)
    for i in range(10_000):
        table.append(float(i), [(0, float(i))])
        assert len(table) <= 1250
    assert table.times[-1] == 9999.0
    assert table.dropped_rows + len(table) == 10_000
    assert table.memory_bytes() <= 1250 * 2 * 8


def test_series_beyond_the_maximum_are_ignored():
    table = SeriesTable(max_series=3)
    table.append(0.0, [(f"s{i}", float(i)) for i in range(5)])
    assert table.keys == ["s0", "s1", "s2"]
    assert [column(table, k) for k in table.keys] == [[0.0], [1.0], [2.0]]


def test_start_of_a_time_window():
    table = SeriesTable()
    for i in range(11):
        table.append(float(i), [(0, 0.0)])
    assert table.start_of(3) == 7
    assert table.start_of(100) == 0


# -- the collector ---------------------------------------------------------------------------------
def test_collector_parses_lines_and_ignores_text():
    collector, clock = collector_with_clock()
    collector.feed(["boot", "1 2", "Traceback (most recent call last):", "3 4"])
    assert len(collector.table) == 2
    assert collector.seen_lines == 4 and collector.sampled_lines == 4 and collector.revision == 1


def test_a_batch_is_spread_over_the_time_since_the_previous_one():
    collector, clock = collector_with_clock()
    collector.feed(["0"])
    clock.now += 0.1
    collector.feed(["1", "2", "3", "4"])
    times = list(collector.table.times)
    assert times == sorted(times)
    assert np.allclose(np.diff(times[1:]), 0.025)
    assert math.isclose(times[-1] - times[0], 0.1)


def test_a_batch_after_a_silence_is_spread_over_at_most_spread_max():
    collector, clock = collector_with_clock()
    collector.feed(["0"])
    clock.now += 60
    collector.feed(["1", "2"])
    times = list(collector.table.times)
    assert math.isclose(times[2] - times[1], SPREAD_MAX / 2)
    assert math.isclose(times[2], 60.0)


def test_time_window_keeps_only_the_newest_seconds():
    collector, clock = collector_with_clock()
    for i in range(100):
        clock.now += 1
        collector.feed([str(i)])
    times, (values,) = window_arrays(collector.table, 10)
    assert len(times) == 11 and values[0] == 89.0 and values[-1] == 99.0


def test_clear_forgets_rows_and_keeps_the_header():
    collector, clock = collector_with_clock()
    collector.feed(["a,b", "1,2"])
    revision = collector.revision
    collector.clear()
    assert len(collector.table) == 0 and collector.table.keys == [] and collector.revision > revision
    clock.now += 5
    collector.feed(["3,4"])
    assert collector.table.keys == ["a", "b"] and collector.table.times[0] == 0.0


def test_flood_budget_samples_a_big_batch_evenly():
    collector, clock = collector_with_clock(rate=1000, burst=1000)
    lines = ["time,value"] + [f"{i},{i}" for i in range(99_999)]
    collector.feed(lines)
    table = collector.table
    assert collector.seen_lines == 100_000
    assert 1000 <= collector.sampled_lines <= 1100 and collector.stride > 1
    assert table.keys == ["time", "value"]                                   # the header was parsed
    assert column(table, "time")[-1] == 99_998.0                             # so was the last line
    steps = np.diff(column(table, "time")[HEAD_LINES:-1])                    # (the last line is extra)
    assert steps.min() == steps.max() == collector.stride


def test_flood_budget_refills_with_time():
    collector, clock = collector_with_clock(rate=1000, burst=1000)
    collector.feed(["1"] * 5000)
    assert collector.stride > 1
    clock.now += 1.0
    collector.feed(["1"] * 800)
    assert collector.stride == 1 and collector.sampled_lines < 5000


# -- decimation ------------------------------------------------------------------------------------
def test_min_max_keeps_every_extreme_within_the_bucket_count():
    times = np.arange(100_000, dtype=float)
    values = np.sin(times / 1000)
    values[12_345], values[54_321] = 50.0, -50.0
    x, y = min_max(times, values, 500)
    assert len(x) == len(y) <= 1000
    assert y.max() == 50.0 and y.min() == -50.0
    assert np.all(np.diff(x) >= 0)


def test_series_points_skip_missing_values_and_leave_small_series_alone():
    times = np.arange(6, dtype=float)
    values = np.array([1.0, np.nan, 3.0, np.inf, 5.0, np.nan])
    x, y = series_points(times, values, 100)
    assert list(x) == [0.0, 2.0, 4.0] and list(y) == [1.0, 3.0, 5.0]


def test_series_points_without_decimation_give_every_point():
    times = np.arange(10_000, dtype=float)
    x, y = series_points(times, times * 2, None)
    assert len(x) == 10_000


def test_window_arrays_are_copies_so_the_table_can_grow():
    table = SeriesTable()
    table.append(0.0, [(0, 1.0)])
    times, columns = window_arrays(table, None)
    table.append(1.0, [(0, 2.0)])                   # a numpy view would make this raise BufferError
    assert list(times) == [0.0] and list(columns[0]) == [1.0]


# -- CSV -------------------------------------------------------------------------------------------
def test_csv_has_a_header_and_one_row_per_line(tmp_path):
    table = SeriesTable()
    table.append(0.0, [("a", 1.0), ("b", 2.5)])
    table.append(0.5, [("a", -3.0)])
    table.append(1.25, [("b", math.nan)])
    path = tmp_path / "out.csv"
    assert write_csv(table, ["a", "b"], path) == 3
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows == [["time_s", "a", "b"], ["0.000000", "1", "2.5"], ["0.500000", "-3", ""], ["1.250000", "", ""]]
