"""Release script: download the official HaaS Python images and record their sha256 and size.

    python firmware/fetch.py                     # every entry with a download address
    python firmware/fetch.py --entry esp32       # one entry (repeatable)
    python firmware/fetch.py --bundle            # also copy the images into firmware/<id>/ to ship them

Run it where the internet is reachable (the build machines cannot reach the official server).
Each download goes through the same checks as `haas-ide firmware import`: zip members that stay
inside the archive, an ESP image header for the entry's chip, intact checksum and digest, a size
that fits the flash. Then catalog.json gets the image's sha256 and size, which imports and
flashes are checked against from then on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIMEOUT = 60


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (https or file:// only)
        return response.read()


def fetch_entry(raw: dict, bundle_dir: Path | None = None) -> dict:
    """Download and check one catalogue entry; return it with sha256 and size (and bundled) set."""
    from ide.core.firmware import check_image, entry_from_json, read_firmware_file

    entry = entry_from_json(raw)
    if not entry.url or not entry.url.startswith(("https://", "http://", "file:")):
        raise ValueError(f"{entry.id}: no download address")
    payload = download(entry.url)
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / Path(entry.url).name
        archive.write_bytes(payload)
        data, name, others = read_firmware_file(archive, entry.file)
    check_image(data, entry, name)
    updated = dict(raw, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    if bundle_dir is not None:
        target = bundle_dir / entry.id / entry.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        for extra in entry.extra:
            if extra.file in others:
                (target.parent / extra.file).write_bytes(others[extra.file])
        updated["bundled"] = f"{entry.id}/{entry.file}"
    return updated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entry", action="append", help="only this catalogue entry (repeatable)")
    parser.add_argument("--bundle", action="store_true", help="copy the images into firmware/ to ship them")
    parser.add_argument("--catalog", type=Path, default=HERE / "catalog.json", help="catalogue file to update")
    args = parser.parse_args(argv)
    catalogue = json.loads(args.catalog.read_text(encoding="utf-8"))
    failures = 0
    for index, raw in enumerate(catalogue["entries"]):
        if (args.entry and raw["id"] not in args.entry) or not raw.get("url"):
            continue
        try:
            catalogue["entries"][index] = fetch_entry(raw, args.catalog.parent if args.bundle else None)
        except Exception as error:  # report every entry, then fail
            failures += 1
            print(f"{raw['id']}: FAILED: {error}", file=sys.stderr)
            continue
        entry = catalogue["entries"][index]
        print(f"{entry['id']}: {entry['size']} bytes, sha256 {entry['sha256']}")
    args.catalog.write_text(json.dumps(catalogue, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
