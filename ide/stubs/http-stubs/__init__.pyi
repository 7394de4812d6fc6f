"""HaaS `http`: HTTP requests and file downloads from the board.

(This stub is a `-stubs` package rather than `http.pyi` so that it wins over the desktop Python's
own `http` package when the editor completes code.)
"""

from typing import Any, Callable

def request(data: dict, callback: Callable[[dict], Any] | None = None) -> int:
    """Send a request: request({'url': 'http://...', 'method': 'GET', 'headers': {...}, 'timeout': 30000},
    callback). The response (a dict with the body) goes to `callback`. Returns 0 if it was sent."""
def download(data: dict, callback: Callable[[Any], Any] | None = None) -> int:
    """Download a file: download({'url': 'http://...', 'filepath': '/data/file.bin'}, callback).
    Returns 0 if the download started."""
