"""A local stand-in for PyPI: upip-style archives built in a temporary folder, served over HTTP.

`FakePyPI.publish(name, version, files)` builds `<name>-<version>.tar.gz` the way the real
haas-python-* archives look (one top folder with PKG-INFO, LICENSE, the module files, here also a
README, a setup.py and an egg-info folder that must be left out). The server answers PyPI's JSON
API at `/pypi/<name>/json` and the files at `/files/<file name>`. `stop()` takes it off the
network (connections are refused afterwards), `tamper(filename)` serves other bytes than the
sha256 the JSON promises.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

METADATA = {"PKG-INFO": b"Metadata-Version: 2.1\nName: x\n", "LICENSE": b"Apache License 2.0\n",
            "README.md": b"# read me\n", "setup.py": b"raise SystemExit('not used')\n",
            "x.egg-info/PKG-INFO": b"Name: x\n"}


def make_archive(name: str, version: str, files: dict[str, bytes]) -> bytes:
    """A tar.gz shaped like the haas-python-* sdists: `<name>-<version>/` then the files."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        top = f"{name}-{version}"
        folder = tarfile.TarInfo(top)
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        for rel, content in {**METADATA, **files}.items():
            info = tarfile.TarInfo(f"{top}/{rel}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


class FakePyPI:
    """PyPI's JSON API and file host on 127.0.0.1."""

    def __init__(self) -> None:
        self.projects: dict[str, dict] = {}
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.base = f"{self.root}/pypi"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def publish(self, name: str, version: str, files: dict[str, bytes], summary: str = "") -> str:
        """Put `version` of `name` on the index; returns the archive's sha256."""
        return self.publish_archive(name, version, make_archive(name, version, files), summary)

    def publish_archive(self, name: str, version: str, data: bytes, summary: str = "",
                        suffix: str = ".tar.gz") -> str:
        """Put `version` of `name` on the index as the archive `data` as it is (hostile ones too)."""
        filename = f"{name.replace('-', '_')}-{version}{suffix}"
        digest = hashlib.sha256(data).hexdigest()
        self.files[filename] = data
        project = self.projects.setdefault(name, {"info": {}, "releases": {}})
        project["info"] = {"name": name, "version": version, "summary": summary or f"This is {name}."}
        project["releases"][version] = [{"filename": filename, "url": f"{self.root}/files/{filename}",
                                         "packagetype": "sdist", "yanked": False, "digests": {"sha256": digest}}]
        return digest

    def tamper(self, filename: str) -> None:
        self.files[filename] = self.files[filename] + b"tampered"

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join()
        self.server.server_close()


def _handler(pypi: FakePyPI) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            pypi.requests.append(self.path)
            parts = self.path.strip("/").split("/")
            body = None
            if len(parts) == 3 and parts[0] == "pypi" and parts[2] == "json" and parts[1] in pypi.projects:
                body = json.dumps(pypi.projects[parts[1]]).encode()
            elif len(parts) == 2 and parts[0] == "files":
                body = pypi.files.get(parts[1])
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    return Handler
