# The board's own start-up code, run inside the MicroPython VM at every boot (this file is
# MicroPython, not host Python). It reports a few facts about the VM to the host (vmstate.py),
# installs the firmware's modules, then serves the host's REPL: each request runs code in
# __main__ and answers with its traceback text, or None.
import host
import json
import micropython
import sys

_host_call = host.call
_dumps = json.dumps
_loads = json.loads
ROM = sys.path[0]


def call(name, *args):
    """Call the host's `name`; its errors come back as this VM's exceptions."""
    reply = _loads(_host_call(name, _dumps(args)))
    if reply[0] == 0:
        return reply[1]
    _raise(reply)


def _raise(reply):
    if reply[0] == 2:  # interrupted: the host has set Ctrl-C pending; the first branch raises it
        for _ in range(4):
            pass
        raise KeyboardInterrupt
    import builtins
    import errno
    kind, args = reply[1], reply[2:]
    if kind == "OSError":  # [name, number]: this VM's number for the name; or [None, message]
        raise OSError(getattr(errno, args[0], args[1]) if args[0] else args[1])
    raise getattr(builtins, kind, RuntimeError)(*args)


def _queue_depth(nop):
    count = [0]

    def one():
        micropython.schedule(nop, 0)
        count[0] += 1
    try:  # no branch until the queue is full: nothing runs the queued calls meanwhile
        one(); one(); one(); one(); one(); one(); one(); one()  # noqa: E702
        one(); one(); one(); one(); one(); one(); one(); one()  # noqa: E702
    except RuntimeError:
        pass
    return count[0]


def _locate():
    """Let the host find the VM's interrupt and scheduler state (once per host process)."""
    def locked(_):
        call("probe_locked")

    def nop(_):
        pass

    def mark(_):
        pass
    import errno
    call("probe_errno", [(n, id(n), getattr(errno, n)) for n in dir(errno) if n[0] == "E"])
    micropython.schedule(locked, 0)
    for _ in range(2):
        pass
    depth = _queue_depth(nop)
    micropython.schedule(mark, 0)
    call("probe_queued", id(mark), depth)
    for _ in range(2):
        pass
    worked = False
    try:
        call("probe_kick")
        for _ in range(4):
            pass
    except KeyboardInterrupt:
        worked = True
    call("probe_done", worked)


def _dispatch(_):
    """Scheduled by the host when callbacks are due: run them (HaaS's py_task_schedule_call)."""
    for handle, args in call("events"):
        function = _callbacks.get(handle)
        if function is None:
            continue
        try:
            function(*args)
        except Exception as exc:  # noqa: BLE001 - reported as the firmware reports it
            print("Unhandled exception in callback handler")
            sys.print_exception(exc)


_callbacks = {}
_next_handle = [0]


def register(function):
    """A handle the host uses to ask for `function(*args)` later (see `_dispatch`)."""
    _next_handle[0] += 1
    _callbacks[_next_handle[0]] = function
    return _next_handle[0]


def forget(handle):
    _callbacks.pop(handle, None)


def _install(name, aliases):
    """Import the firmware module `name` from the ROM and make `import alias` find it."""
    path = sys.path[:]
    sys.path[:] = [ROM]
    for alias in aliases:
        sys.modules.pop(alias, None)
    try:
        module = __import__(name)
        for part in name.split(".")[1:]:
            module = getattr(module, part)
    finally:
        sys.path[:] = path
    for alias in aliases:
        sys.modules[alias] = module
    return module


def _lazy(name, aliases):
    """`import alias` finds a stand-in that loads `name` on first use (a boot stays fast); the
    stand-in passes every attribute read and write on to the module."""
    loaded = []

    def module():
        if not loaded:
            loaded.append(_install(name, aliases))
        return loaded[0]

    class Module:
        def __getattr__(self, attr):
            return getattr(module(), attr)

        def __setattr__(self, attr, value):
            setattr(module(), attr, value)

    stand_in = Module()
    for alias in aliases:
        sys.modules[alias] = stand_in


def _traceback(exc):
    import io
    text = io.StringIO()
    sys.print_exception(exc, text)
    lines = text.getvalue().split("\n")
    return "\n".join(line for line in lines if ROM not in line)


def _source(length):
    buffer = bytearray(length)
    if length:
        import uctypes
        call("source", uctypes.addressof(buffer))
    return bytes(buffer)


def _run(request):
    """One REPL request, as pyexec's parse_compile_execute: None, "exit" or a traceback.

    "go" and "done" are host calls with no bytecode branch before or after them: a Ctrl-C is
    taken only inside the user's code, and one that arrives after it ended is dropped."""
    try:
        if request[0] == "events":
            _dispatch(0)
            return None
        code = compile(_source(request[1]), request[2], request[3])
        _host_call("go", "")
        exec(code, _main)
        _host_call("done", "")
        return None
    except:  # noqa: E722 - no type test (a branch) before the host has disarmed Ctrl-C
        _host_call("done", "")
        exc = sys.exc_info()[1]
    if isinstance(exc, SystemExit):
        return "exit"
    while True:  # a late Ctrl-C while formatting must not escape
        try:
            return _traceback(exc)
        except KeyboardInterrupt:
            pass


def serve():
    result = None
    while True:
        try:
            request = call("next", result)
        except KeyboardInterrupt as exc:  # Ctrl-C as the code was handed over: report it
            result = _traceback(exc)
            continue
        result = _run(request)


import __main__  # noqa: E402

_main = __main__.__dict__
_main.pop("sys", None)
if call("hello", id(KeyboardInterrupt), id(()), id(globals()), id(_dispatch), id(sys.stdout.buffer)):
    _locate()
for _name, _aliases, _eager in call("modules"):
    if _eager:
        _install(_name, _aliases)
    else:
        _lazy(_name, _aliases)
sys.path[:] = call("sys_path")
call("ready")
serve()
