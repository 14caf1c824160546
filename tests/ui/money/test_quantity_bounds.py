"""Quantité: above 50 the till asks (saying the line's amount and the bound), above 999 it refuses."""
from __future__ import annotations

from decimal import Decimal

from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtWidgets import QMessageBox


def ask_quantity(qtbot, window, typed: str):
    till = window.till
    till.select_row(0)
    tap(qtbot, till.quantity_button)
    dialog = till.quantity_dialog
    type_on_keypad(qtbot, dialog.keypad, typed)
    tap(qtbot, dialog.ok_button)
    return dialog


def test_a_large_quantity_is_confirmed_first(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1003)  # 13,00
    ask_quantity(qtbot, window, "60")
    box = window.till.quantity_box
    assert box.isVisible()
    assert box.text() == "60 × « Margherita Grande » = 780,00\u00a0€. C'est plus de 50 : confirmer cette quantité ?"
    tap(qtbot, box.button(QMessageBox.StandardButton.No))
    assert window.till.draft.lines[0].quantity == 1
    ask_quantity(qtbot, window, "60")
    tap(qtbot, window.till.quantity_box.button(QMessageBox.StandardButton.Yes))
    assert window.till.draft.lines[0].quantity == Decimal(60)
    assert "780,00" in window.till.total_label.text()


def test_an_absurd_quantity_is_refused_in_the_keypad(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1003)
    dialog = ask_quantity(qtbot, window, "9999")
    assert dialog.isVisible() and dialog.message.text() == "La quantité ne peut pas dépasser 999."
    assert window.till.quantity_box is None and window.till.draft.lines[0].quantity == 1


def test_a_usual_quantity_needs_no_question(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1003)
    ask_quantity(qtbot, window, "12")
    assert window.till.quantity_box is None and window.till.draft.lines[0].quantity == 12
