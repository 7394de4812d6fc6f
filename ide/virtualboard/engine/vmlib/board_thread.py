# The firmware's `_thread` (MicroPython, runs in the VM): locks and identities as on a board, but
# the VM runs one thread, so start_new_thread says so instead of starting one.
_IDENT = 1


class LockType:
    def __init__(self):
        self._locked = False

    def acquire(self, waitflag=1, timeout=-1):
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
    return _IDENT


def stack_size(size=None):
    return 0


def start_new_thread(function, args, kwargs=None):
    raise NotImplementedError("the virtual board runs one thread: _thread.start_new_thread is not available")


def exit():
    raise SystemExit
