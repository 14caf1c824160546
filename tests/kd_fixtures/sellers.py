"""Taps shared by the tests of sellers and rights: a PIN on a keypad, the manager's gate, a seller's form, a
double tap under a hurried finger."""
from __future__ import annotations

from PySide6.QtCore import Qt

from .till import tap

__all__ = ["tap_pin", "give_manager_pin", "fill_seller_form", "double_tap"]


def tap_pin(qtbot, keypad, pin: str) -> None:
    """Each digit tapped on the on-screen keypad, as a manager does."""
    for digit in pin:
        tap(qtbot, keypad.keys[digit])


def give_manager_pin(qtbot, window, pin: str = "1234"):
    """The gate's PIN pad is open: type the code and tap Valider; returns the dialog."""
    dialog = window.rights_gate.pin_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=2000)
    tap_pin(qtbot, dialog.keypad, pin)
    tap(qtbot, dialog.ok_button)
    return dialog


def fill_seller_form(qtbot, dialog, name: str, pin: str = "", confirm: str | None = None) -> None:
    """Name typed, PIN tapped, Valider, the PIN again, Valider (a non-manager without PIN: one Valider)."""
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, name)
    tap_pin(qtbot, dialog.keypad, pin)
    tap(qtbot, dialog.ok_button)
    if pin:
        tap_pin(qtbot, dialog.keypad, pin if confirm is None else confirm)
        tap(qtbot, dialog.ok_button)


def double_tap(qtbot, widget) -> None:
    """Two taps at the widget's place on the screen: the second goes to whatever is on top there by then (an
    open dialog, a tap shield, the next screen), or nowhere when a modal dialog elsewhere blocks the window, as
    under a hurried finger. (The offscreen platform's widgetAt loses the window once a dialog has closed, so the
    widget under the finger is found from the windows themselves.)"""
    from PySide6.QtWidgets import QApplication

    from kezia_desk.ui.widgets.tap_shield import TapShield

    window = widget.window()
    qtbot.waitUntil(lambda: not any(shield.isVisible() for shield in window.findChildren(TapShield)), timeout=3000)
    centre = widget.mapToGlobal(widget.rect().center())
    for tap_number in range(2):
        modal = QApplication.activeModalWidget()
        top = modal if modal is not None and modal is not window else window
        if not top.frameGeometry().contains(centre):
            assert tap_number == 1, f"the first tap must reach {widget!r} ({top!r} {top.frameGeometry()} {centre})"
            continue  # a modal dialog elsewhere: the tap reaches nothing
        target = top.childAt(top.mapFromGlobal(centre)) or top
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFromGlobal(centre))
