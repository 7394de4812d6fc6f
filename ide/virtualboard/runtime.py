"""One boot of the virtual board's Python: modules, the REPL's globals, callbacks, tracebacks.

Board code runs in CPython, but sees a MicroPython world: its builtins open files on the board's
file system, `import` finds only the emulated firmware modules and `.py` files on the board
(`sys.path` is HaaS's `['', '/lib', '/data/pyamp', '/data/lib']`), `print` goes to the UART, and
errors are printed the way MicroPython prints them. A soft reset throws the whole `Vm` away.
"""

from __future__ import annotations

import ast
import builtins
import collections
import threading
import types
from typing import TYPE_CHECKING, Any, Callable

from ide.virtualboard.fs import MpOSError

if TYPE_CHECKING:
    from ide.virtualboard.board import VirtualBoard

SYS_PATH = ["", "/lib", "/data/pyamp", "/data/lib"]
# CPython 3.11's AST constructor is not safe when several threads parse at once ("recursion depth
# mismatch"): boards in one process (tests, the IDE) compile one at a time.
_PARSE_LOCK = threading.Lock()
_HIDDEN_BUILTINS = ("open", "input", "print", "help", "exit", "quit", "breakpoint", "copyright",
                    "credits", "license", "__import__", "exec", "eval", "compile", "__loader__",
                    "__spec__", "__build_class__")
_MESSAGE_REWRITES = (
    ("is not defined", "isn't defined"),
    ("division by zero", "divide by zero"),
    ("integer division or modulo by zero", "divide by zero"),
    ("float division by zero", "divide by zero"),
)
_CLASS_NAMES = {"ModuleNotFoundError": "ImportError", "UnicodeDecodeError": "UnicodeError",
                "UnicodeEncodeError": "UnicodeError", "FileNotFoundError": "OSError",
                "RecursionError": "RuntimeError"}
HELP_TEXT = (
    "Welcome to HaaS Python (MicroPython) on the virtual board!\n\n"
    "Control commands:\n  CTRL-A        -- on a blank line, enter raw REPL mode\n"
    "  CTRL-B        -- on a blank line, enter normal REPL mode\n"
    "  CTRL-C        -- interrupt a running program\n"
    "  CTRL-D        -- on a blank line, do a soft reset of the board\n"
    "  CTRL-E        -- on a blank line, enter paste mode\n\n"
    "For further help on a specific object, type help(obj)\n"
)


class Vm:
    """The Python state of one boot: cleared by a soft reset."""

    def __init__(self, board: "VirtualBoard") -> None:
        self.board = board
        self.modules: dict[str, types.ModuleType] = {}
        self.path = list(SYS_PATH)
        self.board_files: set[str] = set()
        self.kbd_intr_char = 3
        self.soft_reset_requested = False  # set by machine.soft_reset() before its SystemExit
        self._scheduled: collections.deque[tuple[Callable, Any]] = collections.deque()
        self._cleanups: list[Callable[[], None]] = []
        self._board_config: dict | None = None
        self.builtins = self._make_builtins()
        self.main = self.new_globals("__main__")

    # -- namespaces and builtins -------------------------------------------------------------
    def new_globals(self, name: str, file: str | None = None) -> dict[str, Any]:
        namespace: dict[str, Any] = {"__name__": name, "__builtins__": self.builtins}
        if file is not None:
            namespace["__file__"] = file
        return namespace

    def _make_builtins(self) -> dict[str, Any]:
        table = {k: v for k, v in vars(builtins).items() if k not in _HIDDEN_BUILTINS}
        table.update(
            open=self.board.fs.open, print=self.print, input=self.input, help=self.help,
            __import__=self.import_, exec=self._exec, eval=self._eval, compile=self._compile,
            __build_class__=builtins.__build_class__, OSError=MpOSError, __repl_print__=self._repl_print,
        )
        return table

    def print(self, *args: object, sep: str | None = " ", end: str | None = "\n", file=None) -> None:
        text = (" " if sep is None else sep).join(map(str, args)) + ("\n" if end is None else end)
        if file is None:
            self.board.stdout_write(text)
        else:
            file.write(text)

    def _repl_print(self, value: object) -> None:
        if value is not None:
            self.board.stdout_write(repr(value) + "\n")

    def input(self, prompt: str = "") -> str:
        self.board.stdout_write(str(prompt))
        with self.board.uart.consuming():
            return self.board.read_line(echo=True)

    def help(self, obj: object = None) -> None:
        if obj is None:
            self.board.stdout_write(HELP_TEXT)
            return
        self.board.stdout_write(f"object {obj!r} is of type {type(obj).__name__}\n")
        for name in dir(obj):
            if not name.startswith("__"):
                self.board.stdout_write(f"  {name} -- {getattr(obj, name, None)!r}\n")

    def _with_builtins(self, namespace: dict | None) -> dict:
        if namespace is None:
            return self.main
        namespace.setdefault("__builtins__", self.builtins)
        return namespace

    def _compile(self, source, filename, mode, *args, **kwargs):
        self.board_files.add(filename)
        return builtins.compile(source, filename, mode, *args, **kwargs)

    def _exec(self, code, namespace=None, local=None):
        return builtins.exec(code, self._with_builtins(namespace), local)

    def _eval(self, code, namespace=None, local=None):
        return builtins.eval(code, self._with_builtins(namespace), local)

    # -- running source ----------------------------------------------------------------------
    def compile_source(self, source: str | bytes, filename: str, repl: bool = False):
        """Compile board source; `repl` prints the value of top-level expressions."""
        if isinstance(source, bytes):
            source = source.decode("utf-8", "replace")
        source = source.replace("\r\n", "\n").replace("\r", "\n")
        with _PARSE_LOCK:
            tree = ast.parse(source, filename, "exec")
            if repl:
                tree = _PrintExpressions().visit(tree)
                ast.fix_missing_locations(tree)
            self.board_files.add(filename)
            return builtins.compile(tree, filename, "exec", dont_inherit=True)

    def run_source(self, source: str | bytes, filename: str = "<stdin>", repl: bool = False,
                   namespace: dict | None = None) -> None:
        code = self.compile_source(source, filename, repl)
        builtins.exec(code, self.main if namespace is None else namespace)

    # -- imports -----------------------------------------------------------------------------
    def import_(self, name: str, globals=None, locals=None, fromlist=(), level: int = 0):
        if level:
            package = (globals or {}).get("__package__") or (globals or {}).get("__name__", "")
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - level + 1]) if level > 1 else package
            name = f"{base}.{name}" if name else base
        head = name.split(".")[0]
        module = self._load(head)
        for i, part in enumerate(name.split(".")[1:], start=2):
            module = self._load(".".join(name.split(".")[:i]))
        if fromlist:
            for item in fromlist:
                if item != "*" and not hasattr(module, item) and hasattr(module, "__path__"):
                    try:
                        self._load(f"{name}.{item}")
                    except ImportError:
                        pass
            return module
        return self.modules[head]

    def _load(self, name: str) -> types.ModuleType:
        if name in self.modules:
            return self.modules[name]
        from ide.virtualboard.modules import make_module

        module = make_module(self, name)
        if module is None:
            module = self._load_file(name)
        self.modules[name] = module
        if "." in name:
            parent, _, child = name.rpartition(".")
            setattr(self.modules[parent], child, module)
        return module

    def _find_file(self, name: str) -> tuple[str, bool] | None:
        parts = name.split(".")
        roots = self.modules[parts[0]].__path__ if len(parts) > 1 else self.path
        leaf = parts[-1]
        for root in roots:
            base = f"{root}/{leaf}" if root else leaf
            for candidate, is_pkg in ((f"{base}.py", False), (f"{base}/__init__.py", True)):
                if self.board.fs.exists(candidate) and not self._is_dir(candidate):
                    return candidate, is_pkg
        return None

    def _is_dir(self, path: str) -> bool:
        return self.board.fs.stat(path)[0] == 0x4000

    def _load_file(self, name: str) -> types.ModuleType:
        found = self._find_file(name)
        if found is None:
            raise ImportError(f"no module named '{name}'")
        path, is_pkg = found
        module = types.ModuleType(name)
        module.__dict__.update(self.new_globals(name, path))
        if is_pkg:
            module.__path__ = [path.rsplit("/", 1)[0]]
        module.__package__ = name if is_pkg else name.rpartition(".")[0]
        self.modules[name] = module
        try:
            with self.board.fs.open(path, "rb") as handle:
                source = handle.read()
            self.run_source(source, path, namespace=module.__dict__)
        except BaseException:
            del self.modules[name]
            raise
        return module

    # -- callbacks and cleanup ---------------------------------------------------------------
    def schedule(self, func: Callable, arg: Any = None) -> bool:
        """Run `func(arg)` on the board thread at its next safe point (thread-safe)."""
        self._scheduled.append((func, arg))
        self.board.uart.notify()
        return True

    def has_scheduled(self) -> bool:
        return bool(self._scheduled)

    def run_scheduled(self) -> None:
        while self._scheduled:
            func, arg = self._scheduled.popleft()
            try:
                func(arg)
            except KeyboardInterrupt:
                raise
            except SystemExit as exc:  # machine.reset() in a callback resets the chip
                if getattr(exc, "hard_reset", False):
                    from ide.virtualboard.repl import HardReset

                    raise HardReset(str(getattr(exc, "reason", "machine.reset"))) from None
                raise
            except Exception as exc:  # a failing callback is reported, the program goes on
                self.board.stdout_write("Unhandled exception in callback handler\n")
                self.board.stdout_write(self.format_exception(exc))

    def sleep(self, seconds: float) -> None:
        """Sleep like utime.sleep: interruptible by Ctrl-C, running callbacks meanwhile."""
        import time

        deadline = time.monotonic() + max(0.0, seconds)
        while True:
            self.run_scheduled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self.board.uart.sleep(remaining)

    def add_cleanup(self, func: Callable[[], None]) -> None:
        """Call `func()` when this boot ends (soft reset or shutdown): stop timers and threads."""
        self._cleanups.append(func)

    def shutdown(self) -> None:
        self._scheduled.clear()
        while self._cleanups:
            try:
                self._cleanups.pop()()
            except Exception:
                pass

    @property
    def board_config(self) -> dict | None:
        """board.json as this boot read it (the firmware reads it once per boot), or None."""
        if self._board_config is None:
            self._board_config = self.board.read_board_json()
        return self._board_config

    # -- tracebacks --------------------------------------------------------------------------
    def format_exception(self, exc: BaseException) -> str:
        """The traceback as MicroPython prints it."""
        lines = []
        if isinstance(exc, SyntaxError):
            lines.append("Traceback (most recent call last):")
            lines.append(f'  File "{exc.filename}", line {exc.lineno}')
            return "\n".join(lines) + "\nSyntaxError: invalid syntax\n"
        frames = [f for f in _walk_tb(exc.__traceback__) if f[0] in self.board_files]
        if frames or not isinstance(exc, KeyboardInterrupt):
            lines.append("Traceback (most recent call last):")
        for filename, lineno, func in frames:
            lines.append(f'  File "{filename}", line {lineno}, in {func}')
        lines.append(exception_line(exc))
        return "\n".join(lines) + "\n"


def _walk_tb(tb) -> list[tuple[str, int, str]]:
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return frames


def exception_line(exc: BaseException) -> str:
    """`Name: message` as MicroPython prints the last traceback line (`Name: ` with no args)."""
    name = _CLASS_NAMES.get(type(exc).__name__, type(exc).__name__)
    if isinstance(exc, OSError) and len(exc.args) == 1 and isinstance(exc.args[0], int):
        text = str(MpOSError(exc.args[0]))
    elif len(exc.args) == 1:
        text = str(exc.args[0])
        if isinstance(exc, KeyError):
            text = repr(exc.args[0])
    elif exc.args:
        text = repr(exc.args)
    else:
        text = ""
    if name == "ImportError" and text.startswith("No module named"):
        text = "no module named" + text[len("No module named"):]
    for old, new in _MESSAGE_REWRITES:
        text = text.replace(old, new)
    return f"{name}: {text}"


class _PrintExpressions(ast.NodeTransformer):
    """REPL semantics: the value of each top-level expression statement is printed."""

    def visit_Module(self, node: ast.Module) -> ast.Module:
        node.body = [self._wrap(stmt) for stmt in node.body]
        return node

    @staticmethod
    def _wrap(stmt: ast.stmt) -> ast.stmt:
        if not isinstance(stmt, ast.Expr):
            return stmt
        call = ast.Call(func=ast.Name("__repl_print__", ast.Load()), args=[stmt.value], keywords=[])
        return ast.copy_location(ast.Expr(call), stmt)
