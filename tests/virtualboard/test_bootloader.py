"""The virtual ESP32 bootloader driven by the real esptool CLI, and what the chip boots afterwards."""

from __future__ import annotations

import struct
import threading
import time
import warnings

import pytest
import serial

from ide.virtualboard.board import VirtualBoard
from ide.virtualboard.rom import slip
from ide.virtualboard.rom.autoreset import AutoReset
from ide.virtualboard.rom.chips import ESP32, ESP32C3
from ide.virtualboard.rom.flash import Flash
from ide.virtualboard.rom.loader import Loader
from ide.virtualboard.serve import Rfc2217Transport
from tests.boardio import BoardIO
from tests.served import served_board
from tests.virtualchip import COMPRESSIBLE, MB, app_image, chip_factory, esptool

@pytest.fixture
def chips(tmp_path):
    with chip_factory(tmp_path) as make:
        yield make


# -- the real esptool CLI ----------------------------------------------------------------------
@pytest.mark.parametrize("board_id, chip_text", [("virtual", "ESP32-D0WD-V3"), ("esp32c3-kit", "ESP32-C3")])
def test_esptool_cli_commands(chips, tmp_path, board_id, chip_text):
    chip = chips(board_id)
    out = esptool(chip.port, "chip-id")
    assert chip_text in out and "MAC:" in out
    out = esptool(chip.port, "flash-id")
    assert "Manufacturer: ef" in out and "Device: 4016" in out and "Detected flash size: 4MB" in out
    image = tmp_path / "data.bin"
    image.write_bytes(COMPRESSIBLE)
    out = esptool(chip.port, "--baud", "921600", "write-flash", "-z", "0x10000", str(image))
    sent = int(out.split(f"Wrote {len(COMPRESSIBLE)} bytes (")[1].split(" compressed")[0])
    assert sent < len(COMPRESSIBLE) // 10 and "Hash of data verified." in out
    assert chip.board.flash.read(0x10000, len(COMPRESSIBLE)) == COMPRESSIBLE
    back = tmp_path / "back.bin"
    esptool(chip.port, "read-flash", "0x10000", str(len(COMPRESSIBLE)), str(back))
    assert back.read_bytes() == COMPRESSIBLE
    assert "Verification successful" in esptool(chip.port, "verify-flash", "0x10000", str(image))
    assert "erased successfully" in esptool(chip.port, "erase-flash")
    assert "Verification failed" in esptool(chip.port, "verify-flash", "0x10000", str(image), ok=False)
    assert chip.board.flash.read(0, 4 * MB) == b"\xff" * (4 * MB)


@pytest.mark.parametrize("board_id, options, size", [("esp32s3-kit", {}, "8MB"), ("m5stack-core2", {}, "16MB"),
                                                     ("virtual", {"flash_size": 16 * MB}, "16MB")])
def test_flash_sizes(chips, board_id, options, size):
    out = esptool(chips(board_id, **options).port, "flash-id")
    assert f"Detected flash size: {size}" in out
    if board_id == "esp32s3-kit":
        assert "Detecting chip type... ESP32-S3" in out


def test_rom_without_stub(chips, tmp_path):
    """ROM commands: FLASH_BEGIN/DATA in 1 KiB blocks, the ROM's FLASH_DEFL_*, READ_FLASH_SLOW, and
    FLASH_END "run user code", which leaves the bootloader and boots the firmware."""
    chip = chips()
    image = tmp_path / "data.bin"
    image.write_bytes(COMPRESSIBLE[:5000])
    esptool(chip.port, "--no-stub", "write-flash", "0x100000", str(image))
    esptool(chip.port, "--no-stub", "write-flash", "-z", "0x110000", str(image))
    back = tmp_path / "back.bin"
    esptool(chip.port, "--no-stub", "read-flash", "0x110000", "300", str(back))
    assert back.read_bytes() == COMPRESSIBLE[:300]
    assert chip.board.flash.read(0x100000, 5000) == COMPRESSIBLE[:5000]
    esptool(chip.port, "--no-stub", "--before", "no-reset", "run")
    chip.output.wait_for(b">>> ")
    assert b"waiting for download" in chip.output.data


# -- the flash store ---------------------------------------------------------------------------
def test_flash_persists_in_the_fs_folder_out_of_board_codes_sight(chips, tmp_path):
    chip = chips()
    image = tmp_path / "data.bin"
    image.write_bytes(COMPRESSIBLE)
    esptool(chip.port, "write-flash", "-z", "0x200000", str(image))
    root = chip.board.fs.root
    chip.close()
    assert (root / ".flash" / "flash.bin").stat().st_size == 4 * MB
    again = VirtualBoard(fs_root=root)
    io = BoardIO(again)
    again.start()
    try:
        io.wait_idle_prompt()
        assert again.flash.read(0x200000, len(COMPRESSIBLE)) == COMPRESSIBLE
        io.raw()
        out, err = io.exec_raw("import os\nprint(os.listdir('/'))\nprint(os.statvfs('/')[3] * 4096 > 700000)")
        assert err == b"" and out == b"['boot.py', 'data', 'lib']\r\nTrue\r\n"
        assert io.error_line("open('/.flash/flash.bin')") == b"OSError: [Errno 2] ENOENT"
    finally:
        again.close()


# -- what the chip boots -----------------------------------------------------------------------
def test_after_a_reset_the_chip_boots_what_flash_holds(chips, tmp_path):
    chip = chips()
    newer = tmp_path / "haas.bin"
    newer.write_bytes(app_image("haaspython-virtual", "v2.2.1"))
    esptool(chip.port, "write-flash", "0x1000", str(newer))
    chip.output.clear()
    chip.board.reset()
    out = chip.output.wait_for(b">>> ")
    assert b"rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)" in out
    assert b"App version:      v2.2.1" in out and b"MicroPython v1.17-dirty on 2022-06-13" in out
    assert chip.board.personality.haas_version == "HaaSPython-ESP32-v2.2.1-2022-06-13"

    chip.board.reset(download=True)
    chip.output.wait_for(b"waiting for download")
    esptool(chip.port, "erase-flash")
    chip.output.clear()
    chip.board.reset()
    out = chip.output.wait_for(b"flash read err, 1000", count=2)  # the boot loop goes on
    assert b"rst:0x10 (RTCWDT_RTC_RESET)" in out and b">>> " not in out and chip.board.vm is None

    chip.board.reset(download=True)
    chip.output.wait_for(b"waiting for download")
    blink = tmp_path / "blink.bin"
    blink.write_bytes(app_image("blink", "v1.0"))
    esptool(chip.port, "write-flash", "0x1000", str(blink))
    chip.output.clear()
    chip.board.reset()
    out = chip.output.wait_for(b"runs without a REPL")
    assert b'"blink" v1.0 is not HaaS Python' in out and b"Project name:     blink" in out
    assert chip.board.vm is None


def test_c3_and_s3_rom_lines(tmp_path):
    for board_id, rom in (("esp32c3-kit", b"ESP-ROM:esp32c3"), ("esp32s3-kit", b"ESP-ROM:esp32s3")):
        board = VirtualBoard(fs_root=tmp_path / board_id, board_id=board_id)
        io = BoardIO(board)
        board.start()
        try:
            boot = io.expect(b">>> ")
        finally:
            board.close()
        assert boot.startswith(rom) and b"rst:0x1 (POWERON),boot:" in boot and b"(SPI_FAST_FLASH_BOOT)" in boot


def test_download_mode_announces_itself(tmp_path):
    board = VirtualBoard(fs_root=tmp_path / "fs", download_mode=True)
    io = BoardIO(board)
    board.start()
    try:
        io.expect(b"rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
                  b"waiting for download\r\n")
    finally:
        board.close()


# -- DTR/RTS over RFC 2217 ---------------------------------------------------------------------
def test_rfc2217_reset_sequences_reach_the_chip(tmp_path):
    from esp_pylib.serial_reset import classic_bootloader_reset, hard_reset

    board = VirtualBoard(fs_root=tmp_path / "fs")
    transport = Rfc2217Transport(board)
    resets = []
    board.events.subscribe(lambda e: resets.append(e["download"]) if e["event"] == "reset" else None)
    board.start()
    with warnings.catch_warnings():  # pyserial's RFC 2217 client still calls Thread.setDaemon()
        warnings.simplefilter("ignore", DeprecationWarning)
        port = serial.serial_for_url(transport.name, timeout=0.05)
    try:
        port.write(b"\r")
        _read_until(port, b">>> ")
        assert resets == [False]  # opening the port resets nothing
        classic_bootloader_reset(port)
        _read_until(port, b"waiting for download")
        hard_reset(port)
        _read_until(port, b">>> ")
        assert resets == [False, True, False]
    finally:
        port.close()
        transport.close()
        board.close()


def _read_until(port: serial.SerialBase, pattern: bytes, timeout: float = 10.0) -> bytes:
    data = bytearray()
    deadline = time.monotonic() + timeout
    while pattern not in data:
        assert time.monotonic() < deadline, f"no {pattern!r} in {bytes(data)!r}"
        data += port.read(256)
    return bytes(data)


class FakeChip:
    def __init__(self) -> None:
        self.calls: list = []
        self.released = threading.Event()

    def hold_reset(self) -> None:
        self.calls.append("hold")

    def release_reset(self, download: bool) -> None:
        self.calls.append(("release", download))
        self.released.set()


def test_auto_reset_circuit():
    chip = FakeChip()
    circuit = AutoReset(chip, window=5.0)
    circuit.set_dtr(True), circuit.set_rts(True)      # a program opens the port: nothing happens
    circuit.set_dtr(False)                            # EN low
    circuit.set_dtr(True)                             # EN released with IO0 high...
    circuit.set_rts(False)                            # ...then IO0 low: the strap reads low
    circuit.set_dtr(False)                            # IO0 released: sampled
    assert chip.calls == ["hold", ("release", True)]
    chip.calls.clear()
    circuit.set_rts(True)                             # esptool's hard reset: EN pulse, IO0 high
    circuit.set_rts(False)
    assert chip.calls == ["hold"]
    circuit.disconnect()                              # the host closed the port: decided now
    assert chip.calls == ["hold", ("release", False)]
    fast = AutoReset(FakeChip(), window=0.05)
    fast.set_rts(True), fast.set_rts(False)
    assert fast.chip.released.wait(5) and fast.chip.calls[-1] == ("release", False)


# -- the protocol in detail --------------------------------------------------------------------
class FakeLine:
    def __init__(self, frames: list[bytes]) -> None:
        self.incoming = [slip.encode(f) for f in frames]
        self.sent: list[bytes] = []

    def read(self) -> bytes:
        if not self.incoming:
            raise EOFError
        return self.incoming.pop(0)

    def write(self, data: bytes) -> None:
        self.sent.extend(slip.Decoder().feed(data))

    def set_baud(self, baud) -> None:
        pass


def request(op: int, data: bytes = b"", checksum: int = 0) -> bytes:
    return struct.pack("<BBHI", 0, op, len(data), checksum) + data


def run_loader(chip, frames: list[bytes]) -> list[bytes]:
    line = FakeLine(frames)
    with pytest.raises(EOFError):
        Loader(chip, Flash(4 * MB, None), line).serve()
    return line.sent


def test_rom_status_bytes_and_errors():
    block = b"\x01\x02\x03\x04"
    answers = run_loader(ESP32, [
        request(0x0A, struct.pack("<I", 0x40001000)),                          # READ_REG: chip magic
        request(0x14),                                                          # GET_SECURITY_INFO
        request(0x05, struct.pack("<IIII", 4, 1, 4, 0x3FFB0000)),               # MEM_BEGIN
        request(0x07, struct.pack("<IIII", 4, 0, 0, 0) + block, 0x00),          # MEM_DATA, bad checksum
        request(0x42),                                                          # no such command
    ])
    assert answers[0] == struct.pack("<BBHI", 1, 0x0A, 4, 0x00F01D83) + b"\x00" * 4
    assert answers[1][-4:] == b"\x01\x05\x00\x00"      # the ESP32 ROM has no security info
    assert answers[3][-4:] == b"\x01\x07\x00\x00"      # checksum error
    assert answers[4][-4:] == b"\x01\x05\x00\x00"      # invalid message


def test_c3_security_info_and_stub_start():
    stub_code = b"\x00" * 64
    checksum = 0xEF
    answers = run_loader(ESP32C3, [
        request(0x14),
        request(0x05, struct.pack("<IIII", 64, 1, 64, 0x40380000)),
        request(0x07, struct.pack("<IIII", 64, 0, 0, 0) + stub_code, checksum),
        request(0x06, struct.pack("<II", 0, 0x40380010)),                      # MEM_END: run the stub
        request(0x08, b"\x07\x07\x12\x20" + b"\x55" * 32),                     # SYNC to the stub
    ])
    chip_id = struct.unpack("<IBBBBBBBBII", answers[0][8:28])[9]
    assert chip_id == 5
    assert answers[4] == b"OHAI"
    assert answers[5] == struct.pack("<BBHI", 1, 0x08, 2, 0) + b"\x00\x00"  # stub: value 0, two status bytes
    assert len(answers) == 5 + 8


# -- haas-ide board serve --------------------------------------------------------------------------
def test_serve_download_mode_and_rfc2217(tmp_path):
    with served_board(["--download-mode", "--fs", str(tmp_path / "a"), "--board", "esp32s3-kit"]) as served:
        assert "Detecting chip type... ESP32-S3" in esptool(served.port, "chip-id")
    with served_board(["--rfc2217", "127.0.0.1:0", "--fs", str(tmp_path / "b")]) as served:
        assert served.port.startswith("rfc2217://127.0.0.1:")
