# The firmware's `uasyncio` / `asyncio` (MicroPython, runs in the VM): our own scheduler with
# MicroPython's documented API (run, create_task, sleep, sleep_ms, gather, wait_for, wait_for_ms,
# Event, ThreadSafeFlag, Lock, current_task, get_event_loop, new_event_loop).
#
# A task is a coroutine stepped with send()/throw(). What it awaits yields one request to the
# scheduler: None (run again soon), a _Sleep, or _PARK (something will wake it: an Event, a Task it
# awaits, a Lock). Each park has a token; a wake with an old token is ignored, so a task woken by
# one cause (a timeout) is not woken again by another (the event it waited for). The loop sleeps
# with the VM's own time.sleep_ms in short slices, so Ctrl-C and pin/timer callbacks (which may set
# a ThreadSafeFlag) are served while it waits.
import sys
import time
from heapq import heappop, heappush

__name__ = "uasyncio"
__version__ = (3, 0, 0)
_SLICE_MS = 10


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


class _Sleep:
    """The request a sleeping task yields to the scheduler."""

    def __init__(self, ms):
        self.ms = ms


_PARK = object()


class _Park:
    def __iter__(self):
        yield _PARK

    __await__ = __iter__


class _State:
    """The scheduler's queues (new_event_loop() starts with fresh ones)."""

    def __init__(self):
        self.ready = []
        self.timers = []
        self.flags = []
        self.current = None
        self.pushed = 0
        self.start = time.ticks_ms()
        self.elapsed = 0
        self.handler = None


_s = _State()


def _now():
    """Milliseconds since the loop was made, never wrapping."""
    ticks = time.ticks_ms()
    _s.elapsed += time.ticks_diff(ticks, _s.start)
    _s.start = ticks
    return _s.elapsed


def _wake(task, token, throw=None):
    """Make a parked task ready; False when `token` is stale (it was woken already)."""
    if task.token != token or not task.parked:
        return False
    task.parked = False
    task.token += 1
    if throw is not None:
        task.throw = throw
    _s.ready.append(task)
    return True


def _wait_here(waiters):
    """Register the running task in `waiters` (a list of (task, token)) before it parks."""
    task = _s.current
    waiters.append((task, task.token))


class Task:
    def __init__(self, coro):
        self.coro = coro
        self.result = None
        self.exc = None
        self.finished = False
        self.waiters = []
        self.token = 0
        self.parked = False
        self.throw = None
        self.send = None
        self.retrieved = False
        self.awaited = False  # run_until_complete() takes its result
        _s.ready.append(self)

    def done(self):
        return self.finished

    def cancel(self):
        if self.finished or self is _s.current:
            return False
        self.throw = CancelledError()
        if self.parked:
            _wake(self, self.token)
        return True

    def __iter__(self):
        while not self.finished:
            _wait_here(self.waiters)
            yield _PARK
        self.retrieved = True
        if self.exc is not None:
            raise self.exc
        return self.result

    __await__ = __iter__

    def __repr__(self):
        return "<Task>"

    def _finish(self, result, exc):
        self.finished = True
        self.result, self.exc = result, exc
        waiters, self.waiters = self.waiters, []
        woken = [w for w in waiters if _wake(w[0], w[1])]
        if exc is not None and not woken and not self.awaited and not isinstance(exc, CancelledError):
            _report(self, exc)


def _report(task, exc):
    context = {"message": "Task exception wasn't retrieved", "exception": exc, "future": task}
    if _s.handler is not None:
        _s.handler(_loop, context)
    else:
        Loop.default_exception_handler(_loop, context)


def _step(task):
    _s.current = task
    try:
        if task.throw is not None:
            exc, task.throw = task.throw, None
            request = task.coro.throw(exc)
        else:
            value, task.send = task.send, None
            request = task.coro.send(value)
    except StopIteration as stop:
        task._finish(stop.value if stop.args else None, None)
        return
    except CancelledError as exc:
        task._finish(None, exc)
        return
    except Exception as exc:  # noqa: BLE001 - a task's error ends that task only
        task._finish(None, exc)
        return
    finally:
        _s.current = None
    if request is None:
        _s.ready.append(task)
    elif isinstance(request, _Sleep):
        task.parked = True
        _s.pushed += 1
        heappush(_s.timers, (_now() + max(0, request.ms), _s.pushed, task, task.token))
    elif request is _PARK:
        task.parked = True
    else:
        task.throw = RuntimeError("a task awaited something that is not awaitable by uasyncio")
        _s.ready.append(task)


def _due_timers():
    now = _now()
    while _s.timers and _s.timers[0][0] <= now:
        _deadline, _n, task, token = heappop(_s.timers)
        _wake(task, token)


def _raised_flags():
    for flag in _s.flags:
        if flag._set and flag._waiters:
            flag._set = False
            waiters, flag._waiters = flag._waiters, []
            for task, token in waiters:
                _wake(task, token)


def _idle():
    """Nothing to run: sleep until the next timer (in slices: callbacks may raise a flag)."""
    wait = _SLICE_MS
    if _s.timers:
        wait = min(wait, max(0, _s.timers[0][0] - _now()))
    time.sleep_ms(wait)


def _run_until(done):
    while not done():
        _due_timers()
        _raised_flags()
        if not _s.ready:
            _idle()
            continue
        ready, _s.ready = _s.ready, []
        for i in range(len(ready)):
            _step(ready[i])
            if done():
                _s.ready = ready[i + 1:] + _s.ready
                return


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    return Task(coro)


def current_task():
    if _s.current is None:
        raise RuntimeError("no running task")
    return _s.current


def run_until_complete(main=None):
    if main is None:
        _run_until(lambda: False)
        return None
    task = main if isinstance(main, Task) else create_task(main)
    task.awaited = True
    _run_until(task.done)
    task.retrieved = True
    if task.exc is not None:
        raise task.exc
    return task.result


def run(coro):
    return run_until_complete(create_task(coro))


def sleep_ms(ms):
    yield _Sleep(int(ms))


def sleep(seconds):
    yield _Sleep(int(seconds * 1000))


def _as_task(awaitable):
    return awaitable if isinstance(awaitable, Task) else create_task(awaitable)


class _Gather:
    def __init__(self, tasks, return_exceptions):
        self.tasks = tasks
        self.return_exceptions = return_exceptions

    def __iter__(self):
        while True:
            for task in self.tasks:
                if task.finished and task.exc is not None and not self.return_exceptions:
                    task.retrieved = True
                    raise task.exc
            pending = [task for task in self.tasks if not task.finished]
            if not pending:
                break
            for task in pending:
                _wait_here(task.waiters)
            yield _PARK
        for task in self.tasks:
            task.retrieved = True
        return [task.exc if task.exc is not None else task.result for task in self.tasks]

    __await__ = __iter__


def gather(*awaitables, return_exceptions=False):
    return _Gather([_as_task(a) for a in awaitables], return_exceptions)


class _WaitFor:
    def __init__(self, task, ms):
        self.task = task
        self.ms = ms

    def __iter__(self):
        task = self.task
        if not task.finished:
            me = _s.current
            _wait_here(task.waiters)
            _s.pushed += 1
            heappush(_s.timers, (_now() + max(0, self.ms), _s.pushed, me, me.token))
            yield _PARK
        if not task.finished:
            task.cancel()
            while not task.finished:
                _wait_here(task.waiters)
                yield _PARK
            task.retrieved = True
            raise TimeoutError
        return (yield from task)

    __await__ = __iter__


def wait_for_ms(awaitable, timeout):
    task = _as_task(awaitable)
    if timeout is None:
        return task
    return _WaitFor(task, int(timeout))


def wait_for(awaitable, timeout):
    return wait_for_ms(awaitable, None if timeout is None else timeout * 1000)


class Event:
    def __init__(self):
        self._set = False
        self._waiters = []

    def is_set(self):
        return self._set

    def set(self):
        self._set = True
        waiters, self._waiters = self._waiters, []
        for task, token in waiters:
            _wake(task, token)

    def clear(self):
        self._set = False

    async def wait(self):
        while not self._set:
            _wait_here(self._waiters)
            await _Park()
        return True


class ThreadSafeFlag:
    """An event an interrupt callback may set: the loop wakes one waiter."""

    def __init__(self):
        self._set = False
        self._waiters = []
        _s.flags.append(self)

    def set(self):
        self._set = True

    def clear(self):
        self._set = False

    async def wait(self):
        if self._set:
            self._set = False
            return
        if self not in _s.flags:
            _s.flags.append(self)
        _wait_here(self._waiters)
        await _Park()


class Lock:
    def __init__(self):
        self._locked = False
        self._waiters = []
        self._handed = None  # the waiter release() passed the lock to, until it runs

    def locked(self):
        return self._locked

    async def acquire(self):
        while self._locked:
            me = _s.current
            _wait_here(self._waiters)
            try:
                await _Park()
            except CancelledError:
                if self._handed is me:  # cancelled just after being handed the lock: pass it on
                    self._handed = None
                    self.release()
                raise
            if self._handed is me:
                self._handed = None
                return True
        self._locked = True
        return True

    def release(self):
        if not self._locked:
            raise RuntimeError("Lock not acquired")
        while self._waiters:
            task, token = self._waiters.pop(0)
            if _wake(task, token):
                self._handed = task  # the lock passes to it, still locked
                return
        self._locked = False

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, *exc):
        self.release()


def _print_exception(exc):
    """The traceback, without the lines of this module (as the firmware's frozen code shows)."""
    from io import StringIO
    text = StringIO()
    sys.print_exception(exc, text)
    for line in text.getvalue().split("\n"):
        if line and "board_uasyncio" not in line:
            print(line)


class Loop:
    _stopped = False

    def create_task(self, coro):
        return create_task(coro)

    def run_forever(self):
        Loop._stopped = False
        _run_until(lambda: Loop._stopped)

    def run_until_complete(self, awaitable):
        return run_until_complete(awaitable)

    def stop(self):
        Loop._stopped = True

    def close(self):
        pass

    def set_exception_handler(self, handler):
        _s.handler = handler

    def get_exception_handler(self):
        return _s.handler

    def default_exception_handler(self, context):
        print(context["message"])
        print("future:", context["future"], "coro=", context["future"].coro)
        _print_exception(context["exception"])

    def call_exception_handler(self, context):
        (_s.handler or Loop.default_exception_handler)(self, context)


_loop = Loop()


def get_event_loop(runq_len=0, waitq_len=0):
    return _loop


def new_event_loop():
    global _s
    _s = _State()
    return _loop


async def open_connection(host, port):
    import usocket
    address = usocket.getaddrinfo(host, port)[0][-1]
    sock = usocket.socket()
    sock.connect(address)


async def start_server(callback, host, port, backlog=5):
    import usocket
    usocket.getaddrinfo(host, port)
    raise OSError(113)  # EHOSTUNREACH: no network interface is up to listen on
