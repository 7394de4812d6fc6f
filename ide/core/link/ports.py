"""Serial port discovery: the ports there are, and the board likely behind each.

`list_ports()` reads pyserial's `comports()`, names the USB bridge of each port from its VID:PID
(a built-in table plus the user's own pairs in `usb-ids.json` of the config folder), ranks likely
boards first and adds the built-in virtual board as the pseudo-port `virtual`.
`find_port_again()` finds a native-USB board that came back under another name after a reset.
No Qt, no printing: `format_table()` returns the lines `haas-ide ports` prints.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from serial.tools import list_ports as _serial_ports

from ide.core.atomic import write_atomic
from ide.core.jsonfile import read_json
from ide.core.errors import IdeError
from ide.i18n import _

VIRTUAL_PORT = "virtual"
USER_IDS_FILE = "usb-ids.json"

UsbKey = tuple[int, "int | None"]
"""(vid, pid); pid None matches every product of the vendor."""


@dataclass(frozen=True)
class Bridge:
    """What a VID:PID is: the USB-serial `bridge` (or chip) and the `board`s usually behind it."""

    bridge: str
    board: str


# Names only (no words to translate). Exact pairs win over vendor-wide ones (pid None).
KNOWN_BRIDGES: dict[UsbKey, Bridge] = {
    (0x10C4, 0xEA60): Bridge("CP210x", "ESP32 DevKitC, NodeMCU-32S, HaaS200"),
    (0x10C4, 0xEA70): Bridge("CP2105", "ESP32"),
    (0x10C4, 0xEA71): Bridge("CP2108", "ESP32"),
    (0x1A86, 0x7523): Bridge("CH340", "ESP32, ESP32-C3, ESP32-S3"),
    (0x1A86, 0x7522): Bridge("CH340K", "ESP32, ESP32-C3"),
    (0x1A86, 0x5523): Bridge("CH341", "ESP32"),
    (0x1A86, 0x55D4): Bridge("CH9102", "M5Stack Core2, ESP32"),
    (0x1A86, 0x55D3): Bridge("CH343", "ESP32-S3, ESP32"),
    (0x1A86, 0x55D5): Bridge("CH9101", "ESP32"),
    (0x0403, 0x6001): Bridge("FTDI FT232R", "HaaS EDU K1, HaaS100"),
    (0x0403, 0x6010): Bridge("FTDI FT2232", "HaaS EDU K1, ESP-WROVER-KIT"),
    (0x0403, 0x6014): Bridge("FTDI FT232H", "HaaS EDU K1"),
    (0x0403, 0x6015): Bridge("FTDI FT-X", "HaaS EDU K1"),
    (0x0403, None): Bridge("FTDI", "HaaS EDU K1, HaaS100"),
    (0x303A, 0x1001): Bridge("Espressif USB-Serial/JTAG", "ESP32-S3, ESP32-C3"),
    (0x303A, 0x0002): Bridge("Espressif USB CDC", "ESP32-S2"),
    (0x303A, 0x4001): Bridge("Espressif USB (MicroPython)", "ESP32-S3, ESP32-S2 with MicroPython"),
    (0x303A, None): Bridge("Espressif USB", "ESP32-S2, ESP32-S3, ESP32-C3"),
    (0x067B, 0x2303): Bridge("PL2303", "ESP32"),
    (0x2E8A, 0x0005): Bridge("RP2040/RP2350 (MicroPython)", "Raspberry Pi Pico, Pico W, Pico 2"),
    (0x0D28, 0x0204): Bridge("DAPLink", "BBC micro:bit"),
    (0xF055, 0x9800): Bridge("MicroPython", "pyboard"),
}


@dataclass(frozen=True)
class PortInfo:
    """A serial port and what is likely behind it.

    `vid`/`pid` are None without USB information; `bridge` and `board` are empty for unknown
    devices; `likely` says a HaaS/MicroPython board is probably there (known bridge, user pair,
    or the virtual board); `virtual` marks the built-in virtual board's pseudo-port.
    """

    device: str
    description: str = ""
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    manufacturer: str | None = None
    location: str | None = None
    bridge: str = ""
    board: str = ""
    likely: bool = False
    virtual: bool = False

    @property
    def usb_id(self) -> str:
        """"10C4:EA60", or "" without USB information."""
        return format_usb_id(self.vid, self.pid) if self.vid is not None else ""

    @property
    def is_usb(self) -> bool:
        return self.vid is not None

    def to_json(self) -> dict[str, Any]:
        """The object `haas-ide ports --json` prints; vid and pid as 4-digit hex strings."""
        return {"device": self.device, "vid": _hex(self.vid), "pid": _hex(self.pid),
                "serial_number": self.serial_number, "description": self.description,
                "manufacturer": self.manufacturer, "bridge": self.bridge, "board": self.board,
                "likely": self.likely, "virtual": self.virtual}


def _hex(value: int | None) -> str | None:
    return None if value is None else f"{value:04X}"


# -- VID:PID texts and the user's pairs -------------------------------------------------------

_USB_ID = re.compile(r"\s*(?:0x)?([0-9a-fA-F]{1,4})\s*:\s*(?:0x)?([0-9a-fA-F]{1,4}|\*)\s*")


def parse_usb_id(text: str) -> UsbKey:
    """`"10C4:EA60"` -> (0x10C4, 0xEA60); `"303A:*"` -> (0x303A, None). ValueError otherwise."""
    m = _USB_ID.fullmatch(text)
    if m is None:
        raise ValueError(f"not a VID:PID pair: {text!r}")
    return int(m.group(1), 16), None if m.group(2) == "*" else int(m.group(2), 16)


def format_usb_id(vid: int, pid: int | None) -> str:
    return f"{vid:04X}:" + ("*" if pid is None else f"{pid:04X}")


def user_ids_path() -> Path:
    from ide.core.userdirs import config_dir

    return config_dir() / USER_IDS_FILE


def load_user_ids(path: Path | None = None) -> dict[UsbKey, str]:
    """The user's pairs from `usb-ids.json` (`{"VID:PID": "board name", "VID:*": ...}`); {} if absent."""
    path = path or user_ids_path()
    try:
        data = read_json(path)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return {parse_usb_id(key): str(name) for key, name in data.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:      # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise IdeError(_("The USB id list {path} cannot be read: {reason}").format(path=path, reason=exc),
                       _('Fix it (a JSON object such as {{"1A86:7523": "My board"}}) or delete it.')) from exc


def save_user_ids(ids: dict[UsbKey, str], path: Path | None = None) -> Path:
    """Write the user's pairs (replacing the file); returns where."""
    path = path or user_ids_path()
    data = {format_usb_id(vid, pid): name for (vid, pid), name in sorted(ids.items(), key=_key_order)}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


def _key_order(item: tuple[UsbKey, str]) -> tuple[int, int]:
    (vid, pid), _name = item
    return vid, -1 if pid is None else pid


# -- listing ----------------------------------------------------------------------------------

def identify(vid: int, pid: int, user_ids: dict[UsbKey, str] | None = None) -> Bridge | None:
    """The bridge of a VID:PID: the user's exact pair, the table's, the user's vendor-wide, the table's."""
    user_ids = user_ids or {}
    for key in ((vid, pid), (vid, None)):
        if key in user_ids:
            known = KNOWN_BRIDGES.get(key)
            return Bridge(known.bridge if known else format_usb_id(*key), user_ids[key])
        if key in KNOWN_BRIDGES:
            return KNOWN_BRIDGES[key]
    return None


def port_info(port: Any, user_ids: dict[UsbKey, str] | None = None) -> PortInfo:
    """A PortInfo from one of pyserial's `ListPortInfo`s."""
    vid, pid = port.vid, port.pid
    known = identify(vid, pid, user_ids) if vid is not None and pid is not None else None
    return PortInfo(device=port.device, description=port.description or "", vid=vid, pid=pid,
                    serial_number=port.serial_number, manufacturer=port.manufacturer, location=port.location,
                    bridge=known.bridge if known else "", board=known.board if known else "",
                    likely=known is not None)


def virtual_port() -> PortInfo:
    return PortInfo(device=VIRTUAL_PORT, description=_("HaaS virtual board (built in)"), board="virtual",
                    likely=True, virtual=True)


def list_ports(user_ids: dict[UsbKey, str] | None = None, include_virtual: bool = True) -> list[PortInfo]:
    """Every serial port, likely boards first, then other USB ports, the virtual board, the rest.

    `user_ids` defaults to the user's `usb-ids.json` (IdeError if that file is broken)."""
    if user_ids is None:
        user_ids = load_user_ids()
    ports = [port_info(p, user_ids) for p in _serial_ports.comports()]
    if include_virtual:
        ports.append(virtual_port())
    return sorted(ports, key=_rank)


def _rank(port: PortInfo) -> tuple[int, list]:
    if port.virtual:
        rank = 2
    else:
        rank = 0 if port.likely else 1 if port.is_usb else 3
    return rank, _natural(port.device)


def _natural(text: str) -> list:
    """Sort key putting COM3 before COM10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]


def find_port_again(previous: PortInfo, ports: Iterable[PortInfo]) -> PortInfo | None:
    """The port `previous` is now, after a reset or replug that may have renamed it; None if gone
    or ambiguous. USB ports match by VID:PID and serial number (by name or location without one)."""
    ports = list(ports)
    same_name = next((p for p in ports if p.device == previous.device), None)
    if previous.vid is None:
        return same_name
    candidates = [p for p in ports if (p.vid, p.pid) == (previous.vid, previous.pid)]
    if previous.serial_number:
        candidates = [p for p in candidates if p.serial_number == previous.serial_number]
    if same_name in candidates:
        return same_name
    if len(candidates) > 1 and previous.location:
        candidates = [p for p in candidates if p.location == previous.location]
    return candidates[0] if len(candidates) == 1 else None


# -- the table of `haas-ide ports` ------------------------------------------------------------

def format_table(ports: list[PortInfo]) -> list[str]:
    """Aligned lines for humans: port, USB id, serial number, likely board, description."""
    header = [_("Port"), _("USB ID"), _("Serial number"), _("Likely board"), _("Description")]
    rows = [header] + [[p.device, p.usb_id or "-", p.serial_number or "-", _board_text(p), p.description or "-"]
                       for p in ports]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    return ["  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
            for row in rows]


def _board_text(port: PortInfo) -> str:
    if port.virtual:
        return _("virtual board")
    if port.likely:
        return f"{port.board} ({port.bridge})" if port.board else port.bridge
    return _("unknown USB device") if port.is_usb else _("not a USB port")


def _width(text: str) -> int:
    """Columns a text takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
