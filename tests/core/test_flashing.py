"""`haas-ide flash` and the flashing API end to end against the virtual ESP32 bootloader."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import zipfile

import pytest
import serial

from ide.cli import main
from ide.core.errors import FirmwareError, PortError
from ide.core.flashing import FlashInterrupted, flash, plan_flash
from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.rom.appimage import build_image
from ide.virtualboard.serve import Rfc2217Transport
from tests.served import served_board
from tests.virtualchip import MB, app_image, chip_factory

TIMEOUT = 90


@pytest.fixture(autouse=True)
def user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("HAAS_IDE_DATA_DIR", str(tmp_path / "user-data"))


@pytest.fixture
def chips(tmp_path):
    with chip_factory(tmp_path) as make:
        yield make


def haas_flash(*args: str, check: bool | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "ide.cli", "flash", *args], capture_output=True, text=True,
                            timeout=TIMEOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    if check is not None:
        assert (result.returncode == 0) == check, result.stdout + result.stderr
    return result


def events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- the plan: every refusal before the board is touched --------------------------------------
def test_the_plan_comes_from_the_catalogue():
    plan = plan_flash("/dev/null", "virtual")
    assert (plan.entry.id, plan.offset, plan.source, plan.baud, plan.chip_name) == (
        "virtual-esp32", 0x1000, "bundled", 460800, "ESP32")
    request = plan.request()
    assert request["offset"] == 0x1000 and request["size"] == len(plan.image.data) and request["min_flash"] == 4 * MB


def corrupt(kind: str) -> bytes:
    data = bytearray(app_image("haaspython-virtual", "v2.2.1"))
    if kind == "magic":
        data[0] = 0x00
    elif kind == "truncated":
        del data[600:]
    elif kind == "checksum":
        data[60] ^= 0x40
    return bytes(data)


@pytest.mark.parametrize("kind, reason", [("magic", "is not an ESP firmware image: it starts with 0x00"),
                                          ("truncated", "is truncated"),
                                          ("checksum", "is corrupt: its checksum byte")])
def test_corrupt_images_are_refused(tmp_path, capsys, kind, reason):
    image = write(tmp_path, "fw.bin", corrupt(kind))
    assert main(["flash", "--port", "/dev/null", "--board", "virtual", "--image", str(image)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"fw.bin {reason}" in err


def test_other_refusals_are_one_clear_line(tmp_path, capsys):
    def refused(*args: str) -> str:
        assert main(["flash", "--port", "/dev/null", *args]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("haas-ide: error: ")
        return err

    c3 = write(tmp_path, "c3.bin", build_image(5, [(0x3C000020, b"x" * 64)], entry=0x40380000))
    assert "c3.bin is firmware for ESP32-C3, not for ESP32" in refused("--board", "virtual", "--image", str(c3))
    big = write(tmp_path, "big.bin", app_image("haaspython-virtual", "v2.2.1", payload=b"\x01" * (4 * MB)))
    assert "big.bin does not fit" in refused("--board", "virtual", "--image", str(big))
    archive = tmp_path / "fw.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../HaaSPython-ESP32-v2.2.0.bin", app_image("haaspython-virtual", "v2.2.1"))
    assert "whose path leaves the archive's folder" in refused("--board", "virtual", "--image", str(archive))
    err = refused("--board", "esp32-devkitc")
    assert "HaaSPython-ESP32-v2.2.0.bin is not on this computer" in err and "haas-ide firmware import" in err
    assert "burn tool over YMODEM" in refused("--board", "haas-edu-k1")
    assert "Unknown board 'esp33'" in refused("--board", "esp33")


# -- flashing the virtual board --------------------------------------------------------------
def test_flash_writes_verifies_and_reports_progress(chips, tmp_path):
    chip = chips()
    image = app_image("haaspython-virtual", "v2.2.1", payload=os.urandom(20000))
    path = write(tmp_path, "fw.bin", image)
    result = haas_flash("--port", chip.port, "--board", "virtual", "--image", str(path), "--json", check=True)
    seen = events(result.stdout)
    kinds = [e["event"] for e in seen]
    assert kinds[0] == "plan" and kinds[-1] == "result" and "chip" in kinds
    progress = [e["done"] for e in seen if e["event"] == "progress" and e["stage"] == "write"]
    assert len(progress) >= 2 and progress == sorted(progress)
    outcome = seen[-1]
    assert (outcome["chip"], outcome["written"], outcome["reset"], outcome["baud"]) == ("ESP32", len(image), False, 460800)
    assert chip.board.flash.read(0x1000, len(image)) == image
    chip.board.reset()  # a pty carries no RTS: the user presses RESET
    chip.output.wait_for(b"App version:      v2.2.1")
    chip.output.wait_for(b">>> ")


def test_erase_then_write(chips):
    chip = chips()
    chip.board.flash.program(0x300000, b"\x00" * 16)
    haas_flash("--port", chip.port, "--board", "virtual", "--erase", check=True)
    assert chip.board.flash.read(0x300000, 16) == b"\xff" * 16
    bundled = plan_flash(chip.port, "virtual").image.data
    assert chip.board.flash.read(0x1000, len(bundled)) == bundled


def test_wrong_chip_is_refused_and_the_flash_untouched(chips):
    chip = chips("esp32s3-kit")
    result = haas_flash("--port", chip.port, "--board", "virtual", check=False)
    assert result.returncode == 1
    assert "has an ESP32-S3, but this firmware is for an ESP32: nothing was written" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (chip.board.fs.root / ".flash" / "flash.bin").exists()  # never written to


def test_firmware_needing_more_flash_than_the_chip_has_is_refused(chips, tmp_path):
    chip = chips("m5stack-core2", flash_size=4 * MB)  # the board data says 16 MB; this one has 4
    image = write(tmp_path, "core2.bin", app_image("haaspython-virtual", "v2.2.1"))
    result = haas_flash("--port", chip.port, "--board", "m5stack-core2", "--image", str(image), check=False)
    assert result.returncode == 1
    assert "needs 8192 KiB of flash but the board has 4096 KiB: nothing was written" in result.stderr
    assert not (chip.board.fs.root / ".flash" / "flash.bin").exists()


def test_a_board_not_in_its_bootloader_and_a_busy_port(chips):
    chip = chips(download_mode=False)  # running HaaS Python, BOOT not held
    result = haas_flash("--port", chip.port, "--board", "virtual", check=False)
    assert result.returncode == 1
    assert "does not answer as an ESP32 bootloader. Hold the BOOT button" in result.stderr
    with serial.Serial(chip.port, exclusive=True):
        result = haas_flash("--port", chip.port, "--board", "virtual", check=False)
    assert result.returncode == 1 and "is busy" in result.stderr and result.stderr.count("\n") == 1


def test_an_interrupted_flash_is_reported_and_a_retry_succeeds(chips, tmp_path):
    chip = chips(baud=115200)  # a real line rate, so that the write takes a while
    image = app_image("haaspython-virtual", "v2.2.1", payload=os.urandom(24000))  # two 16 KiB blocks
    path = write(tmp_path, "fw.bin", image)
    args = ["--port", chip.port, "--board", "virtual", "--image", str(path), "--baud", "115200"]
    process = subprocess.Popen([sys.executable, "-m", "ide.cli", "flash", *args, "--json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    guard = threading.Timer(TIMEOUT, process.kill)  # the read below has no timeout of its own
    guard.start()
    try:
        for line in process.stdout:
            event = json.loads(line)
            if event["event"] == "progress" and event["stage"] == "write" and 0 < event["done"] < event["total"]:
                process.send_signal(signal.SIGINT)
                break
        _out, err = process.communicate(timeout=TIMEOUT)
    finally:
        guard.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == 1
    assert "Flashing was interrupted at" in err and "Flash the board again before using it." in err
    assert chip.board.flash.read(0x1000, len(image)) != image
    haas_flash(*args, check=True)
    assert chip.board.flash.read(0x1000, len(image)) == image


def test_verify_failure_is_one_clear_error(chips):
    chip = chips()
    program = chip.board.flash.program

    def faulty(address, data):  # the write lands as zeros
        program(address, b"\x00" * len(data) if address <= 0x1100 < address + len(data) else data)

    chip.board.flash.program = faulty
    with pytest.raises(FirmwareError, match="Verification failed"):
        flash(plan_flash(chip.port, "virtual"))


def test_cancel_before_anything_is_written(chips):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(FlashInterrupted, match="the board is unchanged|interrupted"):
        flash(plan_flash(chips().port, "virtual"), cancel=cancel)


def test_errors_keep_their_kind(tmp_path):
    with pytest.raises(PortError, match="does not exist"):
        flash(plan_flash(str(tmp_path / "no-such-port"), "virtual"))


def test_a_failing_high_baud_rate_falls_back_to_115200(tmp_path):
    board = VirtualBoard(fs_root=tmp_path / "fs", max_baud=115200)  # a poor cable
    transport = Rfc2217Transport(board)
    board.start()
    try:
        seen = []
        result = flash(plan_flash(transport.name, "virtual", baud=921600), on_event=seen.append)
        assert (result.baud, result.baud_fallback, result.reset) == (115200, True, True)
        assert {"event": "baud", "baud": 115200, "requested": 921600, "fallback": True} in seen
        bundled = plan_flash(transport.name, "virtual").image.data
        assert board.flash.read(0x1000, len(bundled)) == bundled
    finally:
        transport.close()
        board.close()


def test_after_flashing_the_board_boots_haas_python_and_takes_a_deploy(tmp_path):
    """Over RFC 2217, as over a USB bridge: DTR/RTS put the board in its bootloader and reset it after."""
    image = write(tmp_path, "fw.bin", app_image("haaspython-virtual", "v2.2.1"))
    main_py = write(tmp_path, "main.py", b"print('deployed', 6 * 7)\n")
    with served_board(["--rfc2217", "127.0.0.1:0", "--fs", str(tmp_path / "fs")]) as served:
        result = haas_flash("--port", served.port, "--board", "virtual", "--image", str(image), check=True)
        assert "The board was reset and starts the new firmware." in result.stdout
        mpremote = subprocess.run(
            [sys.executable, "-m", "mpremote", "connect", served.port, "fs", "cp", str(main_py), ":/data/pyamp/main.py",
             "+", "exec", "import system; print(system.version_info()); exec(open('/data/pyamp/main.py').read())"],
            capture_output=True, text=True, timeout=TIMEOUT)
    assert mpremote.returncode == 0, mpremote.stderr
    assert "HaaSPython-ESP32-v2.2.1-2022-06-13" in mpremote.stdout and "deployed 42" in mpremote.stdout
    assert (tmp_path / "fs" / "data" / "pyamp" / "main.py").read_bytes() == main_py.read_bytes()


def test_a_stock_micropython_board_is_not_flashed_and_says_so():
    with pytest.raises(FirmwareError) as info:
        plan_flash("/dev/null", "microbit")
    assert "stock MicroPython" in info.value.message and "micropython.org" in info.value.hint
