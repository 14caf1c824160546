"""Screenshots for the user guide and the README: with KEZIA_SHOTS=DIR the tests marked `screenshot` save what the
cashier sees there (all of them: bash docs/make-screenshots.sh)."""
from __future__ import annotations

import os
from pathlib import Path


def shot(widget, name: str) -> None:
    """Save `widget` as DIR/name when KEZIA_SHOTS=DIR is set (docs/screenshots, for the guide and the README)."""
    folder = os.environ.get("KEZIA_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        settle_layouts()
        widget.grab().save(str(Path(folder) / name))


def settle_layouts() -> None:
    """Run Qt's deferred layout passes first: a shot taken right after a tap showed the ticket's VAT label still
    one line high (its 10 % line missing from the guide's till.png) though the screen lays it out a moment later."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def composite(window):
    """What the screen shows: the main window with its open dialogs (separate windows, absent from its grab)
    painted where they are."""
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    settle_layouts()
    picture = window.grab()
    painter = QPainter(picture)
    origin = window.geometry().topLeft()
    for top in QApplication.topLevelWidgets():
        if top is window or not top.isVisible() or not belongs_to(top, window):
            continue
        painter.drawPixmap(top.geometry().topLeft() - origin, top.grab())
    painter.end()
    return picture


def belongs_to(widget, window) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


def shot_screen(window, name: str) -> None:
    """Save the composite of `window` as DIR/name when KEZIA_SHOTS=DIR is set."""
    folder = os.environ.get("KEZIA_SHOTS")
    if folder:
        target = Path(folder) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        assert composite(window).save(str(target)), target
