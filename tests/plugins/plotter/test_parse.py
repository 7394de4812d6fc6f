"""The Plotter's line parser: every format a program prints, and everything that is not data."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.plotter.parse import MAX_COLUMNS, MAX_LINE, LineParser


def parse(line: str, parser: LineParser | None = None):
    return (parser or LineParser()).parse(line)


@pytest.mark.parametrize("line", ["1.2 3.4", "1.2,3.4", "1.2, 3.4", "1.2;3.4", "1.2\t3.4", "  1.2   3.4  ",
                                  "(1.2, 3.4)", "[1.2, 3.4]", "(1.2,3.4)", "1.2,3.4,"])
def test_numbers_in_every_separator_and_bracket(line):
    assert parse(line) == [(0, 1.2), (1, 3.4)]


@pytest.mark.parametrize("text, value", [("7", 7.0), ("-7", -7.0), ("+7", 7.0), ("0.5", 0.5), (".5", 0.5),
                                         ("5.", 5.0), ("-1e-3", -0.001), ("2E+4", 20000.0), ("1.5e-05", 1.5e-05),
                                         ("inf", math.inf), ("-inf", -math.inf), ("Infinity", math.inf)])
def test_number_syntax(text, value):
    assert parse(text) == [(0, value)]


def test_nan_is_a_value():
    ((key, value),) = parse("nan")
    assert key == 0 and math.isnan(value)


@pytest.mark.parametrize("line", ["a=1,b=2", "a=1, b=2", "a: 1 b: 2", "a:1,b:2", "a = 1; b = 2", "{'a': 1, 'b': 2}",
                                  '{"a": 1, "b": 2}', "a=1 b=2"])
def test_names_and_values(line):
    assert parse(line) == [("a", 1.0), ("b", 2.0)]


def test_names_may_be_chinese_or_dotted():
    assert parse("温度=21.5, 湿度=40") == [("温度", 21.5), ("湿度", 40.0)]
    assert parse("acc.x: -0.02 acc_y: 9.81") == [("acc.x", -0.02), ("acc_y", 9.81)]


def test_a_label_with_one_value():
    assert parse("temp: 21.5") == [("temp", 21.5)]
    assert parse("temp= 21.5") == [("temp", 21.5)]        # print("temp=", t)


def test_csv_header_names_the_rows_that_follow():
    parser = LineParser()
    assert parser.parse("time,temp,hum") is None
    assert parser.parse("1,21.5,40") == [("time", 1.0), ("temp", 21.5), ("hum", 40.0)]
    assert parser.parse("2, 21.6, 41") == [("time", 2.0), ("temp", 21.6), ("hum", 41.0)]


def test_header_with_quotes_units_and_tabs():
    parser = LineParser()
    assert parser.parse('"t(s)"\t"temp(°C)"\t"rh%"') is None
    assert parser.parse("1\t2\t3") == [("t(s)", 1.0), ("temp(°C)", 2.0), ("rh%", 3.0)]


def test_header_only_names_rows_of_its_width():
    parser = LineParser()
    parser.parse("temp,hum")
    assert parser.parse("1 2 3") == [(0, 1.0), (1, 2.0), (2, 3.0)]
    assert parser.parse("4 5") == [("temp", 4.0), ("hum", 5.0)]


def test_a_new_header_replaces_the_old_one():
    parser = LineParser()
    parser.parse("a,b")
    parser.parse("x;y")
    assert parser.parse("1,2") == [("x", 1.0), ("y", 2.0)]


def test_text_between_rows_does_not_break_the_header():
    parser = LineParser()
    parser.parse("a,b")
    assert parser.parse("Traceback (most recent call last):") is None
    assert parser.parse("1,2") == [("a", 1.0), ("b", 2.0)]


@pytest.mark.parametrize("line", ["hello", "hello world", "Connecting, please wait", "a,a",
                                  "a, 1b", "temp,1,hum"])
def test_not_headers(line):
    parser = LineParser()
    assert parser.parse(line) is None
    assert parser.header is None


def test_empty_csv_field_gives_no_point():
    assert parse("1,,3") == [(0, 1.0), (2, 3.0)]


@pytest.mark.parametrize("line", [
    "", "   ", "Traceback (most recent call last):", '  File "main.py", line 3, in <module>',
    "ValueError: invalid literal", "I (1234) wifi: connected to ap", "[  12.345]<I>AOS booting", "12:30:45",
    "2024-01-02", ">>> ", "MicroPython v1.20.0 on 2023-04-26; ESP32 module with ESP32", "1 a 2", "1_000",
    "0x10", "temp=21.5C", "temp 21.5", "1..2", "--1", "a=1 b", "(1, 2", "1e", "e5", ",", "()", "[]",
    "=1", "1=2", "nan nan x",
])
def test_not_data(line):
    assert parse(line) is None


def test_too_many_values_or_too_long_is_not_data():
    assert parse(" ".join(["1"] * (MAX_COLUMNS + 1))) is None
    assert parse(" ".join(["1"] * MAX_COLUMNS)) is not None
    assert parse("1" + " " * MAX_LINE + "2") is None


finite = st.floats(allow_nan=False, allow_infinity=True, width=64)


@given(st.lists(finite, min_size=1, max_size=MAX_COLUMNS), st.sampled_from([" ", ",", ", ", ";", "\t"]),
       st.sampled_from(["{}", "({})", "[{}]"]))
def test_printed_floats_parse_back(values, separator, wrapper):
    line = wrapper.format(separator.join(repr(v) for v in values))
    assert parse(line) == list(enumerate(values))


@given(st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True),
                       st.integers(-10**9, 10**9), min_size=1, max_size=MAX_COLUMNS))
def test_printed_dicts_parse_back(values):
    assert parse(repr(values)) == [(name, float(value)) for name, value in values.items()]


@given(st.text(max_size=200))
def test_any_text_gives_data_or_none_never_an_error(text):
    parser = LineParser()
    result = parser.parse(text)
    assert result is None or all(isinstance(v, float) for _key, v in result)
