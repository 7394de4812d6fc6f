"""The serial console widget: colours, terminal edits, scrollback, links, input, search, log, flood."""

from __future__ import annotations

import re
import threading
import time

import pytest
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QToolButton

from ide import i18n
from ide.core.console import PathMapper
from ide.gui.console import ConsoleView, ConsoleWidget
from ide.gui.console_lines import MAX_LINE_CHARS
from ide.gui.console_theme import THEMES
from ide.gui.console_view import parse_location

TIMEOUT = 10_000


@pytest.fixture
def console(qtbot):
    widget = ConsoleWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(qtbot, console: ConsoleWidget, *chunks: bytes) -> str:
    """Feed `chunks` and wait until the batch timer has drawn them; the text shown."""
    for chunk in chunks:
        console.feed(chunk)
    qtbot.waitUntil(console.is_idle, timeout=TIMEOUT)
    return console.text()


def fragments(console: ConsoleWidget, needle: str):
    """(text, char format) of every fragment in the block containing `needle`."""
    block = console.view.document().find(needle).block()
    assert block.isValid(), needle
    it = block.begin()
    out = []
    while not it.atEnd():
        fragment = it.fragment()
        out.append((fragment.text(), fragment.charFormat()))
        it += 1
    return out


def foreground(console: ConsoleWidget, needle: str) -> tuple[int, int, int] | None:
    for text, fmt in fragments(console, needle):
        if needle in text:
            if fmt.foreground().style() == Qt.BrushStyle.NoBrush:
                return None
            color = fmt.foreground().color()
            return color.red(), color.green(), color.blue()
    raise AssertionError(f"{needle!r} not in one fragment")


# -- output ---------------------------------------------------------------------------------

def test_feed_only_queues_and_the_timer_draws(qtbot, console):
    console.feed(b"hello\r\n")
    assert console.text() == ""                  # nothing drawn inside feed()
    assert show(qtbot, console) == "hello\n"


def test_ansi_colours_and_attributes(qtbot, console):
    show(qtbot, console, b"\x1b[31mred\x1b[0m plain \x1b[1;32mbold green\x1b[0m \x1b[38;5;208morange\x1b[0m"
                         b" \x1b[38;2;1;2;3mtrue\x1b[0m\r\n")
    light = THEMES["light"]
    assert console.text() == "red plain bold green orange true\n"
    assert foreground(console, "red") == light.ansi[1]
    assert foreground(console, "plain") is None            # the palette's text colour
    assert foreground(console, "bold green") == light.ansi[2]
    assert foreground(console, "orange") == (255, 135, 0)
    assert foreground(console, "true") == (1, 2, 3)
    bold = [fmt for text, fmt in fragments(console, "bold green") if text == "bold green"][0]
    assert bold.fontWeight() >= 700


def test_dark_theme_recolours_what_is_shown(qtbot, console):
    show(qtbot, console, b"\x1b[31mred\x1b[0m\r\n")
    console.set_theme("dark")
    assert console.theme() == "dark"
    assert foreground(console, "red") == THEMES["dark"].ansi[1]
    assert console.view.palette().base().color() == QColor(*THEMES["dark"].background)
    with pytest.raises(ValueError):
        console.set_theme("purple")


def test_log_lines_coloured_by_level(qtbot, console):
    show(qtbot, console, b"[  64.140]<E>AIOT_UPLOAD upload file failed\r\n",
         b"[  64.150]<W>NET weak signal\r\n",
         b"\x1b[0;32mI (71364) phy: phy_version 4670\x1b[0m\r\n",
         b"W (1) wifi: no colour of its own\r\n", b"print output\r\n")
    levels = THEMES["light"].levels
    assert foreground(console, "AIOT_UPLOAD upload file failed") == levels["error"]
    assert foreground(console, "NET weak signal") == levels["warning"]
    assert foreground(console, "phy_version 4670") == THEMES["light"].ansi[2]      # its own ANSI colour
    assert foreground(console, "no colour of its own") == levels["warning"]
    assert foreground(console, "print output") is None


def test_chinese_split_across_feeds(qtbot, console):
    data = "温度：25.5℃，湿度：60%\r\n".encode()
    for i in range(len(data)):
        console.feed(data[i:i + 1])
    assert show(qtbot, console) == "温度：25.5℃，湿度：60%\n"
    assert "\ufffd" not in console.text()


def test_reset_stream_forgets_half_a_character(qtbot, console):
    console.feed("温".encode()[:2])
    console.reset_stream()
    assert show(qtbot, console, b"ok\r\n") == "ok\n"


def test_carriage_return_overwrites_the_line(qtbot, console):
    assert show(qtbot, console, b"download  10%\rdownload  55%\rdownload 100%\r\ndone\r\n") == "download 100%\ndone\n"


def test_progress_line_overwritten_across_batches(qtbot, console):
    assert show(qtbot, console, b"progress 10%") == "progress 10%"
    assert show(qtbot, console, b"\rprogress 20%") == "progress 20%"
    assert show(qtbot, console, b"\rdone\x1b[K\r\nnext\r\n") == "done\nnext\n"
    assert console.view.document().blockCount() == 3


def test_backspace_and_erase_in_line(qtbot, console):
    text = show(qtbot, console, b"abc\x08\x08X\r\n", b"hello world\r\x1b[Khi\r\n", b"12345\x1b[3D\x1b[1K\r\n",
                b"a\x1b[3Cb\r\n")
    assert text == "aXc\nhi\n   45\na   b\n"


def test_very_long_line_is_wrapped_into_blocks(qtbot, console):
    text = show(qtbot, console, b"x" * (MAX_LINE_CHARS * 2 + 10) + b"\r\nend\r\n")
    assert text.split("\n") == ["x" * MAX_LINE_CHARS, "x" * MAX_LINE_CHARS, "x" * 10, "end", ""]


def test_scrollback_bound_respected(qtbot):
    console = ConsoleWidget(max_lines=100)
    qtbot.addWidget(console)
    data = "".join(f"line {n}\r\n" for n in range(1, 1001)).encode()
    for i in range(0, len(data), 700):
        console.feed(data[i:i + 700])
    lines = show(qtbot, console).splitlines()
    assert console.view.document().blockCount() <= 100
    assert lines[0] == "line 902" and lines[-1] == "line 1000" and len(lines) == 99
    console.set_max_lines(10)
    assert console.max_lines() == 10
    assert console.text().splitlines() == [f"line {n}" for n in range(992, 1001)]
    assert console.view.document().blockCount() <= 10


def test_one_huge_chunk_keeps_only_the_scrollback(qtbot):
    console = ConsoleWidget(max_lines=1000)
    qtbot.addWidget(console)
    lines = show(qtbot, console, "".join(f"第 {n} 行\r\n" for n in range(50_000)).encode()).splitlines()
    assert len(lines) == 999 and lines[-1] == "第 49999 行" and lines[0] == "第 49001 行"


def test_clear_keeps_the_prompt(qtbot, console):
    show(qtbot, console, b"old output\r\n>>> ")
    console.clear()
    assert console.text() == ">>> "
    assert show(qtbot, console, b"1+1\r\n2\r\n") == ">>> 1+1\n2\n"


def test_board_clear_screen(qtbot, console):
    assert show(qtbot, console, b"old\r\nlines\r\n\x1b[2J\x1b[Hfresh\r\n") == "fresh\n"


def test_auto_scroll_only_at_the_bottom(qtbot, console):
    show(qtbot, console, "".join(f"line {n}\r\n" for n in range(300)).encode())
    bar = console.view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    show(qtbot, console, b"more\r\n")
    assert bar.value() == bar.maximum()
    bar.setValue(10)
    top = console.view.firstVisibleBlock().text()
    show(qtbot, console, "".join(f"new {n}\r\n" for n in range(50)).encode())
    assert bar.value() < bar.maximum()
    assert console.view.firstVisibleBlock().text() == top


def test_state_and_banner_signals(qtbot, console):
    states, banners = [], []
    console.state_changed.connect(states.append)
    console.banner_seen.connect(lambda *args: banners.append(args))
    show(qtbot, console, b"MPY: soft reboot\r\n ==== python execute bootpy ====\r\n"
                         b" ==== python execute from /data/pyamp/main.py ====\r\nhi\r\n")
    assert states == ["reset", "booting", "running"]
    show(qtbot, console, b"MicroPython v1.17-dirty on 2022-05-30; ESP32 module with ESP32\r\n>>> ")
    assert banners == [("v1.17-dirty", "2022-05-30", "ESP32 module with ESP32")]
    assert states[-1] == "prompt" and console.state == "prompt"


# -- tracebacks -----------------------------------------------------------------------------

TRACEBACK = (b"Traceback (most recent call last):\r\n"
             b'  File "/data/pyamp/main.py", line 3, in <module>\r\n'
             b'  File "/lib/missing.py", line 9, in f\r\n'
             b"ZeroDivisionError: divide by zero\r\n")


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "项目"
    root.mkdir()
    (root / "main.py").write_text("import sensor\n\nprint(1 / 0)\n", encoding="utf-8")
    return root


def click_text(qtbot, console: ConsoleWidget, needle: str) -> None:
    view = console.view
    cursor = view.document().find(needle)
    assert not cursor.isNull(), needle
    cursor.setPosition(cursor.selectionStart() + 2)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    view.setTextCursor(QTextCursor(view.document()))      # no selection: a click, not a drag
    pos = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def anchors(console: ConsoleWidget, needle: str) -> list[str]:
    return [fmt.anchorHref() for _text, fmt in fragments(console, needle) if fmt.isAnchor()]


def test_traceback_frame_link_opens_the_project_file(qtbot, console, project):
    console.set_path_mapper(PathMapper(project))
    show(qtbot, console, TRACEBACK)
    assert anchors(console, "/lib/missing.py") == []            # not a project file: no link
    [href] = anchors(console, "/data/pyamp/main.py")
    assert parse_location(href) == (str(project / "main.py"), 3)
    assert foreground(console, "ZeroDivisionError: divide by zero") == THEMES["light"].levels["error"]
    with qtbot.waitSignal(console.open_location, timeout=TIMEOUT) as blocker:
        click_text(qtbot, console, 'File "/data/pyamp/main.py"')
    assert blocker.args == [str(project / "main.py"), 3]


def test_traceback_drawn_before_it_ends_gets_its_links(qtbot, console, project):
    console.set_path_mapper(PathMapper(project))
    head, tail = TRACEBACK.split(b"ZeroDivisionError")
    show(qtbot, console, head)
    assert anchors(console, "/data/pyamp/main.py") == []        # not known to be a traceback yet
    show(qtbot, console, b"ZeroDivisionError" + tail)
    assert len(anchors(console, "/data/pyamp/main.py")) == 1
    assert console.text() == TRACEBACK.decode().replace("\r\n", "\n")


def test_no_path_mapper_no_links(qtbot, console, project):
    console.set_path_mapper(PathMapper(project))
    console.set_path_mapper(None)
    show(qtbot, console, TRACEBACK)
    assert anchors(console, "/data/pyamp/main.py") == []


def test_links_survive_timestamps_and_theme(qtbot, console, project):
    console.set_path_mapper(PathMapper(project))
    show(qtbot, console, TRACEBACK)
    console.set_timestamps(True)
    console.set_theme("dark")
    assert len(anchors(console, "/data/pyamp/main.py")) == 1
    with qtbot.waitSignal(console.open_location, timeout=TIMEOUT) as blocker:
        click_text(qtbot, console, 'File "/data/pyamp/main.py"')
    assert blocker.args == [str(project / "main.py"), 3]


# -- input ----------------------------------------------------------------------------------

def test_enter_sends_the_line_with_cr(qtbot, console):
    sent = []
    console.send_bytes.connect(sent.append)
    console.input.setText("print('你好')")             # QTest types Latin-1 only
    qtbot.keyClick(console.input, Qt.Key.Key_Return)
    qtbot.keyClick(console.input, Qt.Key.Key_Return)
    assert sent == ["print('你好')\r".encode(), b"\r"]
    assert console.input.text() == ""


def test_input_history(qtbot, console):
    line = console.input
    for text in ("a = 1", "b = 2", "b = 2", "c = 3"):
        qtbot.keyClicks(line, text)
        qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.keyClicks(line, "draft")
    seen = []
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Down,
                Qt.Key.Key_Down, Qt.Key.Key_Down):
        qtbot.keyClick(line, key)
        seen.append(line.text())
    assert seen == ["c = 3", "b = 2", "a = 1", "a = 1", "b = 2", "c = 3", "draft", "draft"]


def test_ctrl_c_button_emits_interrupt(qtbot, console):
    button = console.toolbar.widgetForAction(console.interrupt_action)
    assert isinstance(button, QToolButton)
    with qtbot.waitSignal(console.interrupt_requested, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_reset_buttons_emit(qtbot, console):
    with qtbot.waitSignal(console.soft_reset_requested, timeout=TIMEOUT):
        qtbot.mouseClick(console.toolbar.widgetForAction(console.soft_reset_action), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(console.hard_reset_requested, timeout=TIMEOUT):
        qtbot.mouseClick(console.toolbar.widgetForAction(console.hard_reset_action), Qt.MouseButton.LeftButton)


def test_control_keys_in_the_input_line(qtbot, console):
    line = console.input
    with qtbot.waitSignal(console.interrupt_requested, timeout=TIMEOUT):
        qtbot.keyClick(line, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(console.soft_reset_requested, timeout=TIMEOUT):
        qtbot.keyClick(line, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, "selected")
    line.selectAll()
    with qtbot.assertNotEmitted(console.interrupt_requested):
        qtbot.keyClick(line, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)     # copies instead


def test_typing_in_the_output_goes_to_the_input_line(qtbot, console):
    with qtbot.waitSignal(console.interrupt_requested, timeout=TIMEOUT):
        qtbot.keyClick(console.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(console.view, "x=1")
    assert console.input.text() == "x=1"


@pytest.mark.parametrize("state, words, enabled", [
    ("disconnected", "Connect a board", False), ("connecting", "Connecting", False),
    ("idle", "Connected.", True), ("busy", "Connected.", True), ("lost", "was lost", False)])
def test_the_empty_console_says_what_the_connection_state_means(console, state, words, enabled):
    console.set_device_state(state)
    assert words in console.placeholderText()
    assert console.input.isEnabled() == enabled and console.interrupt_action.isEnabled() == enabled


def test_device_controls_can_be_disabled(qtbot, console):
    console.set_device_enabled(False)
    assert not console.interrupt_action.isEnabled() and not console.input.isEnabled()
    console.set_device_enabled(True)
    assert console.hard_reset_action.isEnabled() and console.input.isEnabled()


# -- timestamps, search, log ----------------------------------------------------------------

STAMP = r"\d\d:\d\d:\d\d\.\d{3} "


def test_timestamps_toggle(qtbot, console):
    show(qtbot, console, b"before\r\n")
    button = console.toolbar.widgetForAction(console.timestamps_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert console.timestamps()
    text = show(qtbot, console, b"after\r\n", b"progress 1\rprogress 2")
    assert re.fullmatch(f"{STAMP}before\n{STAMP}after\n{STAMP}progress 2", text), text
    stamp = time.strptime(text[:8], "%H:%M:%S")
    now = time.localtime()
    assert abs((now.tm_hour * 3600 + now.tm_min * 60 + now.tm_sec)
               - (stamp.tm_hour * 3600 + stamp.tm_min * 60 + stamp.tm_sec)) % 86400 < 120
    console.set_timestamps(False)
    assert not console.timestamps_action.isChecked()
    assert console.text() == "before\nafter\nprogress 2"


def test_search_next_previous_and_highlight(qtbot, console):
    show(qtbot, console, b"alpha needle\r\nbeta\r\ngamma NEEDLE\r\ndelta needle\r\n")
    assert console.find("needle")
    cursor = console.view.textCursor()
    assert cursor.selectedText() == "needle" and cursor.block().text() == "alpha needle"
    assert console.matches() == 3
    assert console.match_label.text() == "3 matches"
    console.find()
    assert console.view.textCursor().block().text() == "gamma NEEDLE"
    console.find()
    console.find()                                               # wraps around to the first
    assert console.view.textCursor().block().text() == "alpha needle"
    console.find(backward=True)                                  # and back to the last
    assert console.view.textCursor().block().text() == "delta needle"
    qtbot.keyClick(console.search_field, Qt.Key.Key_Return)
    assert console.view.textCursor().block().text() == "alpha needle"
    assert not console.find("missing")
    assert console.matches() == 0 and console.match_label.text() == "Not found"
    console.search_field.clear()
    assert console.match_label.text() == ""


def test_find_shortcut_focuses_the_search_field(qtbot, console):
    console.input.setFocus()
    qtbot.waitUntil(console.input.hasFocus, timeout=TIMEOUT)
    console.find_action.trigger()
    assert console.search_field.hasFocus()


def test_save_log(qtbot, console, tmp_path):
    console.feed("温度 25℃\r\n\x1b[31merror\x1b[0m\r\n>>> ".encode())
    path = tmp_path / "log" / "console.log"
    path.parent.mkdir()
    console.save_log(path)                                      # flushes what is queued
    assert path.read_text(encoding="utf-8") == "温度 25℃\nerror\n>>> "
    with pytest.raises(OSError):
        console.save_log(tmp_path / "no such folder" / "x.log")


# -- the main window's view, translations ---------------------------------------------------

def test_console_view_is_the_widget(qtbot):
    view = ConsoleView()
    qtbot.addWidget(view)
    assert isinstance(view, ConsoleWidget)
    assert view.isReadOnly()
    assert view.placeholderText() == "Connect a board, or pick the virtual board, to see its output here."


def test_chinese_interface(qtbot):
    from tests.test_i18n import untranslated, visible_texts

    i18n.set_language("zh_CN")
    widget = ConsoleWidget()
    qtbot.addWidget(widget)
    widget.find("nothing")
    texts = visible_texts(widget)
    assert any(text == "中断" for _where, text in texts)
    english = [(where, text) for where, text in texts if untranslated(text)]
    assert not english, english
    assert not untranslated(widget.input.placeholderText())
    assert not untranslated(widget.search_field.placeholderText())


# -- flood ----------------------------------------------------------------------------------

class Producer(QObject):
    """Emits chunks from another thread, as the device worker does."""

    chunk = Signal(bytes)

    def __init__(self, chunks: list[bytes]) -> None:
        super().__init__()
        self.chunks = chunks
        self.done = threading.Event()

    def run(self) -> None:
        for piece in self.chunks:
            self.chunk.emit(piece)
        self.done.set()


def flood_data(megabytes: int) -> tuple[bytes, str]:
    block = "".join([
        "count {n}: temperature=21.5 humidity=40% ok\r\n",
        "温度：21.5℃，湿度：40%，上报属性成功 #{n}\r\n",
        "\x1b[0;32mI ({n}) wifi: connected, rssi -40\x1b[0m\r\n",
        "[{n:8d}.000]<E>AIOT_UPLOAD upload failed, ret=-1\r\n",
        "download  0%\rdownload 50%\rdownload 100%\r\n",
        "Traceback (most recent call last):\r\n  File \"/data/pyamp/main.py\", line 3, in <module>\r\n"
        "OSError: [Errno 19] ENODEV\r\n",
    ])
    parts, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        text = block.format(n=n)
        parts.append(text)
        size += len(text.encode())
        n += 1
    parts.append("the end\r\n")
    return "".join(parts).encode(), f"count {n - 1}: temperature=21.5 humidity=40% ok"


def test_flood_keeps_the_window_responsive(qtbot, project, capsys):
    """20 MB in 4 KB chunks from a producer thread through the event loop, with a 10 ms heartbeat.
    Only functional properties are asserted; the figures are printed."""
    data, some_late_line = flood_data(20)
    chunks = [data[i:i + 4096] for i in range(0, len(data), 4096)]
    console = ConsoleWidget()
    qtbot.addWidget(console)
    console.resize(900, 500)
    console.show()
    qtbot.waitExposed(console)
    console.set_path_mapper(PathMapper(project))
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    heartbeat.start(10)
    producer = Producer(chunks)
    thread = QThread()
    producer.moveToThread(thread)
    producer.chunk.connect(console.feed)
    thread.started.connect(producer.run)
    start = time.perf_counter()
    thread.start()
    try:
        qtbot.waitUntil(lambda: producer.done.is_set() and console.queued_bytes() == 0 and console.is_idle()
                        and console.text().endswith("the end\n"), timeout=90_000)
    finally:
        elapsed = time.perf_counter() - start
        heartbeat.stop()
        thread.quit()
        thread.wait()
    lines = console.text().splitlines()
    assert console.view.document().blockCount() <= console.max_lines()
    assert len(lines) == console.max_lines() - 1
    assert lines[-1] == "the end" and some_late_line in lines
    assert anchors(console, '/data/pyamp/main.py"')                # links drawn in the flood too
    with capsys.disabled():
        print(f"\nconsole flood: {len(data) / 1e6:.1f} MB in {len(chunks)} chunks: {elapsed:.2f} s, "
              f"{len(data) / 1e6 / elapsed:.1f} MB/s; longest heartbeat gap {max(gaps) * 1000:.1f} ms "
              f"(10 ms timer, {len(gaps)} beats)")
