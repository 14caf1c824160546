"""An error goes with its cause: a cancelled ticket, a corrected field."""
from kd_fixtures.till import open_till, tap, tap_article
from kd_fixtures.till_orders import fill_order
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

LEFT = Qt.MouseButton.LeftButton


def test_a_till_error_goes_with_the_cancelled_ticket(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1013)
    tap(qtbot, window.till.minus_button)  # quantity 1 − 1: refused
    assert window.till.message.level == "error" and "Supprimer" in window.till.message.text()
    tap(qtbot, window.till.cancel_ticket_button)
    box = window.till.confirm_box
    tap(qtbot, box.button(QMessageBox.StandardButton.Yes))
    assert window.till.draft.lines == []
    assert window.till.message.level == "idle" and not window.till.message.isVisible()


def test_a_commandes_error_goes_when_the_field_is_corrected(qtbot, connected):
    kezia = connected()
    form = fill_order(qtbot, kezia)
    form.paid.clear()
    qtbot.keyClicks(form.paid, "cinq")
    qtbot.mouseClick(form.ok_button, LEFT)
    assert form.message.level == "error" and "Acompte illisible" in form.message.text()
    qtbot.keyClick(form.paid, Qt.Key.Key_Backspace)
    assert form.message.level == "idle", "the cashier is correcting it"
    form.paid.clear()
    qtbot.keyClicks(form.paid, "5")
    qtbot.mouseClick(form.ok_button, LEFT)
    assert kezia.window.current_screen() is kezia.window.till_orders_ui.screen
