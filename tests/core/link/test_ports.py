"""Port discovery: bridges named from VID:PID, user pairs, ranking, reconnect after a rename, the CLI."""

from __future__ import annotations

import json

import pytest
import serial.tools.list_ports
from serial.tools.list_ports_common import ListPortInfo

from ide.cli import main
from ide.core.errors import IdeError
from ide.core.link import ports as ports_module
from ide.core.link.ports import (PortInfo, find_port_again, format_table, list_ports, load_user_ids, parse_usb_id,
                                 save_user_ids)


def fake_port(device: str, vid: int | None = None, pid: int | None = None, serial_number: str | None = None,
              description: str = "n/a", manufacturer: str | None = None, location: str | None = None) -> ListPortInfo:
    port = ListPortInfo(device, skip_link_detection=True)
    port.vid, port.pid, port.serial_number = vid, pid, serial_number
    port.description, port.manufacturer, port.location = description, manufacturer, location
    return port


CP2102 = fake_port("/dev/ttyUSB0", 0x10C4, 0xEA60, "0001", "CP2102 USB to UART Bridge Controller", "Silicon Labs",
                   "1-1")
CH340 = fake_port("/dev/ttyUSB1", 0x1A86, 0x7523, None, "USB2.0-Serial", "QinHeng", "1-2")
ESP_NATIVE = fake_port("/dev/ttyACM0", 0x303A, 0x1001, "F4:12:FA:43:5B:10", "USB JTAG/serial debug unit", "Espressif",
                       "1-3:1.0")
FTDI = fake_port("/dev/ttyUSB2", 0x0403, 0x6011, "FT4X", "Quad RS232-HS", "FTDI", "1-4")
UNKNOWN_USB = fake_port("/dev/ttyACM1", 0x2341, 0x0043, "ARD1", "Arduino Uno", "Arduino", "1-5")
NO_USB = fake_port("/dev/ttyS0")


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    """The user's settings live in a temporary folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv("HAAS_IDE_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def comports(monkeypatch):
    """Set the ports pyserial reports."""
    found: list[ListPortInfo] = []
    monkeypatch.setattr(serial.tools.list_ports, "comports", lambda include_links=False: list(found))
    return found


def by_device(ports: list[PortInfo]) -> dict[str, PortInfo]:
    return {p.device: p for p in ports}


def test_known_bridges_are_named_and_likely(comports):
    comports += [NO_USB, UNKNOWN_USB, FTDI, ESP_NATIVE, CH340, CP2102]
    found = by_device(list_ports())
    assert (found["/dev/ttyUSB0"].bridge, found["/dev/ttyUSB0"].likely) == ("CP210x", True)
    assert "ESP32" in found["/dev/ttyUSB0"].board
    assert found["/dev/ttyUSB1"].bridge == "CH340"
    assert found["/dev/ttyACM0"].bridge == "Espressif USB-Serial/JTAG"
    assert found["/dev/ttyUSB2"].bridge == "FTDI"                 # any FTDI product (0403:*)
    assert "HaaS EDU K1" in found["/dev/ttyUSB2"].board
    assert (found["/dev/ttyACM1"].bridge, found["/dev/ttyACM1"].likely) == ("", False)
    assert (found["/dev/ttyS0"].vid, found["/dev/ttyS0"].likely) == (None, False)


@pytest.mark.parametrize("vid, pid, board", [(0x2E8A, 0x0005, "Raspberry Pi Pico"), (0x0D28, 0x0204, "BBC micro:bit"),
                                              (0x303A, 0x4001, "ESP32-S3"), (0x303A, 0x8123, "ESP32-S3")])
def test_stock_micropython_boards_are_recognised(comports, vid, pid, board):
    comports.append(fake_port("/dev/ttyACM7", vid, pid, "S1"))
    found = by_device(list_ports())["/dev/ttyACM7"]
    assert found.likely and board in found.board


def test_port_fields_come_from_pyserial(comports):
    comports.append(CP2102)
    port = list_ports()[0]
    assert port == PortInfo("/dev/ttyUSB0", "CP2102 USB to UART Bridge Controller", 0x10C4, 0xEA60, "0001",
                            "Silicon Labs", "1-1", "CP210x", "ESP32 DevKitC, NodeMCU-32S, HaaS200", True, False)
    assert port.usb_id == "10C4:EA60"


def test_likely_boards_come_first_then_usb_then_virtual_then_the_rest(comports):
    comports += [NO_USB, UNKNOWN_USB, fake_port("/dev/ttyUSB10", 0x10C4, 0xEA60), CP2102, ESP_NATIVE]
    assert [p.device for p in list_ports()] == ["/dev/ttyACM0", "/dev/ttyUSB0", "/dev/ttyUSB10", "/dev/ttyACM1",
                                                "virtual", "/dev/ttyS0"]


def test_the_virtual_board_is_a_pseudo_port(comports):
    (port,) = list_ports()
    assert (port.device, port.description, port.virtual, port.likely) == (
        "virtual", "HaaS virtual board (built in)", True, True)
    assert list_ports(include_virtual=False) == []


def test_user_pairs_name_unknown_devices_and_are_saved(comports, config_dir):
    comports += [UNKNOWN_USB, CH340]
    path = save_user_ids({(0x2341, 0x0043): "我的 MicroPython 板", (0x1A86, None): "CH34x board"})
    assert path == config_dir / "usb-ids.json"
    assert json.loads(path.read_text(encoding="utf-8")) == {"1A86:*": "CH34x board", "2341:0043": "我的 MicroPython 板"}
    assert load_user_ids() == {(0x2341, 0x0043): "我的 MicroPython 板", (0x1A86, None): "CH34x board"}
    found = by_device(list_ports())
    assert (found["/dev/ttyACM1"].board, found["/dev/ttyACM1"].bridge, found["/dev/ttyACM1"].likely) == (
        "我的 MicroPython 板", "2341:0043", True)
    # the table's exact pair beats the user's vendor-wide one
    assert (found["/dev/ttyUSB1"].bridge, found["/dev/ttyUSB1"].board) == ("CH340", "ESP32, ESP32-C3, ESP32-S3")


def test_a_user_exact_pair_overrides_the_table(comports):
    comports.append(CP2102)
    (port, _virtual) = list_ports(user_ids={(0x10C4, 0xEA60): "Lab board"})
    assert (port.bridge, port.board) == ("CP210x", "Lab board")


def test_missing_user_file_is_empty_and_a_broken_one_is_a_clear_error(config_dir):
    assert load_user_ids() == {}
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "usb-ids.json").write_text('{"xyz": "board"}', encoding="utf-8")
    with pytest.raises(IdeError) as error:
        load_user_ids()
    assert "usb-ids.json" in error.value.message and error.value.hint
    (config_dir / "usb-ids.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(IdeError):
        load_user_ids()


def test_usb_id_texts():
    assert parse_usb_id("10c4:ea60") == (0x10C4, 0xEA60)
    assert parse_usb_id(" 0x303A : * ") == (0x303A, None)
    with pytest.raises(ValueError):
        parse_usb_id("10C4")


def test_a_native_usb_board_is_found_again_under_a_new_name():
    before = ports_module.port_info(ESP_NATIVE)
    renamed = ports_module.port_info(fake_port("/dev/ttyACM3", 0x303A, 0x1001, "F4:12:FA:43:5B:10", location="1-3:1.0"))
    other_board = ports_module.port_info(fake_port("/dev/ttyACM2", 0x303A, 0x1001, "00:00:00:00:00:01"))
    assert find_port_again(before, [other_board, renamed]) == renamed
    assert find_port_again(before, [other_board]) is None
    assert find_port_again(before, [other_board, before]) == before


def test_without_a_serial_number_only_an_unambiguous_port_is_taken():
    before = ports_module.port_info(CH340)
    moved = ports_module.port_info(fake_port("/dev/ttyUSB5", 0x1A86, 0x7523, location="1-2"))
    twin = ports_module.port_info(fake_port("/dev/ttyUSB6", 0x1A86, 0x7523, location="1-7"))
    assert find_port_again(before, [moved]) == moved
    assert find_port_again(before, [moved, twin]) == moved              # told apart by USB location
    assert find_port_again(ports_module.port_info(NO_USB), [ports_module.port_info(NO_USB)]).device == "/dev/ttyS0"
    assert find_port_again(ports_module.port_info(NO_USB), [moved]) is None


def test_table_lines_are_aligned(comports):
    comports += [CP2102, NO_USB]
    lines = format_table(list_ports())
    assert lines[0].split() == ["Port", "USB", "ID", "Serial", "number", "Likely", "board", "Description"]
    assert lines[1].startswith("/dev/ttyUSB0  10C4:EA60  0001")
    assert "(CP210x)" in lines[1]
    assert "virtual board" in lines[2] and "not a USB port" in lines[3]
    column = lines[0].index("Description")
    assert all(line[column - 2:column] == "  " for line in lines[1:])


def test_cli_json(comports, capsys):
    comports += [UNKNOWN_USB, CP2102]
    assert main(["ports", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["device"] for d in data] == ["/dev/ttyUSB0", "/dev/ttyACM1", "virtual"]
    assert data[0] == {"device": "/dev/ttyUSB0", "vid": "10C4", "pid": "EA60", "serial_number": "0001",
                       "description": "CP2102 USB to UART Bridge Controller", "manufacturer": "Silicon Labs",
                       "bridge": "CP210x", "board": "ESP32 DevKitC, NodeMCU-32S, HaaS200", "likely": True,
                       "virtual": False}
    assert (data[1]["likely"], data[1]["board"]) == (False, "")
    assert data[2]["description"] == "HaaS virtual board (built in)"


def test_cli_table(comports, capsys):
    comports.append(ESP_NATIVE)
    assert main(["ports"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("/dev/ttyACM0") and "ESP32-S3" in out[1]
    assert out[2].startswith("virtual")


def test_cli_without_ports_says_so_in_one_line(comports, capsys):
    assert main(["ports"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "No serial ports found" in out and "--port virtual" in out


def test_cli_in_chinese(comports, capsys):
    comports.append(CP2102)
    assert main(["--lang", "zh_CN", "ports"]) == 0
    out = capsys.readouterr().out
    assert "端口" in out and "虚拟开发板" in out


def test_cli_reports_a_broken_user_file(comports, config_dir, capsys):
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "usb-ids.json").write_text("{", encoding="utf-8")
    assert main(["ports"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("haas-ide: error:") and err.count("\n") == 1
