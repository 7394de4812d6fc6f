"""What a board's error means: MicroPython tracebacks turned into errno values, and one table of
words for them.

Boards print `OSError: [Errno 2] ENOENT` (MicroPython 1.17 and later), a bare number for codes
without a name (`OSError: 39` from littlefs, sometimes negative), or, on old ports such as the
micro:bit's 1.9, a sentence (`OSError: file not found`). `board_errno` reads all three;
`reason_for` gives the user's words and what to do, for the file browser and the deploy alike.
"""

from __future__ import annotations

import errno
import re

from mpremote.mp_errno import MP_ERRNO_TABLE
from mpremote.transport import TransportExecError

from ide.i18n import _

MP_ERRNO = {39: errno.ENOTEMPTY}  # MicroPython numbers missing from mpremote's table (littlefs)
OLD_PORT_MESSAGES = {"file not found": errno.ENOENT, "no more storage space": errno.ENOSPC,
                     "file exists": errno.EEXIST}
_OSERROR = re.compile(r"OSError: (?:\[Errno (\d+)\] ?(\w*)|(-?\d+)|(.+?))\s*$")


def last_line(text: str) -> str:
    """The last non-empty line of a board's traceback (where the error is)."""
    lines = text.strip().splitlines()
    return lines[-1].strip() if lines else text


def exception_name(traceback: str) -> str:
    """"OSError", "MemoryError", ... from the traceback's last line ("" when there is none)."""
    match = re.match(r"(\w+)(?::|$)", last_line(traceback))
    return match.group(1) if match else ""


def board_errno(traceback: str) -> int | None:
    """The host's errno for a traceback ending in an OSError, whatever form the firmware uses."""
    match = _OSERROR.search(last_line(traceback))
    if not match:
        return None
    number, name, bare, sentence = match.groups()
    if sentence is not None:
        return OLD_PORT_MESSAGES.get(sentence.strip("'\"(),").lower())
    code = getattr(errno, name, None) if name else None
    if code is None:
        value = abs(int(number or bare))  # littlefs errors may arrive negative
        code = MP_ERRNO.get(value, MP_ERRNO_TABLE.get(value, value))
    return code


def board_oserror(exc: TransportExecError, path: str) -> Exception:
    """`OSError(errno, path)` for a traceback ending in an OSError; else `exc` itself."""
    code = board_errno(exc.error_output)
    return exc if code is None else OSError(code, path)


def reason_for(code: int) -> tuple[str, str]:
    """(what it means, what to do) for a board's errno value."""
    refresh = _("Refresh the list: the board's files may have changed.")
    protected = (_("The board does not allow it."), _("Files of the firmware itself may be protected."))
    reasons = {
        errno.ENOENT: (_("It does not exist on the board."), refresh),
        errno.EEXIST: (_("Something with that name already exists there."), _("Choose another name.")),
        errno.ENOTEMPTY: (_("The folder is not empty."), _("Delete the files inside it first.")),
        errno.ENOSPC: (_("The board's file system is full."), _("Delete files on the board to make room.")),
        errno.EISDIR: (_("It is a folder."), _("Pick a file.")),
        errno.ENOTDIR: (_("Part of the path is not a folder."), refresh),
        errno.EACCES: protected,
        errno.EPERM: protected,
        errno.EIO: (_("The board's storage reported an input/output error (EIO)."),
                    _("Reset the board and try again; if it keeps happening, its flash or file system is damaged.")),
        errno.EROFS: (_("The board's file system is read-only."),
                      _("The firmware mounted it read-only; check boot.py or reflash the board.")),
        errno.ENAMETOOLONG: (_("The name or path is too long for the board's file system."),
                             _("Use shorter file and folder names.")),
        errno.EMFILE: (_("The board has too many files open."), _("Reset the board and try again.")),
        errno.ENOMEM: (_("The board ran out of memory."), _("Reset the board and try again.")),
    }
    return reasons.get(code, (_("The board reported error {code}.").format(code=code), ""))
