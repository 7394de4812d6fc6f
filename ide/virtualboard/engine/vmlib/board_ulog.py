# HaaS's `ulog` (MicroPython, runs in the VM): AliOS log lines on the console,
# "[  12.345]<E>tag message", for levels at or above the board's log level. That level starts as
# board.json's "debugLevel" (default ERROR) and `stdloglevel()` changes it.
from time import ticks_ms as _ticks_ms
from _vm import call as _call

__name__ = "ulog"
LOG_FATAL = 1
LOG_ERROR = 2
LOG_WARN = 3
LOG_INFO = 4
LOG_DEBUG = 5
_LETTERS = {LOG_FATAL: "F", LOG_ERROR: "E", LOG_WARN: "W", LOG_INFO: "I", LOG_DEBUG: "D"}
_level = [_call("ulog.level")]


def stdloglevel(level):
    _level[0] = int(level)
    return 0


def _out(level, tag, message):
    if not isinstance(tag, str) or not isinstance(message, str):
        raise TypeError("can't convert to str implicitly")
    if level <= _level[0]:
        ms = _ticks_ms()
        print("[%4d.%03d]<%s>%s %s" % (ms // 1000, ms % 1000, _LETTERS[level], tag, message))
    return 0


def debug(tag, message):
    return _out(LOG_DEBUG, tag, message)


def info(tag, message):
    return _out(LOG_INFO, tag, message)


def warn(tag, message):
    return _out(LOG_WARN, tag, message)


def error(tag, message):
    return _out(LOG_ERROR, tag, message)


def fatal(tag, message):
    return _out(LOG_FATAL, tag, message)
