"""`haas-ide flash` against the esptool CLI: same image, same virtual bootloader, same baud, one run each.

The image is a HaaS Python application image of the official image's size and compressibility
(1,977,072 bytes that compress to about 60 %, like HaaSPython-ESP32-v2.2.0.bin). Each run gets a
fresh virtual board (`haas-ide board serve --download-mode`) on a pty whose line runs at a real
UART rate (`--baud`, 115200 until the stub switches it), with the same flash folder, so both tools
start from the ROM bootloader: sync, chip detection, stub upload at 115200, baud change, compressed
write, MD5 verification. Target: ratio <= 1.05 (our orchestration adds nothing measurable).

    PYTHONPATH=. python3 benchmarks/flash.py [--size 1977072] [--baud 460800]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ide.virtualboard.rom.appimage import HAAS_PROJECT, AppInfo, app_descriptor, build_image  # noqa: E402

TIMEOUT = 900


def official_like_image(size: int, seed: int = 1) -> bytes:
    """A valid HaaS application image of about `size` bytes that compresses like firmware (~60 %)."""
    rng = random.Random(seed)
    words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(3, 12))) for _ in range(400)]
    chunks, total = [], 0
    while total < size:
        if rng.random() < 0.45:
            chunk = rng.randbytes(256)                                   # code-like: incompressible
        else:
            chunk = b" ".join(rng.choice(words) for _ in range(40))      # strings and tables
        chunks.append(chunk)
        total += len(chunk)
    payload = b"".join(chunks)[:size - 400]
    app = AppInfo(HAAS_PROJECT, "v2.2.0", "May 30 2022")
    return build_image(0, [(0x3F400020, app_descriptor(app) + payload), (0x40080000, b"\x00" * 64)],
                       entry=0x40080000)


def serve(fs: Path, line_baud: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "ide.cli", "board", "serve", "--download-mode",
                                "--fs", str(fs), "--baud", str(line_baud)], stdout=subprocess.PIPE, text=True)
    port = process.stdout.readline().strip()
    if not port:
        process.kill()
        raise SystemExit("board serve printed no port")
    return process, port


def timed(command: list[str], fs: Path, line_baud: int) -> tuple[float, str]:
    board, port = serve(fs, line_baud)
    try:
        start = time.perf_counter()
        result = subprocess.run([part.replace("PORT", port) for part in command], capture_output=True,
                                text=True, timeout=TIMEOUT)
        elapsed = time.perf_counter() - start
    finally:
        board.terminate()
        board.wait(10)
        board.stdout.close()
    if result.returncode != 0:
        raise SystemExit(f"{command[2]} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1977072, help="image size in bytes")
    parser.add_argument("--baud", type=int, default=460800, help="baud rate both tools write at")
    parser.add_argument("--line", type=int, default=115200, help="the board's line rate before the baud change")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="haas-flash-bench-") as folder:
        folder = Path(folder)
        image = folder / "HaaSPython-bench.bin"
        image.write_bytes(official_like_image(args.size))
        ours, ours_out = timed([sys.executable, "-m", "ide.cli", "flash", "--port", "PORT", "--board", "virtual",
                                "--image", str(image), "--baud", str(args.baud)], folder / "fs", args.line)
        theirs, theirs_out = timed([sys.executable, "-m", "esptool", "--port", "PORT", "--baud", str(args.baud),
                                    "write-flash", "-z", "0x1000", str(image)], folder / "fs", args.line)
    sent = next((line for line in theirs_out.splitlines() if line.startswith("Wrote ")), "?")
    print(f"image: {image.name}, {args.size} bytes at 0x1000; line {args.line} baud, writing at {args.baud} baud")
    print(f"esptool: {sent}")
    print(f"haas-ide flash:          {ours:7.2f} s")
    print(f"esptool write-flash CLI: {theirs:7.2f} s")
    print(f"ratio (haas-ide / esptool): {ours / theirs:.3f}  (target <= 1.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
