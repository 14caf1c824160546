"""The till's money rules as a cashier meets them: typed amounts, the cash bound, a cancelled ticket with money
taken, and quitting with a ticket in progress."""
from kd_fixtures.sellers import give_manager_pin
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.ticket import PaymentMethod


def take_cash(qtbot, till, amount: str):
    tap(qtbot, till.payment_buttons[PaymentMethod.CASH])
    dialog = till.payment_dialog
    type_on_keypad(qtbot, dialog.keypad, amount)
    tap(qtbot, dialog.validate_button)
    return dialog


def test_typed_amounts_are_french_decimals_and_cash_is_bounded(qtbot, window):
    open_till(qtbot, window)
    till = window.till
    tap_article(qtbot, window, 1003)  # 13,00
    tap(qtbot, till.payment_buttons[PaymentMethod.CASH])
    dialog = till.payment_dialog
    for typed in ("1e3", "nan", "1_000"):
        dialog.keypad.clear()
        qtbot.keyClicks(dialog.keypad.display, typed)
        tap(qtbot, dialog.validate_button)
        assert dialog.message.text().startswith("Montant invalide"), typed
        assert not till.draft.payments
    type_on_keypad(qtbot, dialog.keypad, "C")
    type_on_keypad(qtbot, dialog.keypad, "1300")  # 1 300 € for 13 € due: a slip, not a banknote
    tap(qtbot, dialog.validate_button)
    assert "Montant reçu trop élevé" in dialog.message.text() and "Au plus 200,00" in dialog.message.text()
    assert not till.draft.payments
    type_on_keypad(qtbot, dialog.keypad, "C")
    qtbot.keyClicks(dialog.keypad.display, "20.50")
    tap(qtbot, dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not None, timeout=2000)
    assert till.last_closed.change_due.cents == 750


def test_cancelling_a_ticket_with_money_taken_journals_it_as_cancelled(qtbot, window):
    open_till(qtbot, window)
    till = window.till
    tap_article(qtbot, window, 1003)  # 13,00
    dialog = take_cash(qtbot, till, "5")
    tap(qtbot, dialog.close_button)
    tap(qtbot, till.cancel_ticket_button)
    box = till.confirm_box
    assert "enregistré au journal comme ticket annulé" in box.text()
    tap(qtbot, box.button(QMessageBox.StandardButton.Yes))
    assert not window.services.till.list_tickets(), "nothing before the manager's PIN"
    assert window.rights_gate.pin_dialog.prompt.text() == (
        "Karim n'est pas gérant : pour annuler un ticket qui a des règlements, un gérant tape son code.")
    give_manager_pin(qtbot, window)
    tickets = window.services.till.list_tickets()
    assert len(tickets) == 1 and tickets[0].cancelled
    assert tickets[0].seller_name == "Karim" and [p.amount.cents for p in tickets[0].payments] == [500]
    assert [line.label for line in tickets[0].lines] == ["Margherita Grande"]
    assert not till.draft.lines and "enregistré comme annulé" in till.message.text()
    tap(qtbot, till.cancel_ticket_button)  # a second tap: nothing more
    assert till.message.text() == "Le ticket est déjà vide." and len(window.services.till.list_tickets()) == 1
    assert window.services.till.verify_journal().ok


def test_a_ticket_without_payment_is_simply_abandoned(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1003)
    tap(qtbot, window.till.cancel_ticket_button)
    tap(qtbot, window.till.confirm_box.button(QMessageBox.StandardButton.Yes))
    assert not window.till.draft.lines and window.services.till.list_tickets() == []


def test_quitting_with_a_ticket_in_progress_asks_first(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1003)
    take_cash(qtbot, window.till, "5")
    window.till.payment_dialog.close()
    window.quit_action.trigger()
    box = window.quit_box
    assert window.isVisible() and box.isVisible() and "ticket annulé" in box.text()
    tap(qtbot, box.button(QMessageBox.StandardButton.No))
    assert window.isVisible() and window.till.draft.till_payments
    window.quit_action.trigger()
    tap(qtbot, window.quit_box.button(QMessageBox.StandardButton.Yes))
    assert window.isVisible(), "quitting cancels a ticket with payments: a manager's PIN first"
    give_manager_pin(qtbot, window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    tickets = window.services.till.list_tickets()
    assert len(tickets) == 1 and tickets[0].cancelled


def test_annuler_les_reglements_keeps_what_was_paid_online(qtbot, window):
    from decimal import Decimal

    from kezia_desk.domain.money import Money
    from kezia_desk.domain.ticket import TicketDraft, TicketLine

    open_till(qtbot, window)
    till = window.till
    draft = TicketDraft(web_order_id="ord-1", caption="Commande de Zoé Martin, code 427")
    draft.add_line(TicketLine("Regina Moyenne", Money.of("12.00"), Decimal(1), Decimal("10"), 1012))
    draft.add_payment(PaymentMethod.ONLINE, Money.of("5.00"), "Payé en ligne (CB en ligne)")
    till.load_draft(draft)
    dialog = take_cash(qtbot, till, "2")
    assert [p.method for p in draft.payments] == [PaymentMethod.ONLINE, PaymentMethod.CASH]
    tap(qtbot, dialog.clear_payments_button)
    assert [p.display_label for p in draft.payments] == ["Payé en ligne (CB en ligne)"]
    assert not dialog.clear_payments_button.isEnabled()
    qtbot.mouseClick(dialog.clear_payments_button, Qt.MouseButton.LeftButton)  # a second tap: disabled, nothing
    assert [p.display_label for p in draft.payments] == ["Payé en ligne (CB en ligne)"]
    assert "Payé en ligne (CB en ligne) : 5,00" in dialog.payments_label.text()
