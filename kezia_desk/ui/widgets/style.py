"""Loading the till's stylesheet from the resources package.

The look lives in resources/kezia_desk_resources/styles/kezia.qss (read through importlib.resources, so it works
installed, from a wheel or from the source tree); code only sets `role` / `level` properties that the stylesheet
colours.
"""
from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
STYLESHEET = "kezia.qss"
APP_ICON = "kezia-desk.svg"
BASE_POINT_SIZE = 12


def load_stylesheet(name: str = STYLESHEET) -> str:
    """The stylesheet's text, or "" (Qt's default look) when the file is missing: never a reason to crash."""
    try:
        return resources.files("kezia_desk_resources").joinpath("styles", name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
        log.warning("feuille de style %s introuvable : %s", name, exc)
        return ""


def apply_style(window: QWidget) -> None:
    """Style a top-level window; its child dialogs inherit the stylesheet through their parent."""
    font = QFont(window.font())
    font.setPointSize(BASE_POINT_SIZE)
    window.setFont(font)
    window.setStyleSheet(load_stylesheet())


def app_icon() -> QIcon:
    """The window icon drawn in resources/kezia_desk_resources/images (an empty icon if it cannot be read)."""
    try:
        data = resources.files("kezia_desk_resources").joinpath("images", APP_ICON).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return QIcon()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)
