"""Vendeurs and the first-start dialog at 1024×768 and 800×600: every button shown whole, at least 48 px, inside
the screen; saved for the guide with KEZIA_SHOTS=docs/screenshots."""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.sellers import give_manager_pin
from kd_fixtures.till import tap
from PySide6.QtCore import QPoint, QRect

from kezia_desk.ui.widgets.touch import TouchButton

SIZES = ((1024, 768), (800, 600))


def assert_buttons_fit(top) -> None:
    area = top.rect()
    for button in top.findChildren(TouchButton):
        if not button.isVisibleTo(top):
            continue
        box = QRect(button.mapTo(top, QPoint(0, 0)), button.size())
        assert area.contains(box), f"« {button.text()} » sort de la fenêtre ({box} hors de {area})"
        assert button.height() >= 48 and button.width() >= 48, button.text()
        assert button.fontMetrics().horizontalAdvance(button.text().split("\n")[0]) <= button.width(), (
            f"« {button.text()} » est coupé")


@pytest.mark.parametrize("width, height", SIZES)
@pytest.mark.screenshot
def test_vendeurs_fits_the_screen(qtbot, window, width, height):
    window.resize(width, height)
    tap(qtbot, window.home.sellers_button)
    give_manager_pin(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)
    screen = window.sellers_screen
    screen.select_name("Karim")
    qtbot.waitUntil(lambda: not window.tap_shield.isVisible(), timeout=2000)
    assert_buttons_fit(window)
    shot(window, f"sellers_{width}x{height}.png")


@pytest.mark.parametrize("width, height", SIZES)
@pytest.mark.screenshot
def test_the_first_start_dialog_fits_the_screen(qtbot, make_app, width, height):
    kezia = make_app(start=False)
    window = kezia.window
    qtbot.waitUntil(lambda: window.first_start_dialog is not None and window.first_start_dialog.isVisible(),
                    timeout=3000)
    window.first_start_dialog.hide()  # opened over the 1024×768 window the fixture shows first: again, resized
    window.resize(width, height)
    window.ask_first_manager()
    dialog = window.first_start_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert window.frameGeometry().contains(dialog.frameGeometry()), (window.frameGeometry(), dialog.frameGeometry())
    assert_buttons_fit(dialog)
    shot(OverWindow(window, dialog), f"first_start_{width}x{height}.png")


class OverWindow:
    """The window with its dialog drawn where the screen shows it (a grab of either alone misses the other)."""

    def __init__(self, window, dialog) -> None:
        self.window, self.dialog = window, dialog

    def grab(self):
        from PySide6.QtGui import QPainter

        picture = self.window.grab()
        painter = QPainter(picture)
        origin = self.dialog.mapToGlobal(QPoint(0, 0)) - self.window.mapToGlobal(QPoint(0, 0))
        painter.drawPixmap(origin, self.dialog.grab())
        painter.end()
        return picture
