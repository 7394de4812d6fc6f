"""The HaaS EDU K1 virtual board's boot window (`amp_boot`) and YMODEM receiver, driven byte by byte."""

from __future__ import annotations

import binascii
import io
import random
import zipfile

import pytest

from ide.virtualboard import ampboot
from ide.virtualboard.ampboot import AmpFaults, install_app
from ide.virtualboard.board import VirtualBoard
from tests.boardio import BoardIO

SOH, STX, EOT, ACK, NAK, CAN = 0x01, 0x02, 0x04, 0x06, 0x15, 0x18
BANNER = b"amp shakehand begin...\n"


def block(seq: int, payload: bytes) -> bytes:
    start = STX if len(payload) == 1024 else SOH
    return bytes([start, seq & 0xFF, 0xFF - (seq & 0xFF)]) + payload + binascii.crc_hqx(payload, 0).to_bytes(2, "big")


def header(name: str, size: int) -> bytes:
    return block(0, (name.encode() + b"\x00" + str(size).encode() + b"\x00").ljust(128, b"\x00"))


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def k1(tmp_path):
    """An EDU K1 board, powered on, its output collected; `faults` arranged before the window."""
    made = []

    def make(**options) -> BoardIO:
        board = VirtualBoard(fs_root=tmp_path / "fs", board_id="haas-edu-k1", **options)
        io_ = BoardIO(board)
        made.append(board)
        board.start()
        return io_

    yield make
    for board in made:
        board.close()


def shake(io_: BoardIO) -> None:
    io_.expect(BANNER)
    for _ in range(4):
        io_.send(bytes([0xA5]))
        io_.expect(bytes([0x5A]))
    io_.send(b"amp_boot")
    io_.expect(b"received save local\t\namp shakehand success\n")


def open_transfer(io_: BoardIO, name: str, size: int) -> None:
    """cmd_file_transfer, then the YMODEM header block; the board acknowledges and asks for data."""
    io_.send(b"cmd_file_transfer\n")
    io_.expect(b"C")
    io_.send(header(name, size))
    io_.expect(bytes([ACK]) + b"C")


def transfer(io_: BoardIO, name: str, data: bytes) -> None:
    open_transfer(io_, name, len(data))
    for seq, start in enumerate(range(0, len(data), 1024), start=1):
        io_.send(block(seq, data[start:start + 1024].ljust(1024, b"\x1a")))
        io_.expect(bytes([ACK]))
    io_.send(bytes([EOT]))
    io_.expect(bytes([NAK]))
    io_.send(bytes([EOT]))
    io_.expect(bytes([ACK]) + b"C")
    io_.send(block(0, bytes(128)))
    io_.expect(bytes([ACK]))


def test_boot_prints_haas1000_lines_and_without_a_shakehand_boots_to_the_repl(k1):
    io_ = k1()
    boot = io_.expect(BANNER)
    assert b"HaaS1000 boot (power on)" in boot and b"HaaSPython-HaaSEDUK1-v2.2.0" in boot
    assert b"HaaS1000" in io_.expect(b">>> ")


def test_four_a5_open_the_window_and_cmd_exit_boots_main_py(k1, tmp_path):
    (tmp_path / "fs" / "data" / "pyamp").mkdir(parents=True)
    (tmp_path / "fs" / "data" / "pyamp" / "main.py").write_text("print('main ran')\n")
    io_ = k1()
    shake(io_)
    io_.send(b"cmd_exit\n")
    io_.expect(b"aos boot finished")
    io_.expect(b"main ran")


def test_amp_boot_sd_chooses_the_sd_card(k1):
    io_ = k1()
    io_.expect(BANNER)
    io_.send(bytes([0xA5]) * 4)
    io_.expect(bytes([0x5A]) * 4)
    io_.send(bytes([0xA5]) + b"amp_boot_sd")  # a late 0xA5 before the word is no harm
    io_.expect(b"received save sdcard\t\namp shakehand success\n")


def test_an_unknown_command_is_refused_and_silence_ends_the_window(k1, monkeypatch):
    monkeypatch.setattr(ampboot, "COMMAND_TIMEOUT", 0.3)
    io_ = k1()
    shake(io_)
    io_.send(b"cmd_format_everything\n")
    io_.expect(b"command not supported")
    io_.expect(b"no command 3 seconds")
    io_.expect(b">>> ")


def test_a_zip_sent_over_ymodem_is_unpacked_into_data_pyamp_and_runs(k1, tmp_path):
    io_ = k1()
    shake(io_)
    asset = random.Random(0).randbytes(3000)
    transfer(io_, "pyamp.zip", zipped({"main.py": b"print('from zip')\n", "lib/a.bin": asset}))
    io_.send(b"cmd_exit\n")
    io_.expect(b"from zip")
    assert (tmp_path / "fs" / "data" / "pyamp" / "lib" / "a.bin").read_bytes() == asset


def test_a_block_with_a_bad_crc_is_nacked_then_taken_when_sent_again(k1, tmp_path):
    io_ = k1()
    shake(io_)
    data = zipped({"main.py": b"print('ok')\n"})
    open_transfer(io_, "pyamp.zip", len(data))
    good = block(1, data.ljust(1024, b"\x1a"))
    io_.send(good[:-1] + bytes([good[-1] ^ 1]))
    io_.expect(bytes([NAK]))
    io_.send(good)
    io_.expect(bytes([ACK]))
    io_.send(good)  # its ACK was lost: the repeat is acknowledged and not stored twice
    io_.expect(bytes([ACK]))
    for answer in (NAK, ACK):
        io_.send(bytes([EOT]))
        io_.expect(bytes([answer]))
    io_.expect(b"C")
    io_.send(block(0, bytes(128)))
    io_.expect(bytes([ACK]))
    io_.send(b"cmd_exit\n")
    io_.expect(b"ok")


def test_a_fault_corrupts_the_chosen_block_once(k1):
    faults = AmpFaults(corrupt_blocks=[1])
    io_ = k1(amp_faults=faults)
    shake(io_)
    data = zipped({"main.py": b"print('ok')\n"})
    open_transfer(io_, "pyamp.zip", len(data))
    io_.send(block(1, data.ljust(1024, b"\x1a")))
    io_.expect(bytes([NAK]))
    io_.send(block(1, data.ljust(1024, b"\x1a")))
    io_.expect(bytes([ACK]))
    assert faults.corrupt_blocks == []


def test_a_deaf_window_boots_normally(k1):
    io_ = k1(amp_faults=AmpFaults(deaf_windows=1))
    io_.expect(BANNER)
    io_.send(bytes([0xA5]) * 4)
    io_.expect(b">>> ")
    assert bytes([0x5A]) not in io_.pending()


def test_a_file_too_big_for_the_file_system_is_cancelled(k1):
    io_ = k1(fs_capacity=128 * 1024)
    shake(io_)
    io_.send(b"cmd_file_transfer\n")
    io_.expect(b"C")
    io_.send(header("pyamp.zip", 1 << 20))
    io_.expect(bytes([CAN, CAN]))
    io_.expect(b"file too big")


def test_a_cancelled_or_broken_upload_leaves_the_app_untouched(k1, tmp_path):
    app = tmp_path / "fs" / "data" / "pyamp"
    app.mkdir(parents=True)
    (app / "main.py").write_text("print('old')\n")
    io_ = k1()
    shake(io_)
    data = zipped({"main.py": b"print('new')\n", "big.bin": random.Random(1).randbytes(4000)})
    open_transfer(io_, "pyamp.zip", len(data))
    io_.send(block(1, data[:1024]))
    io_.expect(bytes([ACK]))
    io_.send(bytes([CAN, CAN]))
    io_.expect(b"cancelled by the sender")
    assert (app / "main.py").read_text() == "print('old')\n"
    transfer(io_, "pyamp.zip", b"this is not a zip file" * 10)
    io_.expect(b"py app install failed")
    io_.send(b"cmd_exit\n")
    io_.expect(b"old")


def test_install_refuses_unsafe_names_before_writing_anything(tmp_path):
    board = VirtualBoard(fs_root=tmp_path / "fs", board_id="haas-edu-k1")
    try:
        with pytest.raises(ampboot.InstallError):
            install_app(board.fs, zipped({"ok.py": b"1", "../boot.py": b"evil"}), "/data/pyamp")
        assert not (tmp_path / "fs" / "data" / "pyamp" / "ok.py").exists()
    finally:
        board.close()


def test_a_reset_during_the_window_restarts_the_boot(k1):
    io_ = k1()
    shake(io_)
    io_.board.reset()
    assert b"HaaS1000 boot (reset: en)" in io_.expect(BANNER)


def test_haas200_has_the_window_too_at_its_own_rate(tmp_path):
    board = VirtualBoard(fs_root=tmp_path / "fs", board_id="haas200")
    io_ = BoardIO(board)
    board.start()
    try:
        assert b"HaaS200 boot" in io_.expect(BANNER)
        io_.expect(b">>> ")
    finally:
        board.close()
