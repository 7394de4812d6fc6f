"""`haas-ide --install-launcher`: the desktop entry on Linux, the Start-menu entry and the .app builders."""

from __future__ import annotations

import configparser
import os
import plistlib
import sys
from pathlib import Path

import pytest

from ide import cli, launcher


@pytest.fixture
def fake_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setattr(sys, "platform", "linux")
    return home


def read_desktop(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_linux_install_writes_a_desktop_entry_and_the_icon(fake_home):
    written = launcher.install_launcher()
    data = fake_home / "xdg-data"
    desktop = data / "applications" / "haas-ide.desktop"
    icon = data / "icons" / "hicolor" / "256x256" / "apps" / "haas-ide.png"
    assert written == [desktop, icon]
    assert icon.read_bytes() == launcher.ICON_SOURCE.read_bytes()
    entry = read_desktop(desktop)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "HaaS IDE"
    assert entry["Name[zh_CN]"]
    assert entry["Comment"] == "Develop HaaS Python and MicroPython boards"
    assert "开发" in entry["Comment[zh_CN]"]
    assert entry["Icon"] == str(icon)
    assert entry["Categories"] == "Development;IDE;"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "haas-ide"
    program = entry["Exec"].split()[0].strip('"')
    assert Path(program).is_absolute() and Path(program).is_file() and os.access(program, os.X_OK)


def test_install_without_xdg_data_home_uses_local_share(fake_home, monkeypatch):
    monkeypatch.delenv("XDG_DATA_HOME")
    written = launcher.install_launcher()
    assert written[0] == fake_home / ".local" / "share" / "applications" / "haas-ide.desktop"
    assert written[0].is_file() and written[1].is_file()


def test_explicit_home(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    written = launcher.install_launcher(home=tmp_path)
    assert written[0] == tmp_path / ".local" / "share" / "applications" / "haas-ide.desktop"
    assert launcher.uninstall_launcher(home=tmp_path) == written


def test_uninstall_removes_what_install_wrote(fake_home):
    written = launcher.install_launcher()
    assert launcher.uninstall_launcher() == written
    assert not any(path.exists() for path in written)
    assert launcher.uninstall_launcher() == []


def test_fallback_command_is_python_dash_m(monkeypatch, tmp_path):
    monkeypatch.setattr(launcher.shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    assert launcher.launch_command() == [str((tmp_path / "python3").resolve()), "-m", "ide.cli"]


def test_exec_quotes_paths_with_spaces(tmp_path):
    text = launcher.desktop_entry(["/opt/my tools/python3", "-m", "ide.cli"], tmp_path / "i.png")
    assert 'Exec="/opt/my tools/python3" -m ide.cli' in text


def test_windows_builder_without_powershell_writes_a_batch_file(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    programs = launcher.windows_programs_dir(tmp_path / "Roaming")
    assert programs == tmp_path / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    written = launcher.write_windows_launcher(programs, [r"C:\Py\Scripts\haas-ide.exe"], powershell=None)
    assert written == [programs / "HaaS IDE.bat"]
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("@echo off")
    assert r'start "" C:\Py\Scripts\haas-ide.exe' in text


def test_windows_shortcut_script_uses_wscript_shell(tmp_path):
    script = launcher.shortcut_script(Path(r"C:\Start\HaaS IDE.lnk"), [r"C:\Py\python.exe", "-m", "ide.cli"], None)
    assert "New-Object -ComObject WScript.Shell" in script
    assert r"CreateShortcut('C:\Start\HaaS IDE.lnk')" in script
    assert "$link.Arguments = '-m ide.cli'" in script
    assert script.rstrip().endswith("$link.Save()")


def test_windows_install_and_uninstall(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(launcher.shutil, "which", lambda name: None)
    written = launcher.install_launcher(home=tmp_path)
    assert written[0].parent == tmp_path / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert written[0].is_file()
    assert launcher.uninstall_launcher(home=tmp_path) == written


def test_macos_bundle(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    written = launcher.install_launcher(home=tmp_path)
    bundle = tmp_path / "Applications" / "HaaS IDE.app"
    assert written == [bundle]
    info = plistlib.loads((bundle / "Contents" / "Info.plist").read_bytes())
    assert info["CFBundleExecutable"] == "haas-ide"
    assert info["CFBundleName"] == "HaaS IDE"
    assert info["CFBundlePackageType"] == "APPL"
    script = bundle / "Contents" / "MacOS" / "haas-ide"
    assert script.read_text().startswith("#!/bin/sh\nexec ")
    assert os.access(script, os.X_OK)
    assert (bundle / "Contents" / "Resources" / info["CFBundleIconFile"]).is_file()
    assert launcher.uninstall_launcher(home=tmp_path) == [bundle]
    assert not bundle.exists()


def test_cli_install_and_uninstall(fake_home, capsys):
    assert cli.main(["--install-launcher"]) == 0
    out = capsys.readouterr().out
    assert "haas-ide.desktop" in out and "haas-ide.png" in out
    assert (fake_home / "xdg-data" / "applications" / "haas-ide.desktop").is_file()
    assert cli.main(["--uninstall-launcher"]) == 0
    assert "haas-ide.desktop" in capsys.readouterr().out
    assert not (fake_home / "xdg-data" / "applications" / "haas-ide.desktop").exists()
    assert cli.main(["--uninstall-launcher"]) == 0
    assert capsys.readouterr().out.strip()
