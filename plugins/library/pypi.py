"""Talking to PyPI's JSON API (https://pypi.org/pypi/<name>/json) and downloading archives.

Built on urllib from the standard library rather than `requests` (installed here, but not a
dependency of HaaS IDE): the plugin needs two GET requests, and urllib's default opener already
honours the usual proxy settings (http_proxy, https_proxy, no_proxy, and the system's proxy on
Windows and macOS). Certificates come from the system, plus certifi's bundle when it is installed
(frozen builds on Windows and macOS often lack a usable system store). Every request has a bounded
socket timeout, so an unplugged network fails in seconds rather than hanging, and a bounded
size (`MAX_DOWNLOAD`), so a hostile index cannot fill the memory.

Two failures are kept apart because the caller treats them differently: `NotFound` (PyPI answered
that there is no such package or version) and `NetworkError` (PyPI could not be reached: the
caller falls back to its cache).
"""

from __future__ import annotations

import json
import os
import ssl
import urllib.error
import urllib.request
from typing import Any

DEFAULT_URL = "https://pypi.org/pypi"
URL_VARIABLE = "HAAS_IDE_PYPI_URL"
TIMEOUT = 8.0
MAX_DOWNLOAD = 32 << 20  # bytes: twice the most a library may unpack to (archive.LIMITS)
USER_AGENT = "haas-ide-library/1.0"


class NetworkError(Exception):
    """PyPI (or the file host) could not be reached, or answered with a server error."""


class NotFound(Exception):
    """PyPI answered 404: no such package (or file)."""


def base_url(setting: str | None = None) -> str:
    """The JSON API's base: $HAAS_IDE_PYPI_URL, else the plugin setting, else pypi.org."""
    return (os.environ.get(URL_VARIABLE) or setting or DEFAULT_URL).rstrip("/")


def package_json(base: str, name: str) -> dict[str, Any]:
    """PyPI's JSON description of project `name` (every release, its files and their sha256)."""
    data = fetch(f"{base}/{name}/json")
    try:
        document = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than the parser goes
        raise NetworkError(f"{base}/{name}/json is not JSON") from exc
    if not isinstance(document, dict) or not isinstance(document.get("releases"), dict):
        raise NetworkError(f"{base}/{name}/json is not a PyPI project description")
    return document


def fetch(url: str) -> bytes:
    """The body of `url` (at most `MAX_DOWNLOAD` bytes); `NotFound` on 404, `NetworkError` on
    anything else going wrong."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT, context=_ssl_context()) as response:
            body = response.read(MAX_DOWNLOAD + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            raise NotFound(url) from exc
        raise NetworkError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise NetworkError(_reason(exc)) from exc
    if len(body) > MAX_DOWNLOAD:
        raise NetworkError(f"{url} is larger than {MAX_DOWNLOAD >> 20} MB")
    return body


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason if reason is not None else exc) or type(exc).__name__


_context: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    global _context
    if _context is None:
        _context = ssl.create_default_context()
        try:
            import certifi
        except ImportError:
            pass
        else:
            _context.load_verify_locations(certifi.where())
    return _context
