"""The firmware catalogue, the bundled virtual image, image checks, imports and the release script."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ide.cli import main
from ide.core import firmware
from ide.core.boards import load_boards
from ide.core.errors import FirmwareError
from ide.core.espimage import ImageError, parse_image
from ide.resources import data_dir
from ide.virtualboard.rom.appimage import AppInfo, app_descriptor, build_image, haas_firmware_image

BOARD_ENTRIES = {"esp32-devkitc": "esp32", "nodemcu-32s": "esp32", "m5stack-core2": "esp32-8m",
                 "esp32c3-kit": "esp32c3-kit", "esp32s3-kit": "esp32s3-kit", "haas-edu-k1": "haas-edu-k1",
                 "haas200": "haas200", "virtual": "virtual-esp32"}
CHIP_IDS = {"esp32": 0, "esp32c3": 5, "esp32s3": 9}
DROM = {0: 0x3F400020, 5: 0x3C000020, 9: 0x3C000020}


def esp_image(chip_id: int = 0, project: str = "micropython", version: str = "v2.2.0", size: int = 4096) -> bytes:
    """A valid application image (not the bundled one) with `size` bytes of payload."""
    app = AppInfo(project, version, "May 30 2022")
    text = b"HaaS Python firmware image used by the tests. "
    payload = (text * (size // len(text) + 1))[:size]
    return build_image(chip_id, [(DROM[chip_id], app_descriptor(app) + payload)], entry=0x40080000)


@pytest.fixture(autouse=True)
def user_data(tmp_path, monkeypatch):
    """Imports go to a folder of the test's own."""
    monkeypatch.setenv("HAAS_IDE_DATA_DIR", str(tmp_path / "user-data"))
    return tmp_path / "user-data"


# -- the catalogue -----------------------------------------------------------------------------
def test_every_board_has_its_catalogue_entry():
    for board_id, entry_id in BOARD_ENTRIES.items():
        assert firmware.entry_for_board(board_id).id == entry_id
    assert set(BOARD_ENTRIES) <= set(load_boards())


def test_offsets_chips_and_methods_follow_the_reference():
    entries = firmware.catalogue()
    assert {e.id: e.offset for e in entries.values() if e.esptool} == {
        "esp32": 0x1000, "esp32-8m": 0x1000, "esp32c3-kit": 0x0, "esp32s3-kit": 0x0, "virtual-esp32": 0x1000}
    assert entries["esp32c3-kit"].chip == "esp32c3" and entries["esp32s3-kit"].chip == "esp32s3"
    assert {e.id for e in entries.values() if e.method == "ymodem"} == {"haas-edu-k1", "haas200"}
    assert entries["haas-edu-k1"].extra[0].offset == 0xB32000
    for entry in entries.values():
        assert entry.version == "v2.2.0"
        if entry.url:
            assert entry.url.startswith("https://hli.aliyuncs.com/o/config/HaaS_Python/HaaSPython-")
            assert not entry.bundled and entry.sha256 is None  # official images are not bundled


def test_the_bundled_image_is_recorded_and_rebuilds_identically():
    entry = firmware.get_entry("virtual-esp32")
    path = data_dir("firmware") / entry.bundled
    data = path.read_bytes()
    assert (len(data), hashlib.sha256(data).hexdigest()) == (entry.size, entry.sha256)
    assert data == haas_firmware_image(0, "v2.2")
    assert firmware.status(entry) == "bundled"
    sys.path.insert(0, str(data_dir("firmware")))
    try:
        import build_virtual
    finally:
        sys.path.pop(0)
    assert build_virtual.main(["--check"]) == 0


def test_esptool_image_info_reads_the_bundled_image():
    entry = firmware.get_entry("virtual-esp32")
    result = subprocess.run([sys.executable, "-m", "esptool", "image-info", str(data_dir("firmware") / entry.bundled)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Detected image type: ESP32" in out and "Segments: 3" in out
    assert "Checksum: 0x" in out and "(valid)" in out.split("Checksum:")[1].splitlines()[0]
    assert "Validation hash:" in out and out.split("Validation hash:")[1].splitlines()[0].endswith("(valid)")
    assert "Project name: haaspython-virtual" in out and "App version: v2.2.0" in out
    image = parse_image((data_dir("firmware") / entry.bundled).read_bytes())
    assert (image.chip, len(image.segments), image.app.version) == ("esp32", 3, "v2.2.0")


def test_official_images_are_missing_until_imported():
    assert firmware.status(firmware.get_entry("esp32")) == "missing"
    with pytest.raises(FirmwareError) as error:
        firmware.require_local_image(firmware.get_entry("esp32"))
    assert "HaaSPython-ESP32-v2.2.0.bin" in error.value.message
    assert "https://hli.aliyuncs.com/o/config/HaaS_Python/HaaSPython-ESP32-v2.2.0.zip" in error.value.hint


# -- image checks ------------------------------------------------------------------------------
def corrupt(kind: str) -> bytes:
    data = bytearray(esp_image())
    if kind == "magic":
        data[0] = 0x7F
    elif kind == "truncated":
        del data[len(data) // 2:]
    elif kind == "checksum":
        data[100] ^= 0x01  # inside the first segment
    elif kind == "digest":
        data[-1] ^= 0x01
    return bytes(data)


@pytest.mark.parametrize("kind, words", [("magic", "not an ESP firmware image"), ("truncated", "is truncated"),
                                         ("checksum", "checksum byte"), ("digest", "SHA-256 digest")])
def test_damaged_images_are_refused_with_their_reason(kind, words):
    with pytest.raises(ImageError) as error:
        parse_image(corrupt(kind), "fw.bin")
    assert error.value.reason == kind and words in error.value.message and error.value.message.startswith("fw.bin")


def test_image_for_another_chip_or_too_big_is_refused():
    entry = firmware.get_entry("esp32")
    with pytest.raises(FirmwareError, match="is firmware for ESP32-C3, not for ESP32"):
        firmware.check_image(esp_image(chip_id=5), entry, "c3.bin")
    big = esp_image(size=4 * 1024 * 1024 - 0x1000)
    with pytest.raises(FirmwareError, match="does not fit"):
        firmware.check_image(big, entry, "big.bin")
    assert firmware.check_image(esp_image(), entry, "ok.bin").image.chip == "esp32"


# -- imports -----------------------------------------------------------------------------------
def test_import_an_official_bin_offers_it_from_then_on(tmp_path, user_data):
    source = tmp_path / "HaaSPython-ESP32-v2.2.0.bin"
    source.write_bytes(esp_image())
    result = firmware.import_firmware(source)
    assert result.entry.id == "esp32"
    assert result.path == user_data / "firmware" / "esp32" / "HaaSPython-ESP32-v2.2.0.bin"
    assert result.path.read_bytes() == source.read_bytes()
    record = json.loads((result.path.parent / "import.json").read_text())
    assert record["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert firmware.status(firmware.get_entry("esp32")) == "imported"


def test_import_the_official_zip(tmp_path):
    archive = tmp_path / "HaaSPython-ESP-C3-32S-Kit-v2.2.0.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("HaaSPython-ESP-C3-32S-Kit-v2.2.0/HaaSPython-ESP-C3-32S-Kit-v2.2.0.bin", esp_image(chip_id=5))
        z.writestr("HaaSPython-ESP-C3-32S-Kit-v2.2.0/readme.txt", "flash at 0x0")
    result = firmware.import_firmware(archive)
    assert result.entry.id == "esp32c3-kit" and firmware.local_image(result.entry).source == "imported"


def test_import_a_ymodem_zip_keeps_the_file_system_image(tmp_path):
    archive = tmp_path / "HaaSPython-HaaSEDUK1-v2.2.0.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("HaaSPython-HaaSEDUK1-v2.2.0.bin", b"\x01" * 5000)
        z.writestr("littlefs.bin", b"\x02" * 3000)
    result = firmware.import_firmware(archive)
    assert result.entry.id == "haas-edu-k1"
    assert [p.name for p in result.extras] == ["littlefs.bin"]


@pytest.mark.parametrize("member", ["../evil.bin", "/etc/evil.bin", "firmware/../../evil.bin", "C:/evil.bin"])
def test_zip_members_with_path_tricks_are_refused(tmp_path, member):
    archive = tmp_path / "HaaSPython-ESP32-v2.2.0.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("HaaSPython-ESP32-v2.2.0.bin", esp_image())
        z.writestr(member, esp_image())
    with pytest.raises(FirmwareError, match="whose path leaves the archive's folder"):
        firmware.import_firmware(archive)
    assert firmware.status(firmware.get_entry("esp32")) == "missing"


def test_zip_symlink_members_are_refused(tmp_path):
    archive = tmp_path / "fw.zip"
    with zipfile.ZipFile(archive, "w") as z:
        link = zipfile.ZipInfo("HaaSPython-ESP32-v2.2.0.bin")
        link.external_attr = (0o120777 << 16)
        z.writestr(link, "/etc/passwd")
    with pytest.raises(FirmwareError, match="leaves the archive's folder"):
        firmware.import_firmware(archive)


def test_import_checks_the_image_against_the_entry(tmp_path):
    wrong_chip = tmp_path / "HaaSPython-ESP32-v2.2.0.bin"
    wrong_chip.write_bytes(esp_image(chip_id=9))
    with pytest.raises(FirmwareError, match="firmware for ESP32-S3, not for ESP32"):
        firmware.import_firmware(wrong_chip)
    broken = tmp_path / "HaaSPython-ESP-S3-12K-Kit-v2.2.0.bin"
    broken.write_bytes(corrupt("truncated"))
    with pytest.raises(FirmwareError, match="truncated"):
        firmware.import_firmware(broken)


def test_an_image_whose_name_says_nothing_needs_its_entry(tmp_path):
    unnamed = tmp_path / "download.bin"
    unnamed.write_bytes(esp_image())
    with pytest.raises(FirmwareError, match="Cannot tell which board"):
        firmware.import_firmware(unnamed)
    assert firmware.import_firmware(unnamed, "esp32-8m").entry.id == "esp32-8m"


def test_import_refuses_a_copy_that_differs_from_the_recorded_sha256(tmp_path, monkeypatch):
    entries = firmware.catalogue()
    entries["esp32"] = firmware.entry_from_json({**entries["esp32"].to_json(), "sha256": "0" * 64,
                                                 "offset": "0x1000", "bundled": None})
    monkeypatch.setattr(firmware, "_catalogue", lambda: entries)
    source = tmp_path / "HaaSPython-ESP32-v2.2.0.bin"
    source.write_bytes(esp_image())
    with pytest.raises(FirmwareError, match="is not the official"):
        firmware.import_firmware(source)


# -- the command line --------------------------------------------------------------------------
def test_firmware_list(capsys, tmp_path):
    assert main(["firmware", "list"]) == 0
    out = capsys.readouterr().out
    assert "virtual-esp32" in out and "bundled" in out and "not on this computer" in out
    assert main(["firmware", "list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["esp32"]["boards"] == ["esp32-devkitc", "nodemcu-32s"]
    assert (rows["virtual-esp32"]["status"], rows["esp32"]["status"]) == ("bundled", "missing")


def test_firmware_info(capsys, tmp_path):
    image = tmp_path / "fw.bin"
    image.write_bytes(esp_image(chip_id=9, version="v9.9.9"))
    assert main(["firmware", "info", str(image)]) == 0
    out = capsys.readouterr().out
    assert "ESP image for ESP32-S3" in out and "micropython v9.9.9" in out
    image.write_bytes(corrupt("checksum"))
    assert main(["firmware", "info", str(image), "--json"]) == 1
    info = json.loads(capsys.readouterr().out)
    assert info["valid"] is False and "checksum" in info["problem"]


def test_firmware_import_errors_are_one_line(capsys, tmp_path):
    bad = tmp_path / "HaaSPython-ESP32-v2.2.0.bin"
    bad.write_bytes(b"PK not really")
    assert main(["firmware", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an ESP firmware image" in err
    good = tmp_path / "HaaSPython-ESP32-8M-v2.2.0.bin"
    good.write_bytes(esp_image())
    assert main(["firmware", "import", str(good)]) == 0
    assert "Imported HaaSPython-ESP32-8M-v2.2.0.bin for esp32-8m" in capsys.readouterr().out


# -- the release script ------------------------------------------------------------------------
def test_fetch_records_sha256_and_size(tmp_path):
    image = esp_image(chip_id=9)
    archive = tmp_path / "HaaSPython-ESP-S3-12K-Kit-v2.2.0.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("HaaSPython-ESP-S3-12K-Kit-v2.2.0.bin", image)
    catalogue = json.loads((data_dir("firmware") / "catalog.json").read_text())
    for entry in catalogue["entries"]:
        if entry["id"] == "esp32s3-kit":
            entry["url"] = archive.as_uri()
    copy = tmp_path / "catalog.json"
    copy.write_text(json.dumps(catalogue))
    result = subprocess.run([sys.executable, str(data_dir("firmware") / "fetch.py"), "--entry", "esp32s3-kit",
                             "--catalog", str(copy), "--bundle"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = next(e for e in json.loads(copy.read_text())["entries"] if e["id"] == "esp32s3-kit")
    assert (entry["sha256"], entry["size"]) == (hashlib.sha256(image).hexdigest(), len(image))
    assert (tmp_path / entry["bundled"]).read_bytes() == image
    assert Path(tmp_path / "esp32s3-kit" / "HaaSPython-ESP-S3-12K-Kit-v2.2.0.bin").is_file()


# -- hostile zips ----------------------------------------------------------------------------------
def test_a_zip_of_many_huge_members_is_refused_before_they_are_read(tmp_path):
    """635 KB of zip claiming twenty 31 MB members used to be read whole (676 MB)."""
    from tests.hostile_archives import peak_while, zip_of

    archive = tmp_path / "HaaSPython-ESP32-v2.2.0.zip"
    members = {"HaaSPython-ESP32-v2.2.0.bin": esp_image(), **{f"part{i}.bin": 31 << 20 for i in range(3)}}
    archive.write_bytes(zip_of(members))
    assert archive.stat().st_size < 1 << 20
    raised, peak = peak_while(lambda: firmware.import_firmware(archive))
    assert isinstance(raised, FirmwareError) and "more than 64 MB together" in str(raised)
    assert peak < 8 << 20
    assert firmware.status(firmware.get_entry("esp32")) == "missing"


@pytest.mark.parametrize("command", [["firmware", "import"], ["firmware", "info"],
                                     ["flash", "--port", "unused", "--board", "esp32-devkitc", "--image"]])
def test_a_zip_whose_size_field_lies_is_one_line(tmp_path, command, capsys):
    from tests.hostile_archives import with_size_field, zip_of

    archive = tmp_path / "HaaSPython-ESP32-v2.2.0.zip"
    archive.write_bytes(with_size_field(zip_of({"HaaSPython-ESP32-v2.2.0.bin": esp_image()}), 100))
    assert main([*command, str(archive)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("haas-ide: error: HaaSPython-ESP32-v2.2.0.zip cannot be used: it cannot be read")
    assert err.count("\n") == 1


def test_one_image_checksum_serves_the_checks_and_the_virtual_rom():
    from ide.core.espimage import CHECKSUM_SEED, xor_checksum
    from ide.virtualboard.rom import appimage, loader

    data = bytes(range(256)) * 3 + b"\x5a" * 7
    naive = CHECKSUM_SEED
    for byte in data:
        naive ^= byte
    assert xor_checksum(data) == naive and xor_checksum(data[7:], xor_checksum(data[:7])) == naive
    assert appimage.xor_checksum is xor_checksum and loader.xor_checksum is xor_checksum
