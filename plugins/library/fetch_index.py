"""Release script: rebuild the plugin's shipped index (index.json) from PyPI.

    python plugins/library/fetch_index.py              # the known names below
    python plugins/library/fetch_index.py --discover   # also look for new haas-python-* names

It asks PyPI's JSON API (https://pypi.org/pypi/<name>/json) for every package's summary, latest
version and source archive (URL and sha256). `--discover` reads PyPI's whole simple index (about
40 MB) to find names added since; that is a release-time job, never something the IDE does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from plugins.library import catalog, pypi  # noqa: E402

NAMES = """ads1xx5 adxl34x aht21b ap3216c as608 bh1750 bmp280 buzzer ccs811 cht8305 dcmotor display-driver
ds18b20 fheartbeat fire gc7219 gnss gp2y10 haaseduk1 hcho hcsr04 heartrate htb485 hx710
ina219 ir irdistance irremote l298 lcd1602 magnetron-sensor max7219 mfrc522 mlx90614 motion motorspeed mpu6050
mpu6886 mq136 mq2 mq3 neo-pixel-matrix noise pca9685 photoresistor qmc5883 qmc6310 qmi8610 qmp6988 raindrops
relay rgb-led rockerkey servo sh1106 sht3x si7006 sn74hc595 soil-moisture spl06 ssd1306 tcs34725 tds tea5767
tracker ttp224 ui-lite uln2003 uv vibration-sensor waterlevel ws2812 zzio606""".split()
SIMPLE_INDEX = "https://pypi.org/simple/"


def known_names() -> list[str]:
    return [catalog.PREFIX + name for name in NAMES]


def discovered_names() -> list[str]:
    """Every haas-python-* project in PyPI's simple index (packaging leftovers such as
    haas-python-haas-python-ads1115-egg-info left out)."""
    request = urllib.request.Request(SIMPLE_INDEX, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read().decode("utf-8")
    if body.lstrip().startswith("{"):
        found = [p["name"] for p in json.loads(body)["projects"]]
    else:  # a mirror that only speaks the HTML form
        found = re.findall(r">([^<>]+)</a>", body)
    names = (catalog.canonical(n) for n in found)
    return [n for n in names if n.startswith(catalog.PREFIX) and not n.endswith("-egg-info")]


def fetch(name: str) -> dict | None:
    try:
        return pypi.package_json(pypi.DEFAULT_URL, name)
    except pypi.NotFound:
        print(f"not on PyPI: {name}", file=sys.stderr)
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--discover", action="store_true", help="also search PyPI's simple index for new names")
    parser.add_argument("--output", type=Path, default=catalog.SHIPPED_INDEX)
    args = parser.parse_args()
    names = set(known_names()) | (set(discovered_names()) if args.discover else set())
    index = catalog.build_index(names, fetch, previous=catalog.shipped_index())
    args.output.write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(index['packages'])} packages written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
