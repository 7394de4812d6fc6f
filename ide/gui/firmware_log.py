"""The firmware dialog's words for a flash: each event of `ide.core.flashchild` as log lines.

`event_lines(event)` turns one event (see `ide.core.flashchild` for the list, plus the worker's
own "plan" and "listening" events) into the lines the log pane shows, in the interface language
where the words are ours; esptool's own log lines are shown as esptool wrote them.
`stage_text(stage)` is the line above the progress bar.
"""

from __future__ import annotations

from ide.i18n import _


def stage_text(stage: str) -> str:
    texts = {"connect": _("Connecting to the bootloader..."), "stub": _("Starting the flasher on the board..."),
             "baud": _("Switching to the writing baud rate..."), "flash": _("Checking the board's flash..."),
             "erase": _("Erasing the whole flash..."), "write": _("Writing the firmware..."),
             "reset": _("Resetting the board...")}
    return texts.get(stage, stage)


def plan_line(event: dict) -> str:
    return _("Flashing {name} ({size} bytes, {version}) to {board} on {port} at 0x{offset:x}.").format(
        name=event["image"], size=event["size"], version=event["version"], board=event["board_name"],
        port=event["port"], offset=event["offset"])


def done_lines(event: dict) -> list[str]:
    return [_("Written and verified: {written} bytes ({compressed} sent) in {seconds:.1f} s.").format(
                written=event["written"], compressed=event["compressed"], seconds=event["seconds"]),
            _("The board was reset and starts the new firmware.") if event["reset"] else
            _("Press the board's RESET button to start the new firmware.")]


def event_lines(event: dict) -> list[str]:
    """What the log pane shows for `event` (nothing for progress)."""
    kind = event.get("event")
    if kind == "plan":
        return [plan_line(event)]
    if kind == "stage":
        return [stage_text(event["stage"])]
    if kind == "chip":
        return [_("Chip: {description}, MAC {mac}").format(description=event["description"], mac=event["mac"] or "?")]
    if kind == "baud":
        return [(_("Baud rate {requested} failed; continuing at {baud}.") if event["fallback"]
                 else _("Baud rate {baud}.")).format(baud=event["baud"], requested=event["requested"])]
    if kind == "flash" and event.get("size"):
        return [_("The board has {size} KiB of flash.").format(size=event["size"] // 1024)]
    if kind == "log" and event.get("text"):
        return [event["text"]]
    if kind == "done":
        return done_lines(event)
    if kind == "listening":
        return [_("Waiting for the board to start the new firmware...")]
    return []
