"""Console flood: 20 MB of board output into the GUI console while the window is open.

A producer thread (standing in for the device worker) emits the output in 4 KB chunks through a
queued signal, as fast as it can, into the console of an offscreen main window. A 10 ms heartbeat
timer on the GUI thread measures the longest gap between two of its ticks (the worst stall of the
event loop), and samples the process's resident memory. Prints:

- ingest: MB/s from the first chunk to the last byte parsed, and to the last line drawn;
- the longest heartbeat gap (target: no stall over 50 ms), and the 99th percentile;
- memory growth: peak RSS during the flood minus RSS before it (target <= 100 MB).

Targets (issue 6): ingest >= 5 MB/s, no stall over 50 ms, memory growth <= 100 MB.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python3 benchmarks/gui_console.py [--mb 20] [--chunk 4096]
        [--timestamps] [--bare]

The output is realistic mixed board output (`benchmarks/console_stream.py`: prints, Chinese text,
ANSI-coloured ESP-IDF logs, AliOS logs, progress lines, tracebacks, HaaS markers), with a project
whose files the tracebacks map to, so links are drawn too.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, QThread, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from benchmarks.console_stream import sample_output  # noqa: E402
from benchmarks.heartbeat import HEARTBEAT_MS, Heartbeat, rss_mb  # noqa: E402
from ide.core.console import PathMapper  # noqa: E402
from ide.gui.console import ConsoleWidget  # noqa: E402


class Producer(QObject):
    """Emits the chunks from its own thread, as a device worker does."""

    chunk = Signal(bytes)
    done = Signal()

    def __init__(self, chunks: list[bytes]) -> None:
        super().__init__()
        self.chunks = chunks

    def run(self) -> None:
        for piece in self.chunks:
            self.chunk.emit(piece)
        self.done.emit()


def make_project(root: Path) -> PathMapper:
    for name in ("main.py", "sht3x.py"):
        (root / name).write_text("# benchmark\n" * 400, encoding="utf-8")
    (root / "lib").mkdir()
    (root / "lib" / "appOta.py").write_text("# benchmark\n" * 10, encoding="utf-8")
    return PathMapper(root)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of output")
    parser.add_argument("--chunk", type=int, default=4096, help="bytes per emitted chunk")
    parser.add_argument("--timestamps", action="store_true", help="with timestamps on")
    parser.add_argument("--bare", action="store_true", help="the console in a bare window, not the IDE's")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    data = sample_output(args.mb, seed=1)
    chunks = [data[i:i + args.chunk] for i in range(0, len(data), args.chunk)]
    with tempfile.TemporaryDirectory() as tmp:
        window, console = open_window(args.bare)
        console.set_path_mapper(make_project(Path(tmp)))
        console.set_timestamps(args.timestamps)
        result = flood(app, console, chunks)
        window.close()
    report(result, len(data), len(chunks), args)
    return 0


def open_window(bare: bool):
    if bare:
        window = QMainWindow()
        console = ConsoleWidget(window)
        window.setCentralWidget(console)
    else:
        from ide.gui.mainwindow import MainWindow
        window = MainWindow()
        console = window.console
    window.resize(1100, 720)
    window.show()
    from ide.gui.app import freeze_startup_objects

    freeze_startup_objects()  # as the IDE does once its window is shown
    return window, console


def flood(app: QApplication, console: ConsoleWidget, chunks: list[bytes]) -> dict:
    for _ in range(20):
        app.processEvents()
    heartbeat = Heartbeat()
    rss_before = rss_mb()
    producer = Producer(chunks)
    thread = QThread()
    producer.moveToThread(thread)
    producer.chunk.connect(console.feed)          # queued: the producer lives in another thread
    thread.started.connect(producer.run)
    marks: dict[str, float] = {}
    producer.done.connect(lambda: marks.setdefault("emitted", time.perf_counter()))

    def check() -> None:
        if "emitted" not in marks or console.queued_bytes():
            return
        marks.setdefault("parsed", time.perf_counter())
        if console.is_idle():
            marks["drawn"] = time.perf_counter()
            app.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(1)
    heartbeat.start()
    marks["start"] = time.perf_counter()
    thread.start()
    app.exec()
    heartbeat.timer.stop()
    poll.stop()
    thread.quit()
    thread.wait()
    return {"marks": marks, "gaps": heartbeat.gaps, "rss_before": rss_before, "rss_peak": heartbeat.peak_rss,
            "rss_after": rss_mb(), "blocks": console.view.document().blockCount(),
            "tail": console.text()[-200:]}


def report(result: dict, size: int, count: int, args) -> None:
    marks, gaps = result["marks"], sorted(result["gaps"])
    mb = size / 1e6
    parsed = marks["parsed"] - marks["start"]
    drawn = marks["drawn"] - marks["start"]
    p99 = gaps[int(len(gaps) * 0.99)] if gaps else 0.0
    growth = result["rss_peak"] - result["rss_before"]
    print(f"console flood: {mb:.1f} MB in {count} chunks of {args.chunk} B"
          f"{' with timestamps' if args.timestamps else ''} ({'bare window' if args.bare else 'IDE main window'})")
    print(f"  producer done after {marks['emitted'] - marks['start']:.2f} s")
    print(f"  ingest: parsed {mb / parsed:.1f} MB/s ({parsed:.2f} s), drawn {mb / drawn:.1f} MB/s ({drawn:.2f} s)"
          f"   target >= 5 MB/s")
    print(f"  event loop: longest heartbeat gap {gaps[-1] * 1000:.1f} ms (nominal {HEARTBEAT_MS} ms), "
          f"p99 {p99 * 1000:.1f} ms, {len(gaps)} beats   target: no stall over 50 ms")
    print(f"  memory: RSS {result['rss_before']:.0f} MB before, peak {result['rss_peak']:.0f} MB, "
          f"after {result['rss_after']:.0f} MB: growth {growth:.0f} MB   target <= 100 MB")
    print(f"  scrollback: {result['blocks']} blocks; last line: {result['tail'].splitlines()[-1]!r}")


if __name__ == "__main__":
    sys.exit(main())
