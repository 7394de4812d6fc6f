"""Deploy speed against `mpremote cp -r`, on the virtual board at 115200 baud, in one run.

    PYTHONPATH=. python3 benchmarks/deploy.py

Prints figures and ratios (no assertions). The project is HaaS-like, about 100 KB: a dozen Python
files with Chinese comments and strings, and a 20 KB binary asset. Each tool gets a fresh board
served by `haas-ide board serve --baud 115200`. Targets (issue 3): full deploy <= 0.4 of
mpremote's time; payload rate >= 1.5x the line's 11,520 B/s; redeploy with nothing changed
<= 0.5 s and with one file changed <= 1.0 s (excluding the board's reset).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ide.core.deploy import deploy, local_files  # noqa: E402
from ide.core.link.connection import Connection  # noqa: E402
from ide.core.link.rawrepl import RawRepl  # noqa: E402
from tests.served import served_board  # noqa: E402

BAUD = 115200
LINE_RATE = BAUD / 10
COMMENTS = ["读取温湿度传感器的数据", "上报属性到阿里云物联网平台", "根据光照强度控制路灯", "初始化 I2C 总线",
            "连接 Wi-Fi 网络", "检测燃气浓度是否超过阈值", "控制风扇的档位", "处理云端下发的属性设置",
            "定时器回调：每秒采样一次", "蜂鸣器报警", "把数值转换成 JSON 字符串", "看门狗喂狗"]
WORDS = ["sensor", "value", "level", "threshold", "report", "device", "led", "fan", "buzzer", "timer",
         "props", "gas", "temperature", "humidity", "light", "count", "state", "config", "payload"]


def make_project(root: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    for index in range(12):
        lines = [f"# -*- coding: utf-8 -*-\n# 模块 {index}: {rng.choice(COMMENTS)}\n", "import utime\nimport ujson\n\n"]
        while sum(map(len, lines)) < 6400:
            name = "_".join(rng.sample(WORDS, 2))
            lines.append(f"\ndef {name}_{rng.randint(0, 999)}({rng.choice(WORDS)}, {rng.choice(WORDS)}=None):\n")
            lines.append(f"    # {rng.choice(COMMENTS)}\n")
            for _ in range(rng.randint(3, 8)):
                lines.append(f"    {rng.choice(WORDS)} = {rng.choice(WORDS)} * {rng.randint(1, 500)} + {rng.random():.3f}\n")
            lines.append(f"    print('{rng.choice(COMMENTS)}:', {rng.choice(WORDS)})\n")
            lines.append(f"    return ujson.dumps({{'{rng.choice(WORDS)}': {rng.choice(WORDS)}}})\n")
        (root / ("main.py" if index == 0 else f"module_{index}.py")).write_text("".join(lines), encoding="utf-8")
    (root / "logo.bin").write_bytes(bytes(rng.getrandbits(8) for _ in range(20 * 1024)))
    return root


def files_of(root: Path) -> list[tuple[str, Path]]:
    return sorted((p.relative_to(root).as_posix(), p) for p in root.rglob("*") if p.is_file())


def ours(port: str, project: Path) -> tuple[float, dict]:
    with Connection(port, BAUD) as conn:
        started = time.perf_counter()
        result = deploy(RawRepl(conn), local_files(files_of(project)), run=False)
        return time.perf_counter() - started, result.summary()


def mpremote_cp(port: str, project: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mpremote", "connect", port, "fs", "cp", "-r", str(project), ":/data/"],
                   check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="deploy-bench-"))
    project = make_project(work / "proj")
    size = sum(p.stat().st_size for _r, p in files_of(project))
    print(f"project: {len(files_of(project))} files, {size} bytes; line {BAUD} baud = {LINE_RATE:.0f} B/s")
    with served_board(["--baud", str(BAUD), "--fs", str(work / "fs-ours")]) as board:
        full, summary = ours(board.port, project)
        again, _ = ours(board.port, project)
        (project / "module_5.py").write_text((project / "module_5.py").read_text(encoding="utf-8") + "\n# 改动\n",
                                             encoding="utf-8")
        one, one_summary = ours(board.port, project)
    with served_board(["--baud", str(BAUD), "--fs", str(work / "fs-mpremote")]) as board:
        theirs = mpremote_cp(board.port, project)
    rate = size / full
    print(f"full deploy, ours:          {full:7.2f} s  ({summary['bytes_out']} bytes sent, payload {summary['payload_bytes']})")
    print(f"full deploy, mpremote cp -r:{theirs:7.2f} s")
    print(f"ratio ours / mpremote:      {full / theirs:7.3f}   (target <= 0.4)")
    print(f"payload rate / line rate:   {rate / LINE_RATE:7.2f}x  ({rate:.0f} B/s; target >= 1.5)")
    print(f"redeploy, nothing changed:  {again:7.3f} s  (target <= 0.5)")
    print(f"redeploy, one file changed: {one:7.3f} s  (target <= 1.0; wrote {one_summary['written']})")


if __name__ == "__main__":
    main()
