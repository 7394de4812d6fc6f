"""Plotter flood: a board printing numbers as fast as it can, into the Plotter while it is shown.

Batches of numeric lines (a CSV header, then rows of three values, as `print(t, a, b)` would give)
go into the Plotter's console listener from a zero-interval timer on the GUI thread: the worst case
of the console handing over its batches back to back. The Plotter panel is shown in an offscreen
window and redraws on its own timer. A 10 ms heartbeat timer measures the longest gap between two
of its ticks (the worst stall of the event loop) and samples the resident memory. Prints, per run:

- ingest: lines a second taken by the listener (all lines, until the last batch was handed over),
  and how many of them were parsed (the rest were skipped by the flood budget);
- the longest heartbeat gap and the 99th percentile (target: no stall over 50 ms);
- memory growth: peak RSS during the flood minus RSS before it (bounded: the table is);
- rows kept, points drawn by the last redraw, redraws.

Runs in the same process, same lines (after an unreported warm-up run: Qt and pyqtgraph's
first-use costs would otherwise fall on whichever run goes first):

1. **plotter**: the plugin as shipped (flood budget at the door, min/max decimation when drawing);
2. **no budget**: every line parsed, drawing still decimated;
3. **baseline**: every line parsed and pyqtgraph given every point of the window (no decimation).

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python3 benchmarks/plotter_flood.py [--lines 500000] [--batch 1000]
        [--window 30] [--paced LINES_PER_S]

`--paced` hands the lines over at that rate (a batch every 10 ms) instead of back to back: a
sustained flood, where the plot keeps redrawing while the lines come.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from benchmarks.heartbeat import HEARTBEAT_MS, Heartbeat, rss_mb  # noqa: E402
from plugins.plotter.collector import Collector  # noqa: E402
from plugins.plotter.panel import PlotterPanel  # noqa: E402


def make_lines(count: int) -> list[str]:
    lines = ["t,accel,temp"]
    lines += [f"{i * 0.001:.3f},{math.sin(i / 300) * 9.81:.4f},{20 + (i % 1000) / 100:.2f}" for i in range(count - 1)]
    return lines


def run(app: QApplication, name: str, lines: list[str], batch: int, window_s: int, *, budget: bool,
        decimate: bool, interval_ms: int = 0) -> dict:
    collector = Collector() if budget else Collector(rate=1e12, burst=1e12)
    window = QMainWindow()
    panel = PlotterPanel(collector, decimate=decimate)
    panel.window_box.setValue(window_s)
    window.setCentralWidget(panel)
    window.resize(1100, 400)
    window.show()
    for _ in range(20):
        app.processEvents()
    batches = [lines[i:i + batch] for i in range(0, len(lines), batch)]
    result = flood(app, panel, batches, interval_ms)
    result.update(name=name, rows=len(collector.table), parsed=collector.sampled_lines,
                  seen=collector.seen_lines, drawn=panel.drawn_points, redraws=panel.redraws)
    window.close()
    window.deleteLater()
    app.processEvents()
    return result


def flood(app: QApplication, panel: PlotterPanel, batches: list[list[str]], interval_ms: int) -> dict:
    heartbeat = Heartbeat()
    rss_before = rss_mb()
    marks: dict[str, float] = {}
    pending = iter(batches)

    def feed() -> None:
        chunk = next(pending, None)
        if chunk is None:
            feeder.stop()
            marks["fed"] = time.perf_counter()
            finish.timeout.connect(lambda: panel.up_to_date() and app.quit())
            finish.start(1)
            return
        panel.collector.feed(chunk)

    feeder, finish = QTimer(), QTimer()
    feeder.setInterval(interval_ms)
    feeder.timeout.connect(feed)
    heartbeat.start()
    marks["start"] = time.perf_counter()
    feeder.start()
    app.exec()
    marks["drawn"] = time.perf_counter()
    finish.stop()
    heartbeat.timer.stop()
    return {"marks": marks, "gaps": sorted(heartbeat.gaps), "rss_before": rss_before, "rss_peak": heartbeat.peak_rss}


def feed_time(result: dict) -> float:
    return result["marks"]["fed"] - result["marks"]["start"]


def report(result: dict) -> None:
    marks, gaps = result["marks"], result["gaps"]
    fed = feed_time(result)
    p99 = gaps[int(len(gaps) * 0.99)] if gaps else 0.0
    print(f"{result['name']}:")
    print(f"  ingest: {result['seen'] / fed:,.0f} lines/s taken ({fed:.2f} s for {result['seen']:,} lines), "
          f"{result['parsed']:,} parsed ({100 * result['parsed'] / result['seen']:.1f} %); "
          f"last redraw done after {marks['drawn'] - marks['start']:.2f} s")
    print(f"  event loop: longest heartbeat gap {gaps[-1] * 1000:.1f} ms (nominal {HEARTBEAT_MS} ms), "
          f"p99 {p99 * 1000:.1f} ms, {len(gaps)} beats   target: no stall over 50 ms")
    print(f"  memory: RSS {result['rss_before']:.0f} MB before, peak {result['rss_peak']:.0f} MB: "
          f"growth {result['rss_peak'] - result['rss_before']:.0f} MB")
    print(f"  table: {result['rows']:,} rows kept; last redraw drew {result['drawn']:,} points; "
          f"{result['redraws']} redraws")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500_000, help="lines printed")
    parser.add_argument("--batch", type=int, default=1000, help="lines per listener call")
    parser.add_argument("--window", type=int, default=30, help="time window of the plot, seconds")
    parser.add_argument("--paced", type=int, default=0, help="lines a second (default: back to back)")
    args = parser.parse_args()
    interval = 10 if args.paced else 0
    if args.paced:
        args.batch = max(1, args.paced // 100)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    lines = make_lines(args.lines)
    pace = f"{args.paced:,} lines/s" if args.paced else "back to back"
    print(f"plotter flood: {args.lines:,} lines in batches of {args.batch} ({pace}), window {args.window} s")
    runs = [("plotter (budget + decimation)", True, True),
            ("no budget (every line parsed), decimated drawing", False, True),
            ("baseline: every line parsed, pyqtgraph given every point", False, False)]
    run(app, "warm-up", lines[:20_000], args.batch, args.window, budget=True, decimate=True)   # first-use costs
    results = [run(app, name, lines, args.batch, args.window, budget=budget, decimate=decimate, interval_ms=interval)
               for name, budget, decimate in runs]
    for result in results:
        report(result)
    ours, baseline = results[0], results[-1]
    print(f"ratio baseline/plotter: longest stall {baseline['gaps'][-1] / ours['gaps'][-1]:.1f}x, "
          f"time to take the flood {feed_time(baseline) / feed_time(ours):.1f}x, "
          f"points per redraw {baseline['drawn'] / max(1, ours['drawn']):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
