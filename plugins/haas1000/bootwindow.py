"""Getting a HaaS1000/HaaS200 board into its `amp_boot` window: reset it, shake hands, pick /data.

At boot the firmware prints `amp shakehand begin...` and listens 500 ms: each 0xA5 byte is
answered with 0x5A, four in a row open the window; then `amp_boot` chooses the board's /data (the
answer ends with `amp shakehand success`). The host must therefore be sending 0xA5 when the board
starts, which takes a reset:
1. through the REPL when the board answers one: Ctrl-C twice stops the program, Ctrl-B leaves a
   raw REPL, and at the `>>> ` prompt `import machine; machine.reset()` restarts the board. This
   is what a user would type, and nothing reaches the board's files;
2. else the port's reset line (`pulse_reset`), for adapters wired to the board's reset;
3. else the user presses the reset button, told so through `session.status`, while 0xA5 keeps
   going out for `boot_wait` seconds.
A window the board opens and closes without our 0x5A answers (the program started instead: the
bytes came too late or were lost) is detected from the time since the banner, and the board is
reset again, up to `boot_attempts` windows.
"""

from __future__ import annotations

import time

from ide import api

_ = api.translator(__file__)

SHAKE, SHAKE_ANSWER = 0xA5, 0x5A
SHAKES = 4                      # answers that mean the window is open
BANNER = b"amp shakehand begin..."
SYNC_LOCAL = b"amp_boot"        # keep the app in /data (amp_boot_sd would choose the SD card)
SYNC_DONE = b"amp shakehand success"
INTERRUPT = b"\r\x03\x03\x02"  # Enter, Ctrl-C twice (stop the program), Ctrl-B (leave raw REPL)
PROMPT = b">>> "
SOFT_RESET = b"import machine; machine.reset()\r"
SHAKE_PERIOD = 0.01             # seconds between 0xA5 bytes until the board answers
RESEND_AFTER = 0.2              # an unanswered 0xA5 inside the window goes again after this
MISSED_AFTER = 1.0              # no answer this long after the banner: the 500 ms window is gone
AUTO_WAIT = 3.0                 # seconds from an automatic reset to the banner
REPL_PROBE = 0.6                # seconds for the REPL to show its prompt
SYNC_TIMEOUT = 2.0
BOOT_WAIT = 15.0                # default seconds the user has to press reset
BOOT_ATTEMPTS = 3               # default windows tried before giving up
WON, MISSED, SILENT = "won", "missed", "silent"


class Watch:
    """Send 0xA5 and watch the board's output for the banner and the 0x5A answers."""

    def __init__(self, link, output, cancelled) -> None:
        self.link = link
        self.output = output
        self.cancelled = cancelled

    def run(self, seconds: float) -> str:
        """WON (four answers), MISSED (banner, then no answers) or SILENT (no banner in time)."""
        until = time.monotonic() + seconds
        seen = bytearray()
        banner_at = progress_at = sent_at = 0.0
        replies = in_flight = 0
        while True:
            if self.cancelled():
                raise api.Cancelled()
            now = time.monotonic()
            if not replies and now - sent_at >= SHAKE_PERIOD or in_flight and now - sent_at >= RESEND_AFTER:
                self._shake()
                sent_at, in_flight = now, int(bool(replies))
            elif replies and not in_flight:
                self._shake()
                sent_at, in_flight = now, 1
            data = self.link.read_some(0.005)
            if data and not banner_at:
                data, found = self._before_banner(seen, data)
                if found:
                    banner_at = progress_at = now
            if data and banner_at:
                answers = data.count(SHAKE_ANSWER)
                if answers:
                    replies, in_flight, progress_at = replies + answers, 0, now
            if replies >= SHAKES:
                return WON
            if banner_at and now - progress_at > MISSED_AFTER:
                return MISSED
            if not banner_at and now >= until:
                return SILENT

    def _before_banner(self, seen: bytearray, data: bytes) -> tuple[bytes, bool]:
        """Show the board's output up to the banner; return what follows it, and whether it came."""
        text = bytes(seen) + data
        at = text.find(BANNER)
        if at < 0:
            self.output(data.replace(bytes([SHAKE]), b""))
            seen[:] = text[-len(BANNER):]
            return b"", False
        end = at + len(BANNER)
        self.output(text[len(seen):end].replace(bytes([SHAKE]), b"") if end > len(seen) else b"")
        return text[end:], True

    def _shake(self) -> None:
        self.link.write(bytes([SHAKE]))


def reset_through_repl(link) -> bool:
    """Restart the board with machine.reset() if its REPL answers; False when it does not."""
    link.write(INTERRUPT)
    try:
        link.read_until(PROMPT, REPL_PROBE, idle=False)
    except api.BoardError:
        return False
    link.drain(quiet=0.05, limit=0.5)  # the banner and prompt Ctrl-B prints
    link.write(SOFT_RESET)
    return True


def open_window(session) -> dict:
    """Reset the board until its window is open and /data is chosen; what it took, as a dict."""
    options = session.options
    boot_wait = float(options.get("boot_wait", BOOT_WAIT))
    attempts = max(1, int(options.get("boot_attempts", BOOT_ATTEMPTS)))
    watch = Watch(session.link, session.output, session.cancelled)
    missed = 0
    while True:
        outcome, how = _reset_and_watch(session, watch, boot_wait)
        if outcome == WON:
            choose_data_folder(session.link)
            return {"reset": how, "missed_windows": missed}
        if outcome == SILENT:
            raise _no_window(session, boot_wait)
        missed += 1
        if missed >= attempts:
            raise _missed(session, missed)
        session.status(_("The board started its program without taking the upload; resetting it again..."))


def _reset_and_watch(session, watch: Watch, boot_wait: float) -> tuple[str, str]:
    link = session.link
    session.status(_("Resetting the board into its upload window..."))
    if reset_through_repl(link):
        outcome = watch.run(AUTO_WAIT)
        if outcome != SILENT:
            return outcome, "repl"
    if link.pulse_reset():
        outcome = watch.run(AUTO_WAIT)
        if outcome != SILENT:
            return outcome, "line"
    session.status(_("Press the board's reset button now..."))
    return watch.run(boot_wait), "button"


def choose_data_folder(link) -> None:
    """Send `amp_boot` (after the last 0x5A answers have arrived) and wait for the board's yes."""
    link.drain(quiet=0.03, limit=0.3)
    for _attempt in range(2):
        link.write(SYNC_LOCAL)
        try:
            link.read_until(SYNC_DONE, SYNC_TIMEOUT, idle=False)
            return
        except api.BoardError:
            continue
    raise api.BoardError(_("The board opened its upload window but did not accept amp_boot."),
                         _("Press the board's reset button and deploy again; check that the board runs "
                           "HaaS Python firmware."))


def _no_window(session, seconds: float) -> api.BoardError:
    return api.BoardError(
        _("The board did not open its upload window within {seconds:g} s.").format(seconds=seconds),
        _("Deploy again and press the board's reset button when HaaS IDE asks. Check that {port} is the "
          "board's port, that it runs HaaS Python firmware, and that the baud rate is {baud}.").format(
            port=session.link.port, baud=session.board.get("baud", session.link.baudrate)))


def _missed(session, count: int) -> api.BoardError:
    return api.BoardError(
        _("The board started its program {count} times without taking the upload: the 500 ms boot window "
          "was missed.").format(count=count),
        _("Close other programs that use {port}, then deploy again; press the board's reset button once "
          "when HaaS IDE asks. If it keeps happening, try a shorter USB cable.").format(port=session.link.port))
