"""Build the virtual board's own HaaS firmware image and record it in the catalogue.

    python firmware/build_virtual.py          # writes firmware/virtual/*.bin, updates catalog.json
    python firmware/build_virtual.py --check  # exit 1 if the committed image or its record is stale

The image is a valid ESP32 application image (header, three segments, checksum, SHA-256 digest,
application descriptor naming the project and its version) that `esptool image-info` reads. It
carries no machine code: only the virtual board runs it (`ide.virtualboard.rom`). The build is
deterministic, so the committed bytes can be checked against a fresh build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "catalog.json"
ENTRY = "virtual-esp32"


def build() -> bytes:
    from ide.virtualboard.rom.appimage import haas_firmware_image

    return haas_firmware_image(chip_id=0, variant="v2.2")


def record(catalogue: dict, image: bytes) -> dict:
    """The catalogue with the virtual entry's size and sha256 set for `image`."""
    for entry in catalogue["entries"]:
        if entry["id"] == ENTRY:
            entry["size"] = len(image)
            entry["sha256"] = hashlib.sha256(image).hexdigest()
    return catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed files are current")
    args = parser.parse_args(argv)
    image = build()
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    entry = next(e for e in catalogue["entries"] if e["id"] == ENTRY)
    target = HERE / entry["bundled"]
    updated = record(json.loads(json.dumps(catalogue)), image)
    if args.check:
        stale = not target.is_file() or target.read_bytes() != image or updated != catalogue
        print("stale" if stale else "current")
        return 1 if stale else 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(image)
    CATALOGUE.write_text(json.dumps(updated, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{target.relative_to(HERE)}: {len(image)} bytes, sha256 {hashlib.sha256(image).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
