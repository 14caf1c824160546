"""Whether the till has a screen to open its window on, asked before Qt is.

With no display at all (a service started before the desktop session, an SSH login), Qt's xcb plugin prints
English lines and aborts the process with a core dump; the shop sees nothing useful. The till checks first and
says one French sentence. Only where Qt would look for X11 or Wayland: Windows and macOS always have a screen, and
QT_QPA_PLATFORM (offscreen for tests, eglfs or linuxfb for a kiosk without a window system) is Qt's own choice.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY_FR = ("Aucun écran disponible : ouvrez une session de bureau avant de lancer Kezia Desk, "
                 "ou définissez QT_QPA_PLATFORM=offscreen pour les tests.")


def has_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    if platform.startswith(("win", "darwin", "cygwin")):
        return True
    return any(environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))
