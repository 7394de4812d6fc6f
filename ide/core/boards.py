"""The boards catalogue: one data file per board in `ide/boards/<id>.json`.

A board file says what the IDE needs to know about a board: its names in English and Chinese,
chip, flash size, the USB bridge it shows up as, REPL baud rate, how a project gets onto it
(`raw-repl` for the ESP32 family and every stock MicroPython board, `ymodem` for the HaaS boot
protocol of HaaS1000/HaaS200 boards), its app folder, its firmware catalogue entry (`null` for
boards with stock MicroPython, which the IDE does not flash), the modules its firmware has, which
pins it can use for each kind of peripheral (`null` when no table is published: then pins are not
checked) and a default board.json. Board ids are stable, lower-case and hyphenated. The virtual
board is one of them (`virtual`). A deploy's app folder follows the firmware the board runs (see
`ide.core.link.survey`); `app_dir` says where that is for the firmware the board ships with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ide.core.errors import UsageError
from ide.i18n import _, language

BOARDS_DIR = Path(__file__).resolve().parent.parent / "boards"
DEPLOY_RAW_REPL = "raw-repl"
DEPLOY_YMODEM = "ymodem"
DEPLOY_METHODS = (DEPLOY_RAW_REPL, DEPLOY_YMODEM)


@dataclass(frozen=True)
class UsbId:
    """The USB serial bridge a board shows up as; `pid` None matches any product of the vendor."""

    vid: int
    pid: int | None
    bridge: str

    def matches(self, vid: int, pid: int) -> bool:
        return vid == self.vid and (self.pid is None or pid == self.pid)


@dataclass(frozen=True)
class Pins:
    """Pins and peripheral numbers a board can use; a None set means "any" (not checked)."""

    gpio_in: frozenset[int] | None
    gpio_out: frozenset[int] | None
    pwm: frozenset[int] | None
    adc: dict[int, int | None] | None      # ADC channel -> GPIO it is on
    i2c: frozenset[int] | None
    spi: frozenset[int] | None
    uart: frozenset[int] | None

    @classmethod
    def from_json(cls, data: dict) -> "Pins":
        def numbers(key: str) -> frozenset[int] | None:
            value = data.get(key)
            return None if value is None else frozenset(int(v) for v in value)

        adc = data.get("adc")
        return cls(numbers("gpio_in"), numbers("gpio_out"), numbers("pwm"),
                   None if adc is None else {int(k): v for k, v in adc.items()},
                   numbers("i2c"), numbers("spi"), numbers("uart"))


@dataclass(frozen=True)
class Board:
    id: str
    names: dict[str, str]
    chip: str
    flash_size: int
    psram: bool
    usb: tuple[UsbId, ...]
    baud: int
    deploy: str
    app_dir: str
    firmware: str
    board_json_name: str
    wifi: str
    virtual: bool
    pins: Pins | None
    modules: frozenset[str]
    board_json: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def name(self, lang: str | None = None) -> str:
        """The board's name in `lang` (default: the interface language), falling back to English."""
        return self.names.get(lang or language()) or self.names["en"]

    @property
    def flashable(self) -> bool:
        """The IDE's firmware catalogue has this board's firmware (stock MicroPython boards: no)."""
        return bool(self.firmware)

    def note(self, lang: str | None = None) -> str:
        return self.notes.get(lang or language()) or self.notes.get("en", "")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description (what `haas-ide boards --json` prints for each board)."""
        return {
            "id": self.id, "names": dict(self.names), "name": self.name(), "chip": self.chip,
            "flash_size": self.flash_size, "psram": self.psram,
            "usb": [{"vid": f"{u.vid:04X}", "pid": None if u.pid is None else f"{u.pid:04X}", "bridge": u.bridge}
                    for u in self.usb],
            "baud": self.baud, "deploy": self.deploy, "app_dir": self.app_dir, "firmware": self.firmware,
            "wifi": self.wifi, "virtual": self.virtual,
        }


def board_from_json(data: dict, path: Path | None = None) -> Board:
    """A Board from the contents of a board data file (ValueError/KeyError when malformed)."""
    if data["deploy"] not in DEPLOY_METHODS:
        raise ValueError(f"unknown deploy method {data['deploy']!r}")
    usb = tuple(UsbId(int(u["vid"], 16), None if u.get("pid") is None else int(u["pid"], 16), u["bridge"])
                for u in data.get("usb", ()))
    pins = None if data.get("pins") is None else Pins.from_json(data["pins"])
    return Board(
        id=data["id"], names=dict(data["names"]), chip=data["chip"], flash_size=int(data["flash_size"]),
        psram=bool(data.get("psram", False)), usb=usb, baud=int(data["baud"]), deploy=data["deploy"],
        app_dir=data["app_dir"], firmware=data["firmware"] or "", board_json_name=data["board_json_name"],
        wifi=data["wifi"], virtual=bool(data.get("virtual", False)), pins=pins,
        modules=frozenset(data["modules"]), board_json=data["board_json"], notes=dict(data.get("notes", {})),
        path=path)


_extra_folders: list[Path] = []


def set_extra_folders(folders: list[Path]) -> None:
    """Board files that plugins add (a plugin's board never replaces a shipped one)."""
    _extra_folders[:] = folders
    _catalogue.cache_clear()


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Board]:
    boards: dict[str, Board] = {}
    for folder in [BOARDS_DIR, *_extra_folders]:
        for path in sorted(folder.glob("*.json")):
            board = board_from_json(json.loads(path.read_text(encoding="utf-8")), path)
            if board.id != path.stem:
                raise ValueError(f"{path.name}: id {board.id!r} differs from the file name")
            boards.setdefault(board.id, board)
    return boards


def load_boards() -> dict[str, Board]:
    """Every board of the catalogue by id, in id order."""
    return dict(_catalogue())


def board_ids() -> list[str]:
    return list(_catalogue())


def get_board(board_id: str) -> Board:
    """The board `board_id`; UsageError naming the known ids when there is none."""
    board = _catalogue().get(board_id)
    if board is None:
        raise UsageError(_("Unknown board '{board}'.").format(board=board_id),
                         _("Known boards: {boards}.").format(boards=", ".join(_catalogue())))
    return board


def boards_for_usb(vid: int, pid: int) -> list[Board]:
    """Boards whose USB bridge has this vendor and product id (several boards share bridges)."""
    return [b for b in _catalogue().values() if any(u.matches(vid, pid) for u in b.usb)]
