"""Desktop launcher: make HaaS IDE appear in the system's application menu.

`haas-ide --install-launcher` writes, for the current user only (no administrator rights):

- Linux: `$XDG_DATA_HOME/applications/haas-ide.desktop` and the icon in the hicolor theme;
- Windows: a Start-menu shortcut (`HaaS IDE.lnk` through PowerShell's WScript.Shell, else a
  `HaaS IDE.bat` that starts the IDE without a console window);
- macOS: a minimal `~/Applications/HaaS IDE.app` bundle.

The functions return the paths they wrote or removed; printing is the CLI's job. The builders
(`desktop_entry`, `write_windows_launcher`, `write_macos_bundle`) are pure enough to be tested on
any system.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from ide import __version__
from ide.i18n import _, catalogue

APP_ID = "haas-ide"
APP_NAME = "HaaS IDE"
ICON_SOURCE = Path(__file__).resolve().parent / "gui" / "icons" / "haas-ide.png"


COMMENT = "Develop HaaS Python and MicroPython boards"


def _comment() -> str:
    """The comment in the current language (shortcut descriptions)."""
    return _("Develop HaaS Python and MicroPython boards")


def _comment_zh() -> str:
    """The Chinese comment, whatever the current language (the .desktop file carries both)."""
    return catalogue("zh_CN").get(COMMENT, COMMENT)


def launch_command() -> list[str]:
    """The command that opens the IDE: the installed `haas-ide` script, else this Python with -m."""
    found = shutil.which(APP_ID)
    if found:
        return [str(Path(found).resolve())]
    scripts = Path(sys.executable).parent
    for name in (APP_ID, APP_ID + ".exe"):
        candidate = scripts / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate.resolve())]
    return [str(Path(sys.executable).resolve()), "-m", "ide.cli"]


def _home(home: Path | None) -> Path:
    return Path(home) if home is not None else Path.home()


# --- Linux -------------------------------------------------------------------------------------

def _data_home(home: Path | None) -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg and home is None:
        return Path(xdg)
    return _home(home) / ".local" / "share"


def linux_paths(home: Path | None = None) -> tuple[Path, Path]:
    """(desktop file, icon) for the current user."""
    data = _data_home(home)
    return (data / "applications" / f"{APP_ID}.desktop",
            data / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png")


def _desktop_quote(arg: str) -> str:
    """Quote one Exec argument as the Desktop Entry specification asks."""
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`%'):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'.replace("%", "%%")


def desktop_entry(command: list[str], icon: Path) -> str:
    """The text of `haas-ide.desktop`."""
    exec_line = " ".join(_desktop_quote(arg) for arg in command)
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        f"Name={APP_NAME}",
        f"Name[zh_CN]={APP_NAME}",
        "GenericName=MicroPython IDE",
        f"Comment={COMMENT}",
        f"Comment[zh_CN]={_comment_zh()}",
        f"Exec={exec_line}",
        f"TryExec={command[0]}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Development;IDE;",
        "Keywords=HaaS;MicroPython;ESP32;IoT;",
        f"StartupWMClass={APP_ID}",
        "StartupNotify=true",
        f"X-HaaS-IDE-Version={__version__}",
    ]
    return "\n".join(lines) + "\n"


def install_linux(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    desktop, icon = linux_paths(home)
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON_SOURCE, icon)
    desktop.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(desktop_entry(command or launch_command(), icon), encoding="utf-8")
    desktop.chmod(0o755)
    _refresh_linux_caches(desktop.parent)
    return [desktop, icon]


def _refresh_linux_caches(applications: Path) -> None:
    """Ask the desktop to notice the new entry at once; harmless when the tool is missing."""
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, str(applications)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False, timeout=30)


# --- Windows -----------------------------------------------------------------------------------

def windows_programs_dir(appdata: Path | None = None) -> Path:
    base = Path(appdata) if appdata is not None else Path(os.environ.get("APPDATA")
                                                            or Path.home() / "AppData" / "Roaming")
    return base / "Microsoft" / "Windows" / "Start Menu" / "Programs"


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _windows_target(command: list[str]) -> tuple[str, str]:
    """(target, arguments): prefer pythonw.exe so no console window opens with the IDE."""
    target = command[0]
    args = command[1:]
    if target.lower().endswith("python.exe"):
        windowless = Path(target).with_name("pythonw.exe")
        if windowless.exists():
            target = str(windowless)
    return target, subprocess.list2cmdline(args)


def shortcut_script(link: Path, command: list[str], icon: Path | None) -> str:
    """A PowerShell script that writes the .lnk through WScript.Shell."""
    target, args = _windows_target(command)
    lines = [
        "$shell = New-Object -ComObject WScript.Shell",
        f"$link = $shell.CreateShortcut({_ps_quote(str(link))})",
        f"$link.TargetPath = {_ps_quote(target)}",
        f"$link.Arguments = {_ps_quote(args)}",
        f"$link.Description = {_ps_quote(_comment())}",
        f"$link.WorkingDirectory = {_ps_quote(str(Path.home()))}",
    ]
    if icon is not None:
        lines.append(f"$link.IconLocation = {_ps_quote(str(icon))}")
    lines.append("$link.Save()")
    return "\n".join(lines) + "\n"


def batch_launcher(command: list[str]) -> str:
    """A .bat fallback: `start ""` detaches the IDE so the console window closes at once."""
    target, args = _windows_target(command)
    return f'@echo off\r\nstart "" {subprocess.list2cmdline([target])} {args}\r\n'.replace(" \r\n", "\r\n")


def write_windows_launcher(programs: Path, command: list[str], powershell: str | None = None) -> list[Path]:
    """Write the Start-menu entry into `programs`: a .lnk when PowerShell is there, else a .bat."""
    programs.mkdir(parents=True, exist_ok=True)
    link = programs / f"{APP_NAME}.lnk"
    if powershell:
        try:
            result = subprocess.run([powershell, "-NoProfile", "-NonInteractive", "-Command",
                                     shortcut_script(link, command, None)],
                                    capture_output=True, check=False, timeout=60)
            if result.returncode == 0 and link.exists():
                return [link]
        except (OSError, subprocess.TimeoutExpired):
            pass
    bat = programs / f"{APP_NAME}.bat"
    bat.write_text(batch_launcher(command), encoding="utf-8")
    return [bat]


def windows_paths(appdata: Path | None = None) -> list[Path]:
    programs = windows_programs_dir(appdata)
    return [programs / f"{APP_NAME}.lnk", programs / f"{APP_NAME}.bat"]


# --- macOS -------------------------------------------------------------------------------------

def macos_bundle_path(home: Path | None = None) -> Path:
    return _home(home) / "Applications" / f"{APP_NAME}.app"


def info_plist() -> str:
    entries = {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": "org.haas.ide",
        "CFBundleExecutable": APP_ID,
        "CFBundleIconFile": f"{APP_ID}.png",
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": __version__,
        "CFBundleVersion": __version__,
        "NSHighResolutionCapable": None,
    }
    body = []
    for key, value in entries.items():
        body.append(f"    <key>{key}</key>")
        body.append("    <true/>" if value is None else f"    <string>{value}</string>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
            '<plist version="1.0">\n<dict>\n' + "\n".join(body) + "\n</dict>\n</plist>\n")


def write_macos_bundle(bundle: Path, command: list[str]) -> list[Path]:
    contents = bundle / "Contents"
    macos = contents / "MacOS"
    resources = contents / "Resources"
    macos.mkdir(parents=True, exist_ok=True)
    resources.mkdir(parents=True, exist_ok=True)
    plist = contents / "Info.plist"
    plist.write_text(info_plist(), encoding="utf-8")
    script = macos / APP_ID
    script.write_text("#!/bin/sh\nexec " + " ".join(shlex.quote(a) for a in command) + ' "$@"\n',
                      encoding="utf-8")
    script.chmod(0o755)
    icon = resources / f"{APP_ID}.png"
    shutil.copyfile(ICON_SOURCE, icon)
    return [bundle]


# --- entry points ------------------------------------------------------------------------------

def install_launcher(home: Path | None = None) -> list[Path]:
    """Install the launcher for this system; return the paths written."""
    command = launch_command()
    if sys.platform.startswith("win"):
        appdata = Path(home) / "AppData" / "Roaming" if home is not None else None
        return write_windows_launcher(windows_programs_dir(appdata), command, shutil.which("powershell"))
    if sys.platform == "darwin":
        return write_macos_bundle(macos_bundle_path(home), command)
    return install_linux(home, command)


def uninstall_launcher(home: Path | None = None) -> list[Path]:
    """Remove what `install_launcher` wrote; return the paths removed."""
    if sys.platform.startswith("win"):
        appdata = Path(home) / "AppData" / "Roaming" if home is not None else None
        candidates = windows_paths(appdata)
    elif sys.platform == "darwin":
        candidates = [macos_bundle_path(home)]
    else:
        candidates = list(linux_paths(home))
    removed = []
    for path in candidates:
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
        elif path.exists():
            path.unlink()
            removed.append(path)
    return removed
