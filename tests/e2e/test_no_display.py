"""A till started where there is no screen at all says so in one French sentence instead of Qt's abort.

Without it, Qt's xcb plugin prints five English lines (one wrongly blaming libxcb-cursor0) and kills the process
with SIGABRT (exit 134, a core dump): what a shop sees when the till is started by a service before the desktop
session, or over SSH.
"""
import os
import subprocess
import sys

import pytest

from kezia_desk.display import NO_DISPLAY_FR, has_display

WINDOWING_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 / Wayland: Linux only")
def test_the_till_without_any_display_says_one_french_sentence_and_exits_2(tmp_path):
    environment = {name: value for name, value in os.environ.items() if name not in WINDOWING_VARIABLES}
    data = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "kezia_desk", "--data-dir", str(data), "--quit-after", "3"],
                            capture_output=True, text=True, timeout=60, env=environment)
    assert result.returncode == 2, result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [NO_DISPLAY_FR]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0] and "session de bureau" in lines[0]
    assert result.stdout == ""
    assert not data.exists()  # nothing written before the refusal


@pytest.mark.parametrize("environ, platform, expected", [
    ({}, "linux", False),
    ({"DISPLAY": ""}, "linux", False),  # set but empty is no display either
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", True),
    ({"QT_QPA_PLATFORM": "eglfs"}, "freebsd14", True),  # a kiosk without a window system chooses its platform
    ({}, "freebsd14", False),
    ({}, "win32", True),
    ({}, "darwin", True),
])
def test_which_environments_have_a_display(environ, platform, expected):
    assert has_display(environ, platform) is expected
