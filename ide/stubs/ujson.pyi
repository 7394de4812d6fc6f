"""MicroPython `ujson`: convert between Python objects and JSON text."""

from typing import Any, IO

def dumps(obj: Any) -> str:
    """`obj` as a JSON string."""
def loads(text: str | bytes) -> Any:
    """The object the JSON `text` describes; raises ValueError when it is malformed."""
def dump(obj: Any, stream: IO[str]) -> None:
    """Write `obj` as JSON to `stream`."""
def load(stream: IO[str]) -> Any:
    """Read one JSON document from `stream`."""
