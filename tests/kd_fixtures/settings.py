"""Paramètres Web opened the way a manager does (PIN on the keypad, platform HubRise), for any test folder."""
from __future__ import annotations

from PySide6.QtCore import Qt

__all__ = ["type_pin", "open_settings"]
LEFT = Qt.MouseButton.LeftButton


def type_pin(qtbot, dialog, pin):
    dialog.keypad.display.clear()
    qtbot.keyClicks(dialog.keypad.display, pin)
    qtbot.mouseClick(dialog.ok_button, LEFT)


def open_settings(qtbot, kezia, pin="1234"):
    window = kezia.window
    ui = window.web_settings_ui
    window.open_web_settings()
    qtbot.waitUntil(lambda: ui.pin_dialog is not None and ui.pin_dialog.isVisible(), timeout=2000)
    assert ui.pin_dialog.keypad.display.echoMode().name == "Password"
    type_pin(qtbot, ui.pin_dialog, pin)
    qtbot.waitUntil(lambda: ui.platform_dialog is not None and ui.platform_dialog.isVisible(), timeout=2000)
    qtbot.mouseClick(ui.platform_dialog.hubrise_button, LEFT)
    qtbot.waitUntil(lambda: ui.settings_window is not None and ui.settings_window.isVisible(), timeout=2000)
    return ui.settings_window
