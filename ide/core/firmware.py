"""The firmware catalogue, the checks an image passes before it goes near a board, and imports.

The catalogue (`firmware/catalog.json`, shipped as `ide._firmware`) has one entry per board
family: version, official file name and download address, chip family, flash offset, the flash
it needs, how it is flashed (esptool, or the HaaS burn tool over YMODEM), and sha256 + size for
images that are bundled or whose official copy was recorded by `firmware/fetch.py`. Board data
files name their entry (`ide.core.boards`).

Official images are not bundled: a user downloads the `.zip` or `.bin` and imports it
(`import_firmware`); the copy goes to `<user data>/firmware/<entry>/` and is offered from then on.
Every image is checked before use: an ESP image header for the entry's chip, an intact checksum
and digest, a size that fits the flash, and for a zip, member names that stay inside the archive
and sizes within `ZIP_LIMITS`, counted as the members are inflated (`ide.core.archives`), so a
small zip that claims, or inflates to, gigabytes is refused without costing the memory.
"""

from __future__ import annotations

import hashlib
import json
import stat
import time
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable

from ide.core.archives import ArchiveError, BoundedZip, Limits, megabytes
from ide.core.atomic import write_atomic
from ide.core.errors import FirmwareError
from ide.core.espimage import CHIP_NAMES, EspImage, ImageError, parse_image
from ide.i18n import _
from ide.resources import data_dir

CATALOGUE_FILE = "catalog.json"
METHOD_ESPTOOL = "esptool"
METHOD_YMODEM = "ymodem"
MAX_IMAGE = 32 << 20            # nothing bigger than this is a firmware image of these boards
ZIP_LIMITS = Limits(members=1000, member=MAX_IMAGE, total=2 * MAX_IMAGE)  # the .bin members read, together
RECORD_FILE = "import.json"


@dataclass(frozen=True)
class ExtraFile:
    """A second file flashed with the image (HaaS1000 `littlefs.bin`)."""

    file: str
    offset: int | None


@dataclass(frozen=True)
class FirmwareEntry:
    id: str
    name: str
    version: str
    date: str
    chip: str                  # "esp32", "esp32c3", "esp32s3", "haas1000", "haas200"
    flash_size: int            # bytes of flash the image needs
    offset: int | None         # where esptool writes it (None: not an esptool image)
    method: str                # METHOD_ESPTOOL or METHOD_YMODEM
    file: str                  # official file name
    url: str | None            # official download (a zip)
    bundled: str | None        # path inside firmware/ when the image ships with the IDE
    sha256: str | None
    size: int | None
    extra: tuple[ExtraFile, ...] = ()
    notes: str = ""

    @property
    def esptool(self) -> bool:
        return self.method == METHOD_ESPTOOL

    @property
    def chip_name(self) -> str:
        return CHIP_NAMES.get(self.chip, self.chip.upper())

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "version": self.version, "date": self.date, "chip": self.chip,
                "flash_size": self.flash_size, "offset": None if self.offset is None else f"0x{self.offset:x}",
                "method": self.method, "file": self.file, "url": self.url, "bundled": self.bundled is not None,
                "sha256": self.sha256, "size": self.size, "notes": self.notes}


@dataclass(frozen=True)
class LocalImage:
    """An image of an entry that is on this computer."""

    entry: FirmwareEntry
    path: Path
    source: str                # "bundled" or "imported"


@dataclass(frozen=True)
class CheckedImage:
    """Image bytes that passed the checks for an entry."""

    entry: FirmwareEntry
    data: bytes
    name: str
    image: EspImage | None     # None for YMODEM images (not ESP images)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


# -- the catalogue -----------------------------------------------------------------------------
def entry_from_json(data: dict) -> FirmwareEntry:
    """An entry from its catalogue object (KeyError/ValueError when malformed)."""
    if data["method"] not in (METHOD_ESPTOOL, METHOD_YMODEM):
        raise ValueError(f"unknown flashing method {data['method']!r}")
    offset = None if data.get("offset") is None else int(str(data["offset"]), 0)
    if data["method"] == METHOD_ESPTOOL and offset is None:
        raise ValueError(f"{data['id']}: an esptool image needs an offset")
    extra = tuple(ExtraFile(e["file"], None if e.get("offset") is None else int(str(e["offset"]), 0))
                  for e in data.get("extra", ()))
    return FirmwareEntry(id=data["id"], name=data["name"], version=data["version"], date=data["date"],
                         chip=data["chip"], flash_size=int(data["flash_size"]), offset=offset,
                         method=data["method"], file=data["file"], url=data.get("url"),
                         bundled=data.get("bundled"), sha256=data.get("sha256"), size=data.get("size"),
                         extra=extra, notes=data.get("notes", ""))


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, FirmwareEntry]:
    data = json.loads((data_dir("firmware") / CATALOGUE_FILE).read_text(encoding="utf-8"))
    return {entry.id: entry for entry in map(entry_from_json, data["entries"])}


def catalogue() -> dict[str, FirmwareEntry]:
    """Every entry by id, in catalogue order."""
    return dict(_catalogue())


def get_entry(entry_id: str) -> FirmwareEntry:
    entry = _catalogue().get(entry_id)
    if entry is None:
        raise FirmwareError(_("Unknown firmware '{entry}'.").format(entry=entry_id),
                            _("Known firmware: {entries}.").format(entries=", ".join(_catalogue())))
    return entry


def entry_for_board(board_id: str) -> FirmwareEntry:
    """The catalogue entry a board's data file names."""
    from ide.core.boards import get_board

    return get_entry(get_board(board_id).firmware)


def boards_using(entry_id: str) -> list[str]:
    from ide.core.boards import load_boards

    return [board.id for board in load_boards().values() if board.firmware == entry_id]


# -- images on this computer -------------------------------------------------------------------
def imported_dir() -> Path:
    from ide.core.userdirs import data_dir as user_data_dir

    return user_data_dir() / "firmware"


def local_image(entry: FirmwareEntry) -> LocalImage | None:
    """The entry's image on this computer: bundled with the IDE, else imported by the user."""
    if entry.bundled:
        path = data_dir("firmware") / entry.bundled
        if path.is_file():
            return LocalImage(entry, path, "bundled")
    path = imported_dir() / entry.id / entry.file
    if path.is_file():
        return LocalImage(entry, path, "imported")
    return None


def status(entry: FirmwareEntry) -> str:
    """"bundled", "imported" or "missing"."""
    found = local_image(entry)
    return found.source if found else "missing"


def require_local_image(entry: FirmwareEntry) -> LocalImage:
    found = local_image(entry)
    if found is None:
        hint = (_("Download it from {url}, then run: haas-ide firmware import FILE").format(url=entry.url)
                if entry.url else _("Run: haas-ide firmware import FILE"))
        raise FirmwareError(_("The firmware {file} is not on this computer.").format(file=entry.file), hint)
    return found


# -- reading and checking ----------------------------------------------------------------------
def read_firmware_file(path: str | Path, wanted: str | None = None) -> tuple[bytes, str, dict[str, bytes]]:
    """The image in a `.bin`, or in an official `.zip`: (data, its name, other .bin members).

    In a zip, the member named `wanted` is the image, else the only `.bin` member whose name is
    an official file name of the catalogue, else the only `.bin` member."""
    path = Path(path)
    if not path.is_file():
        raise FirmwareError(_("{path} does not exist.").format(path=path), _("Check the firmware file's name."))
    if zipfile.is_zipfile(path):
        return _read_zip(path, wanted)
    with path.open("rb") as file:
        data = file.read(MAX_IMAGE + 1)
    if len(data) > MAX_IMAGE:
        raise _too_big_file(path.name)
    return data, path.name, {}


def _read_zip(path: Path, wanted: str | None) -> tuple[bytes, str, dict[str, bytes]]:
    try:
        with BoundedZip(path, ZIP_LIMITS) as archive:
            members = archive.files()
            for info in members:
                _check_member(path, info)
            bins = {PurePosixPath(info.filename).name: info for info in members
                    if info.filename.lower().endswith(".bin")}
            name = _pick_member(path, bins, wanted)
            _check_declared_sizes(path, bins.values())
            data = {member: archive.read(info) for member, info in bins.items()}
    except ArchiveError as exc:
        raise FirmwareError(_("{archive} cannot be used: {reason}").format(archive=path.name, reason=exc),
                            _("Download the firmware again from its official address.")) from None
    image = data.pop(name)
    return image, name, data


def _check_declared_sizes(archive: Path, members: Iterable[zipfile.ZipInfo]) -> None:
    """Refuse at once what the zip itself says is too big (what it inflates to is counted too)."""
    members = list(members)
    for info in members:
        if info.file_size > MAX_IMAGE:
            raise _too_big_file(info.filename)
    if sum(info.file_size for info in members) > ZIP_LIMITS.total:
        raise FirmwareError(_("{archive} holds .bin files of more than {limit} together, more than any firmware "
                              "download.").format(archive=archive.name, limit=megabytes(ZIP_LIMITS.total)),
                            _("Download the firmware again from its official address."))


def _check_member(archive: Path, info: zipfile.ZipInfo) -> None:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    unix_mode = info.external_attr >> 16
    if (name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":")
            or stat.S_ISLNK(unix_mode)):
        raise FirmwareError(_("{archive} contains the member {member}, whose path leaves the archive's folder.")
                            .format(archive=archive.name, member=info.filename),
                            _("The archive is not an official HaaS download: get the firmware again from its "
                              "official address."))


def _pick_member(archive: Path, bins: dict[str, zipfile.ZipInfo], wanted: str | None) -> str:
    if wanted and wanted in bins:
        return wanted
    official = [name for name in bins if name in {e.file for e in _catalogue().values()}]
    if len(official) == 1:
        return official[0]
    if len(bins) == 1:
        return next(iter(bins))
    if not bins:
        raise FirmwareError(_("{archive} holds no .bin firmware image.").format(archive=archive.name),
                            _("Pick the official HaaS Python .zip or .bin for the board."))
    raise FirmwareError(_("{archive} holds several .bin files: {names}.").format(archive=archive.name,
                                                                                names=", ".join(sorted(bins))),
                        _("Extract the firmware image and import the .bin itself."))


def check_image(data: bytes, entry: FirmwareEntry, name: str, flash_size: int | None = None) -> CheckedImage:
    """`data` checked for `entry`: an intact ESP image for its chip that fits the flash.

    `flash_size` is the flash of the board at hand (default: what the entry needs)."""
    flash = flash_size or entry.flash_size
    image = None
    if entry.esptool:
        image = parse_image(data, name)
        if image.chip != entry.chip:
            raise FirmwareError(_("{name} is firmware for {image_chip}, not for {chip}.")
                                .format(name=name, image_chip=image.chip_name, chip=entry.chip_name),
                                _("Pick the image made for this board's chip."))
    elif not data:
        raise ImageError("empty", _("{name} is empty.").format(name=name), _("Download the firmware again."))
    end = (entry.offset or 0) + len(data)
    if end > flash:
        raise FirmwareError(_("{name} does not fit: {size} bytes at 0x{offset:x} need {need} KiB of flash, "
                              "the board has {flash} KiB.").format(name=name, size=len(data), offset=entry.offset or 0,
                                                                  need=-(-end // 1024), flash=flash // 1024),
                            _("Pick the image made for this board's flash size."))
    return CheckedImage(entry, data, name, image)


def identify(data: bytes, name: str) -> FirmwareEntry | None:
    """The catalogue entry an image belongs to: by recorded sha256, else by official file name."""
    digest = hashlib.sha256(data).hexdigest()
    for entry in _catalogue().values():
        if entry.sha256 == digest:
            return entry
    for entry in _catalogue().values():
        if entry.file == name:
            return entry
    return None


def describe_file(path: str | Path) -> dict:
    """What `haas-ide firmware info FILE` shows: the image's facts and whether it is intact."""
    data, name, _others = read_firmware_file(path)
    info: dict = {"file": str(path), "image": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    entry = identify(data, name)
    info["entry"] = entry.id if entry else None
    try:
        image = parse_image(data, name)
    except ImageError as error:
        info.update(valid=False, problem=error.message)
        return info
    info.update(valid=True, chip=image.chip or None, chip_name=image.chip_name, entry_point=f"0x{image.entry:08x}",
                flash_size=image.flash_size or None, segments=len(image.segments),
                digest=image.digest is not None, image_length=image.length)
    if image.app is not None:
        info["app"] = {"project": image.app.project, "version": image.app.version,
                       "date": image.app.date, "time": image.app.time, "idf": image.app.idf}
    return info


# -- importing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    entry: FirmwareEntry
    path: Path
    sha256: str
    size: int
    extras: tuple[Path, ...]


def import_firmware(path: str | Path, entry_id: str | None = None) -> ImportResult:
    """Check a downloaded `.zip` or `.bin` and copy it to the user's firmware folder."""
    wanted = get_entry(entry_id).file if entry_id else None
    data, name, others = read_firmware_file(path, wanted)
    entry = get_entry(entry_id) if entry_id else _entry_of(data, name)
    checked = check_image(data, entry, name)
    if entry.sha256 and checked.sha256 != entry.sha256:
        raise FirmwareError(_("{name} is not the official {file}: its sha256 differs from the one recorded in "
                              "the catalogue.").format(name=name, file=entry.file),
                            _("Download the firmware again from {url}, or flash this file with --image.")
                            .format(url=entry.url or "?"))
    folder = imported_dir() / entry.id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / entry.file
    write_atomic(target, data)
    extras = []
    for extra in entry.extra:
        if extra.file in others:
            write_atomic(folder / extra.file, others[extra.file])
            extras.append(folder / extra.file)
    record = {"entry": entry.id, "source": str(Path(path).resolve()), "member": name, "sha256": checked.sha256,
              "size": len(data), "imported": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    (folder / RECORD_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return ImportResult(entry, target, checked.sha256, len(data), tuple(extras))


def _entry_of(data: bytes, name: str) -> FirmwareEntry:
    entry = identify(data, name)
    if entry is not None:
        return entry
    candidates = []
    try:
        chip = parse_image(data, name).chip
        candidates = [e for e in _catalogue().values() if e.esptool and e.chip == chip and not e.bundled]
    except ImageError:
        pass
    if len(candidates) == 1:
        return candidates[0]
    raise FirmwareError(_("Cannot tell which board {name} is for.").format(name=name),
                        _("Name its catalogue entry: haas-ide firmware import FILE --entry ID "
                          "(haas-ide firmware list shows the ids)."))


def _too_big_file(name: str) -> FirmwareError:
    return FirmwareError(_("{name} is larger than any firmware image of these boards.").format(name=name),
                         _("Pick the firmware image itself."))
