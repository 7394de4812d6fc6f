# `upysh`, the minimal shell at the REPL (MicroPython, runs in the VM): `ls`, `pwd`, `clear`,
# `man` act when typed alone; `ls(path)`, `cd`, `mkdir`, `rm`, `rmdir`, `cat`, `head`, `newfile`
# are calls. Written from MicroPython's documented upysh commands.
import os

__name__ = "upysh"


class _Command:
    """Runs when its name is typed at the REPL (repr) and when called."""

    def __repr__(self):
        self()
        return ""


class LS(_Command):
    def __call__(self, path="."):
        entries = sorted(os.ilistdir(path), key=lambda e: (e[1] != 0x4000, e[0]))
        for entry in entries:
            if entry[1] == 0x4000:
                print("   <dir> %s" % entry[0])
            else:
                size = entry[3] if len(entry) > 3 else os.stat(_join(path, entry[0]))[6]
                print("% 8d %s" % (size, entry[0]))


class PWD(_Command):
    def __call__(self):
        print(os.getcwd())

    def __repr__(self):
        return os.getcwd()


class CLEAR(_Command):
    def __call__(self):
        print("\x1b[2J\x1b[H", end="")


class MAN(_Command):
    def __call__(self):
        print("upysh is intended to be imported using:\nfrom upysh import *\n\n"
              "To see this help text again, type \"man\".\n\nupysh commands:\n"
              "clear, ls, ls(...), head(...), cat(...), newfile(...)\n"
              "cp('src', 'dest'), mv('old', 'new'), rm(...)\npwd, cd(...), mkdir(...), rmdir(...)")


def _join(folder, name):
    return name if folder in ("", ".") else folder.rstrip("/") + "/" + name


ls = LS()
pwd = PWD()
clear = CLEAR()
man = MAN()
cd = os.chdir
mkdir = os.mkdir
mv = os.rename
rm = os.remove
rmdir = os.rmdir


def head(path, lines=10):
    with open(path) as f:
        for _ in range(lines):
            line = f.readline()
            if not line:
                break
            print(line, end="")


def cat(path):
    head(path, 1 << 30)


def cp(source, destination):
    with open(source, "rb") as src, open(destination, "wb") as dst:
        while True:
            chunk = src.read(512)
            if not chunk:
                break
            dst.write(chunk)


def newfile(path):
    """Lines typed at the console go into `path`; a line with Ctrl-D alone ends it."""
    print("Type file contents line by line, finish with Ctrl-D on an empty line")
    with open(path, "w") as f:
        while True:
            try:
                line = input()
            except EOFError:
                break
            if line == "\x04":
                break
            f.write(line + "\n")
