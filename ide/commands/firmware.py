"""Firmware commands: flash, firmware list|info|import."""

from __future__ import annotations

import argparse
import json
import sys

from ide.commands import add, baud_rate
from ide.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "flash", _("flash the board's firmware"))
    p.add_argument("--port", required=True, help=_("serial port of the board (any pyserial URL works)"))
    p.add_argument("--board", required=True, help=_("board id (haas-ide boards lists them)"))
    p.add_argument("--image", metavar="FILE", help=_("flash this .bin or .zip instead of the catalogue's image"))
    p.add_argument("--erase", action="store_true", help=_("erase the whole flash first (the board's files too)"))
    p.add_argument("--baud", type=baud_rate, metavar="N",
                   help=_("baud rate for writing (default 460800; 115200 if that fails)"))
    p.add_argument("--json", action="store_true", help=_("print progress and the result as JSON lines"))
    p.set_defaults(handler=_flash)
    p = add(sub, "firmware", _("list, inspect and import firmware images"))
    actions = p.add_subparsers(dest="firmware_command", metavar="ACTION", required=True)
    q = actions.add_parser("list", help=_("the firmware catalogue and what is on this computer"))
    q.add_argument("--json", action="store_true", help=_("print the catalogue as JSON"))
    q.set_defaults(handler=_list)
    q = actions.add_parser("info", help=_("check a firmware file and show what it is"))
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true", help=_("print what the file is as JSON"))
    q.set_defaults(handler=_info)
    q = actions.add_parser("import", help=_("check a downloaded official image (.zip or .bin) and keep a copy"))
    q.add_argument("file", metavar="FILE")
    q.add_argument("--entry", metavar="ID", help=_("catalogue entry the image is for (when its name does not say)"))
    q.set_defaults(handler=_import)


# -- firmware list | info | import -------------------------------------------------------------
def _list(args: argparse.Namespace) -> int:
    from ide.core.firmware import boards_using, catalogue, status

    rows = []
    for entry in catalogue().values():
        rows.append({**entry.to_json(), "status": status(entry), "boards": boards_using(entry.id)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    names = {"bundled": _("bundled with the IDE"), "imported": _("imported by you"),
             "missing": _("not on this computer")}
    for row in rows:
        where = row["offset"] if row["method"] == "esptool" else _("burn tool (YMODEM)")
        print(f"{row['id']:<14} {row['version']:<7} {row['chip']:<9} {where:<18} {names[row['status']]:<20} "
              f"{row['file']}")
        if row["boards"]:
            print("    " + _("used by: {boards}").format(boards=", ".join(row["boards"])))
    return 0


def _info(args: argparse.Namespace) -> int:
    from ide.core.firmware import describe_file

    info = describe_file(args.file)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0 if info["valid"] else 1
    print(_("{image}: {size} bytes, sha256 {sha256}").format(**info))
    if not info["valid"]:
        print(_("Not a usable image: {problem}").format(problem=info["problem"]))
        return 1
    text = (_("ESP image for {chip}, entry point {entry}, {segments} segments, flash size {flash}: checksum and "
              "SHA-256 digest valid.") if info["digest"] else
            _("ESP image for {chip}, entry point {entry}, {segments} segments, flash size {flash}: checksum valid, "
              "no SHA-256 digest."))
    print(text.format(chip=info["chip_name"], entry=info["entry_point"], segments=info["segments"],
                      flash=info["flash_size"] or "?"))
    if "app" in info:
        print(_("Application: {project} {version}, built {date} {time} with ESP-IDF {idf}.").format(**info["app"]))
    if info["entry"]:
        print(_("Catalogue entry: {entry}").format(entry=info["entry"]))
    return 0


def _import(args: argparse.Namespace) -> int:
    from ide.core.firmware import import_firmware

    result = import_firmware(args.file, args.entry)
    print(_("Imported {file} for {entry} ({size} bytes, sha256 {sha256}) into {path}.").format(
        file=result.entry.file, entry=result.entry.id, size=result.size, sha256=result.sha256, path=result.path))
    return 0


# -- flash -------------------------------------------------------------------------------------
def _flash(args: argparse.Namespace) -> int:
    from ide.core.flashing import FlashJob, plan_flash

    plan = plan_flash(args.port, args.board, args.image, args.erase, args.baud)
    report = _JsonReport() if args.json else _TextReport(sys.stdout.isatty())
    report.plan(plan)
    job = FlashJob(plan, on_event=report.event).start()
    try:
        result = job.run()
    except KeyboardInterrupt:
        job.cancel()
        raise job.interrupted() from None
    report.result(result)
    return 0


class _TextReport:
    """Progress for a person: one line per step, the write as a percentage."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self._shown = -1

    def plan(self, plan) -> None:
        app = plan.image.image.app if plan.image.image else None
        print(_("Flashing {name} ({size} bytes, {version}) to {board} on {port} at 0x{offset:x}.").format(
            name=plan.image.name, size=len(plan.image.data), version=app.version if app else plan.entry.version,
            board=plan.board_name, port=plan.port, offset=plan.offset), flush=True)

    def event(self, event: dict) -> None:
        kind = event["event"]
        if kind == "stage":
            text = {"connect": _("Connecting to the bootloader..."), "erase": _("Erasing the whole flash..."),
                    "write": _("Writing the firmware...")}.get(event["stage"])
            if text:
                self._line(text)
        elif kind == "chip":
            self._line(_("Chip: {description}, MAC {mac}").format(description=event["description"],
                                                                  mac=event["mac"] or "?"))
        elif kind == "baud":
            self._line((_("Baud rate {requested} failed; continuing at {baud}.") if event["fallback"]
                        else _("Baud rate {baud}.")).format(**event))
        elif kind == "progress" and event["stage"] == "write":
            self._progress(event["done"], event["total"])

    def _progress(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if self.tty:
            print(f"\r{percent:3d}%", end="" if percent < 100 else "\n", flush=True)
        elif percent // 10 > self._shown // 10 or (percent == 100 and self._shown < 100):
            print(f"{percent}%", flush=True)
        self._shown = percent

    def _line(self, text: str) -> None:
        print(text, flush=True)

    def result(self, result) -> None:
        print(_("Written and verified: {written} bytes ({compressed} sent) in {seconds:.1f} s.").format(
            written=result.written, compressed=result.compressed, seconds=result.seconds))
        print(_("The board was reset and starts the new firmware.") if result.reset else
              _("Press the board's RESET button to start the new firmware."), flush=True)


class _JsonReport:
    """Every event as a JSON line, then the result."""

    def plan(self, plan) -> None:
        self.event({"event": "plan", "port": plan.port, "board": plan.board_id, "entry": plan.entry.id,
                    "image": plan.image.name, "source": plan.source, "size": len(plan.image.data),
                    "sha256": plan.image.sha256, "offset": plan.offset, "erase": plan.erase, "baud": plan.baud})

    def event(self, event: dict) -> None:
        print(json.dumps(event, ensure_ascii=False), flush=True)

    def result(self, result) -> None:
        from dataclasses import asdict

        self.event({"event": "result", **asdict(result)})
