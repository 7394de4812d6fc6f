"""The console stream: bytes from a board in, styled text and state events out, whatever the chunking."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ide.core.ansi import PLAIN, Style, apply_sgr, color_rgb
from ide.core.console import (Banner, Boot, CarriageReturn, ClearScreen, ConsoleStream, CursorBack, CursorForward,
                              EraseInLine, FileCheck, HardReset, LogLine, MainStarted, PathMapper, Prompt,
                              SoftReboot, Text, Traceback, plain_text)

HAAS_BOOT = (b"MPY: soft reboot\r\n"
             b" ==== python execute bootpy ====\r\n"
             b" ==== python file check /data/pyamp/main.py ====\r\n"
             b" ==== python execute from /data/pyamp/main.py ====\r\n")
TRACEBACK = ('Traceback (most recent call last):\r\n'
             '  File "/data/pyamp/main.py", line 12, in <module>\r\n'
             '  File "/data/pyamp/drivers/sht3x.py", line 40, in 测量\r\n'
             '  File "/lib/appOta.py", line 7, in check\r\n'
             "OSError: [Errno 19] ENODEV\r\n").encode()


def feed_all(data: bytes, sizes=None, stream: ConsoleStream | None = None, flush: bool = True) -> list:
    """Every event of `data` fed in chunks of `sizes` (cycled), or in one piece."""
    stream = stream or ConsoleStream()
    events, pos, i = [], 0, 0
    while pos < len(data):
        size = sizes[i % len(sizes)] if sizes else len(data)
        events += stream.feed(data[pos:pos + size])
        pos, i = pos + size, i + 1
    return events + (stream.flush() if flush else [])


def of(kind, events):
    return [e for e in events if isinstance(e, kind)]


def split_everywhere(data: bytes):
    for cut in range(len(data) + 1):
        stream = ConsoleStream()
        yield cut, stream.feed(data[:cut]) + stream.feed(data[cut:]) + stream.flush()


# -- text -------------------------------------------------------------------------------------

def test_plain_text_with_board_line_ends_comes_out_with_newlines():
    events = feed_all(b"hello\r\nworld\r\n")
    assert events == [Text("hello\nworld\n")]


def test_a_chinese_character_split_at_every_byte_offset_stays_whole():
    data = "温度：25.3℃，湿度 60%\r\n".encode()
    for cut, events in split_everywhere(data):
        assert plain_text(events) == "温度：25.3℃，湿度 60%\n", cut


def test_a_character_split_over_three_reads_stays_whole():
    events = feed_all("你好".encode(), sizes=[1])
    assert plain_text(events) == "你好"


def test_invalid_bytes_become_replacement_characters_and_the_text_goes_on():
    assert plain_text(feed_all(b"ab\xffcd\r\n")) == "ab\ufffdcd\n"
    assert plain_text(feed_all(b"x\xe4\xb8y\r\n", sizes=[2])) == "x\ufffdy\n"       # truncated 3-byte sequence


def test_an_unfinished_character_at_the_end_of_the_stream_is_flushed():
    stream = ConsoleStream()
    assert plain_text(stream.feed("ok 温".encode()[:-1])) == "ok "
    assert plain_text(stream.flush()) == "\ufffd"


def test_crlf_split_between_reads_is_one_newline():
    for cut, events in split_everywhere(b"one\r\ntwo\r\n"):
        assert events == [e for e in events if isinstance(e, Text)], cut
        assert plain_text(events) == "one\ntwo\n"


def test_carriage_returns_before_a_newline_are_one_newline():
    assert feed_all(b"a\r\r\nb\r\r\r\n") == [Text("a\nb\n")]
    assert feed_all(b"a\r\r\nb\r\r\r\n", sizes=[1]) == [Text(c) for c in "a\nb\n"]


def test_a_lone_carriage_return_overwrites_the_line():
    events = feed_all(b"download  10%\rdownload 100%\r\n")
    assert events == [Text("download  10%"), CarriageReturn(), Text("download 100%\n")]


def test_a_carriage_return_at_the_end_of_a_read_waits_for_the_next():
    stream = ConsoleStream()
    assert stream.feed(b"10%\r") == [Text("10%")]
    assert stream.feed(b"20%") == [CarriageReturn(), Text("20%")]
    assert stream.feed(b"\r") == []
    assert stream.flush() == [CarriageReturn()]


def test_backspace_and_cursor_controls_are_events():
    events = feed_all(b"abc\x08\x08 \x1b[3D\x1b[K\x1b[2C\x1b[1K\x1b[2J")
    assert events == [Text("abc"), CursorBack(2), Text(" "), CursorBack(3), EraseInLine(0), CursorForward(2),
                      EraseInLine(1), ClearScreen()]


def test_other_escape_sequences_and_controls_are_dropped():
    events = feed_all(b"\x1b[2Aup\x1b[?25l\x1b[10;5Hhere\x1b7\x1b(B\x07\x00\x1b]done\r\n")
    assert events == [Text("upheredone\n")]


def test_tabs_stay_in_the_text():
    assert plain_text(feed_all(b"a\tb\r\n")) == "a\tb\n"


# -- ANSI colours -----------------------------------------------------------------------------

def test_sgr_colours_become_styled_spans():
    events = feed_all(b"\x1b[31mred\x1b[0m plain \x1b[1;4;92mbright\x1b[22;24;39m back")
    assert events == [Text("red", Style(fg=1)), Text(" plain "),
                      Text("bright", Style(fg=10, bold=True, underline=True)), Text(" back")]


def test_256_colour_truecolour_and_backgrounds():
    assert apply_sgr(PLAIN, "38;5;208") == Style(fg=208)
    assert apply_sgr(PLAIN, "48;2;1;2;3") == Style(bg=(1, 2, 3))
    assert apply_sgr(PLAIN, "38:2::10:20:30") == Style(fg=(10, 20, 30))
    assert apply_sgr(PLAIN, "38:5:33;44") == Style(fg=33, bg=4)
    assert apply_sgr(PLAIN, "103;7;3;2") == Style(bg=11, inverse=True, italic=True, dim=True)
    assert apply_sgr(Style(fg=1, bg=2, bold=True), "") == PLAIN
    assert apply_sgr(Style(fg=1, bg=2), "49") == Style(fg=1)
    assert apply_sgr(PLAIN, "38;5") == PLAIN                       # cut short: ignored, no crash
    assert apply_sgr(PLAIN, "58;2;1;2;3") == PLAIN                  # unknown code: ignored


def test_palette_colours_have_rgb():
    assert color_rgb(1) == (205, 0, 0)
    assert color_rgb(9) == (255, 0, 0)
    assert color_rgb(16) == (0, 0, 0) and color_rgb(231) == (255, 255, 255)
    assert color_rgb(232) == (8, 8, 8)
    assert color_rgb((1, 2, 3)) == (1, 2, 3)


def test_an_escape_sequence_split_at_every_offset():
    data = b"a\x1b[38;2;255;128;0mb\x1b[0mc"
    for cut, events in split_everywhere(data):
        assert events == [Text("a"), Text("b", Style(fg=(255, 128, 0))), Text("c")], cut


def test_an_unfinished_escape_at_the_end_of_the_stream_is_dropped():
    stream = ConsoleStream()
    assert stream.feed(b"x\x1b[3") == [Text("x")]
    assert stream.flush() == [Text("[3")]           # not a sequence after all: the lone ESC goes


def test_style_carries_over_to_the_next_read():
    stream = ConsoleStream()
    stream.feed(b"\x1b[33m")
    assert stream.feed(b"warn") == [Text("warn", Style(fg=3))]


# -- log lines --------------------------------------------------------------------------------

def test_esp_idf_log_lines_have_a_level_and_keep_their_colour():
    events = feed_all(b"\x1b[0;32mI (71364) phy: phy_version: 4670\x1b[0m\r\n"
                      b"\x1b[0;33mW (12) wifi:sta is connecting\x1b[0m\r\n"
                      b"\x1b[0;31mE (1500) esp_image: image at 0x10000 has invalid magic byte\x1b[0m\r\n"
                      b"D (12:34:56.789) tag: debug\r\n")
    logs = of(LogLine, events)
    assert [(log.level, log.source, log.tag, log.seconds, log.console_line) for log in logs] == [
        ("info", "esp-idf", "phy", 71.364, 0), ("warning", "esp-idf", "wifi", 0.012, 1),
        ("error", "esp-idf", "esp_image", 1.5, 2), ("debug", "esp-idf", "tag", None, 3)]
    assert logs[0].message == "phy_version: 4670"
    assert logs[1].message == "sta is connecting"
    assert Text("I (71364) phy: phy_version: 4670", Style(fg=2)) in events


def test_alios_log_lines_have_a_level():
    events = feed_all(b"[  64.140]<E>AIOT_UPLOAD upload failed, ret=-1\r\n[   1.000]<W>netmgr slow\r\n")
    logs = of(LogLine, events)
    assert [(log.level, log.source, log.tag, log.message, log.seconds) for log in logs] == [
        ("error", "aos", "AIOT_UPLOAD", "upload failed, ret=-1", 64.14), ("warning", "aos", "netmgr", "slow", 1.0)]


def test_lines_that_only_look_like_logs_are_text():
    events = feed_all(b"I am here\r\nE (x) no\r\n[abc]<E>\r\nWe (1) tag: no\r\n")
    assert of(LogLine, events) == []


def test_a_line_event_follows_the_text_that_ends_its_line():
    events = feed_all(b"before\r\nI (1) t: m\r\nafter\r\n")
    assert events == [Text("before\nI (1) t: m\n"), LogLine("info", "esp-idf", "t", "m", 0.001, 1), Text("after\n")]


def test_a_line_is_recognised_only_when_it_is_complete():
    stream = ConsoleStream()
    assert of(LogLine, stream.feed(b"I (1) t: first half")) == []
    assert of(LogLine, stream.feed(b", second half\r\n")) == [LogLine("info", "esp-idf", "t", "first half, second half",
                                                                       0.001, 0)]


# -- HaaS marker lines ------------------------------------------------------------------------

def test_haas_marker_lines_are_state_events():
    events = feed_all(HAAS_BOOT)
    assert [e for e in events if not isinstance(e, Text)] == [
        SoftReboot(0), Boot(1), FileCheck("/data/pyamp/main.py", 2), MainStarted("/data/pyamp/main.py", 3)]


def test_banner_and_prompt():
    events = feed_all(b"MicroPython v1.17-dirty on 2022-05-30; ESP32 module with ESP32\r\n"
                      b'Type "help()" for more information.\r\n>>> ')
    assert of(Banner, events) == [Banner("v1.17-dirty", "2022-05-30", "ESP32 module with ESP32", 0)]
    assert events[-1] == Prompt(2)


def test_the_prompt_is_reported_once_per_line_and_after_it_is_complete():
    stream = ConsoleStream()
    assert of(Prompt, stream.feed(b">>")) == []
    assert of(Prompt, stream.feed(b"> ")) == [Prompt(0)]
    assert of(Prompt, stream.feed(b"print(1)")) == []                # the user types; still the same line
    assert of(Prompt, stream.feed(b"\r\n1\r\n>>> ")) == [Prompt(2)]
    assert of(Prompt, feed_all(b"a >>> b\r\n")) == []


def test_rom_reset_lines_are_hard_resets():
    events = feed_all(b"ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                      b"rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n")
    assert of(HardReset, events) == [HardReset(1, "POWERON_RESET", 2), HardReset(12, "SW_CPU_RESET", 3)]


def test_console_lines_count_every_newline():
    events = feed_all(b"a\r\n\r\nb\rc\r\n" + HAAS_BOOT, sizes=[3])
    assert of(SoftReboot, events) == [SoftReboot(3)]


# -- tracebacks -------------------------------------------------------------------------------

def test_a_traceback_is_one_event_with_frames():
    events = feed_all(b"hello\r\n" + TRACEBACK + b">>> ")
    (tb,) = of(Traceback, events)
    assert [(f.board_path, f.lineno, f.function, f.console_line) for f in tb.frames] == [
        ("/data/pyamp/main.py", 12, "<module>", 2), ("/data/pyamp/drivers/sht3x.py", 40, "测量", 3),
        ("/lib/appOta.py", 7, "check", 4)]
    assert (tb.exception, tb.message, tb.console_line, tb.end_line) == ("OSError", "[Errno 19] ENODEV", 1, 5)
    assert events.index(tb) == len(events) - 3          # after the exception line's text, before the prompt's


def test_a_traceback_split_across_reads_gives_the_same_event():
    whole = of(Traceback, feed_all(TRACEBACK))
    for size in (1, 2, 3, 7, 64):
        assert of(Traceback, feed_all(TRACEBACK, sizes=[size])) == whole, size
    for cut, events in split_everywhere(TRACEBACK):
        assert of(Traceback, events) == whole, cut


def test_syntax_errors_and_interrupts():
    events = feed_all(b'Traceback (most recent call last):\r\n  File "main.py", line 3\r\nSyntaxError: invalid syntax\r\n'
                      b"Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n"
                      b"KeyboardInterrupt: \r\n")
    first, second = of(Traceback, events)
    assert (first.frames[0].board_path, first.frames[0].function, first.exception, first.message) == (
        "main.py", "", "SyntaxError", "invalid syntax")
    assert (second.exception, second.message) == ("KeyboardInterrupt", "")


def test_a_traceback_cut_short_by_a_reboot_still_ends():
    events = feed_all(b'Traceback (most recent call last):\r\n  File "main.py", line 3, in <module>\r\nMPY: soft reboot\r\n')
    (tb,) = of(Traceback, events)
    assert (tb.exception, len(tb.frames)) == ("", 1)
    assert [type(e) for e in events if not isinstance(e, Text)] == [Traceback, SoftReboot]


def test_frames_map_back_to_project_files(tmp_path):
    for name in ("main.py", "drivers/sht3x.py", "lib/appOta.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    stream = ConsoleStream(PathMapper(tmp_path).map_path)
    (tb,) = of(Traceback, feed_all(TRACEBACK, stream=stream))
    assert [f.host_path for f in tb.frames] == [tmp_path / "main.py", tmp_path / "drivers" / "sht3x.py",
                                                tmp_path / "lib" / "appOta.py"]


def test_path_mapping_rules(tmp_path):
    (tmp_path / "main.py").write_text("")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "mpu6050.py").write_text("")
    run_file = tmp_path / "scratch.py"
    mapper = PathMapper(tmp_path, stdin_file=run_file)
    assert mapper.map_path("/data/pyamp/main.py") == tmp_path / "main.py"
    assert mapper.map_path("main.py") == tmp_path / "main.py"
    assert mapper.map_path("./main.py") == tmp_path / "main.py"
    assert mapper.map_path("/lib/mpu6050.py") == tmp_path / "lib" / "mpu6050.py"
    assert mapper.map_path("/data/lib/mpu6050.py") == tmp_path / "lib" / "mpu6050.py"
    assert mapper.map_path("<stdin>") == run_file
    assert mapper.map_path("/boot.py") is None                      # firmware, not the project's
    assert mapper.map_path("/main.py") is None                      # the board's own fallback main
    assert mapper.map_path("/data/pyamp/missing.py") is None
    assert mapper.map_path("/data/pyamp/../../etc/passwd") is None
    assert mapper.map_path("C:/main.py") is None
    assert mapper.map_path("") is None
    assert PathMapper(tmp_path, app_dir="/").map_path("/main.py") == tmp_path / "main.py"
    assert PathMapper(tmp_path).map_path("<stdin>") is None


def test_the_mapper_can_be_set_later(tmp_path):
    (tmp_path / "main.py").write_text("")
    stream = ConsoleStream()
    stream.feed(b'Traceback (most recent call last):\r\n')
    stream.map_path = PathMapper(tmp_path).map_path
    (tb,) = of(Traceback, stream.feed(b'  File "/data/pyamp/main.py", line 1, in <module>\r\nValueError: x\r\n'))
    assert tb.frames[0].host_path == tmp_path / "main.py"


# -- robustness -------------------------------------------------------------------------------

def test_a_very_long_line_without_newline_keeps_flowing():
    stream = ConsoleStream()
    total = "".join(plain_text(stream.feed(b"x" * 10_000)) for _ in range(100))
    assert len(total) == 1_000_000
    assert of(LogLine, stream.feed(b"\r\nI (1) t: after\r\n")) == [LogLine("info", "esp-idf", "t", "after", 0.001, 1)]


def test_reset_forgets_half_sequences_and_style():
    stream = ConsoleStream()
    stream.feed(b"\x1b[31mred \xe4\xbd\x1b[")
    stream.reset()
    assert stream.feed(b"plain") == [Text("plain")]


# Reference: what the text of the events must be, written independently of the module's regexes.
_REFERENCE_DROP = re.compile(r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b[ -/]{0,8}[0-Z\\-~]|[\x00-\x08\x0b-\x1f\x7f]")
_PIECES = st.one_of(st.binary(max_size=12), st.sampled_from([
    b"\x1b[", b"\x1b[31m", b"\x1b[38;2;1;2;3m", b"\x1b", b"m", b"\r", b"\n", b"\r\n", b"\x08", "温".encode(),
    "温".encode()[:2], b"\xff", b"I (1) t: x", b"Traceback (most recent call last):", b'  File "a.py", line 1',
    b">>> ", b" ==== python execute bootpy ====", b"rst:0x1 (X)", b"[  1.000]<E>T m", b"MicroPython v1 on d; m"]))


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=40), sizes=st.lists(st.integers(1, 40), min_size=1, max_size=8))
def test_any_bytes_in_any_chunks_never_raise_and_keep_the_text(pieces, sizes):
    data = b"".join(pieces)
    chunked = feed_all(data, sizes=sizes)
    expected = _REFERENCE_DROP.sub("", data.decode("utf-8", "replace"))
    assert plain_text(chunked) == expected
    # Line events do not depend on the chunking (a Prompt does: it means the output stopped at one).
    whole = feed_all(data)
    cursor_or_prompt = (Text, CarriageReturn, CursorBack, Prompt)
    assert [e for e in chunked if not isinstance(e, cursor_or_prompt)] == \
        [e for e in whole if not isinstance(e, cursor_or_prompt)]


def test_the_benchmark_sample_is_realistic_and_parses():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "console_stream.py"
    spec = importlib.util.spec_from_file_location("console_stream_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = module.sample_output(0.2, seed=3)
    events = feed_all(data, sizes=[1024, 4096, 2048])
    kinds = {type(e) for e in events}
    assert {Text, LogLine, CarriageReturn, Traceback, Boot, MainStarted, Banner, SoftReboot} <= kinds
