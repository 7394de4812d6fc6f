# `_thread` on the virtual board (MicroPython, runs in the VM). The board runs one thread, so
# start_new_thread() refuses in one line (a thread's endless loop could not share it faithfully);
# locks work as they do for a single thread.
import time as _time

__name__ = "_thread"
_NO_THREADS = ("the virtual board runs one thread: _thread.start_new_thread is not available "
               "(use uasyncio tasks or driver.TIMER callbacks)")


class LockType:
    def __init__(self):
        self._locked = False

    def acquire(self, waitflag=1, timeout=-1):
        """As on the board: a held lock waits (for a callback to release it, or for ever)."""
        if self._locked and waitflag:
            start = _time.ticks_ms()
            while self._locked and (timeout < 0 or _time.ticks_diff(_time.ticks_ms(), start) < timeout * 1000):
                _time.sleep_ms(1)
        if self._locked:
            return False
        self._locked = True
        return True

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        self._locked = False

    def locked(self):
        return self._locked

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


def allocate_lock():
    return LockType()


def get_ident():
    return 1


_stack = [4096]


def stack_size(size=None):
    previous = _stack[0]
    if size is not None:
        _stack[0] = size
    return previous


def start_new_thread(function, args, kwargs=None):
    raise NotImplementedError(_NO_THREADS)


def exit():
    raise SystemExit
