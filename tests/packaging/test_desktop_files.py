"""What packaging/ ships besides the frozen program: icons drawn from the SVG, the Linux menu entry and AppStream
metainfo, the Windows installer script. The frozen build itself is tested by packaging/build.sh (too long for the
default run: see docs/dev/testing.md)."""
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "linux" / "fr.kezia.KeziaDesk.desktop"
METAINFO = PACKAGING / "linux" / "fr.kezia.KeziaDesk.metainfo.xml"
INNO = PACKAGING / "windows" / "kezia-desk.iss"


def load_render_icons():
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def the_command_name() -> str:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    return next(iter(scripts))


def test_icons_are_drawn_at_every_size_and_the_ico_holds_them(qapp, tmp_path):
    render_icons = load_render_icons()
    render_icons.render_icons(tmp_path)
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "kezia-desk.png"))
        assert (image.width(), image.height()) == (size, size)
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255 and centre.name() != "#000000"  # drawn, not an empty square
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "kezia-desk.svg").read_bytes().startswith(b"<svg")

    ico = (tmp_path / "kezia-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, 7)
    sides = []
    for index in range(count):
        width, _height, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * index)
        image = QImage.fromData(ico[offset:offset + length], "PNG")
        assert image.width() == (width or 256)
        sides.append(image.width())
    assert sides == [16, 24, 32, 48, 64, 128, 256]


def test_the_menu_entry_starts_the_installed_command_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == desktop["TryExec"] == the_command_name()
    assert desktop["Icon"] == load_render_icons().ICON_NAME
    assert desktop["Terminal"] == "false"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout == "", result.stdout


def test_the_appstream_metainfo_names_the_menu_entry_and_is_valid():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") + ".desktop" == DESKTOP.name == root.findtext("launchable")
    assert root.findtext("provides/binary") == the_command_name()
    assert root.findtext("icon") == load_render_icons().ICON_NAME
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstreamcli absent (apt-get install appstream)")
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_windows_installer_installs_the_frozen_folder_and_never_deletes_the_data():
    script = INNO.read_text(encoding="utf-8-sig")
    spec = (PACKAGING / "kezia-desk.spec").read_text(encoding="utf-8")
    app = re.search(r'^APP = "([^"]+)"', spec, re.M).group(1)
    assert f'#define AppExe "{app}.exe"' in script
    assert f'#define Frozen "..\\..\\build\\dist\\{app}"' in script
    assert "SetupIconFile=..\\..\\build\\icons\\kezia-desk.ico" in script
    for shortcut in ("{group}\\{#AppName}", "{autodesktop}\\{#AppName}", "{autostartup}\\{#AppName}"):
        assert f'Name: "{shortcut}"' in script
    deletions = re.findall(r"^Type: \w+; Name: \"([^\"]+)\"", script, re.M)
    assert deletions and all(path.startswith("{app}") for path in deletions)  # the shop's data stays
