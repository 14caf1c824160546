"""Cancelling a ticket after money was taken: the question and the message say what the journal holds (the money
taken at the till), never the ticket's total nor an amount paid online before it."""
from __future__ import annotations

from decimal import Decimal

from kd_fixtures.sellers import give_manager_pin
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine


def take_cash_and_close(qtbot, till, amount: str) -> None:
    tap(qtbot, till.payment_buttons[PaymentMethod.CASH])
    dialog = till.payment_dialog
    type_on_keypad(qtbot, dialog.keypad, amount)
    tap(qtbot, dialog.validate_button)
    tap(qtbot, dialog.close_button)


def test_one_euro_taken_on_a_13_euro_ticket_says_one_euro(qtbot, window):
    open_till(qtbot, window)
    till = window.till
    tap_article(qtbot, window, 1003)  # 13,00
    take_cash_and_close(qtbot, till, "1")
    tap(qtbot, till.cancel_ticket_button)
    assert "encaissés en caisse sur ce ticket (1,00\u00a0€)" in till.confirm_box.text()
    tap(qtbot, till.confirm_box.button(QMessageBox.StandardButton.Yes))
    give_manager_pin(qtbot, window)  # cancelling a ticket with payments is a manager's (the rights gate)
    qtbot.waitUntil(lambda: "annulé" in till.message.text())
    journal = window.services.till.list_tickets()[0]
    assert [p.amount for p in journal.payments] == [Money.of("1.00")]
    assert till.message.text() == (f"Ticket n° {journal.number} enregistré comme annulé "
                                   "(encaissé en caisse : 1,00\u00a0€).")


def test_an_invoice_ticket_does_not_count_what_was_paid_online(qtbot, window):
    open_till(qtbot, window)
    till = window.till
    draft = TicketDraft(web_order_id="ord-1", caption="Commande de Zoé Martin, code 427")
    draft.add_line(TicketLine("Regina Moyenne", Money.of("22.00"), Decimal(1), Decimal("10"), 1012))
    draft.add_payment(PaymentMethod.ONLINE, Money.of("20.00"), "Payé en ligne (CB en ligne)")
    till.load_draft(draft)
    take_cash_and_close(qtbot, till, "1")
    tap(qtbot, till.cancel_ticket_button)
    text = till.confirm_box.text()
    assert "encaissés en caisse sur ce ticket (1,00\u00a0€ ; 20,00\u00a0€ payés avant la caisse" in text
    assert "21,00" not in text
    tap(qtbot, till.confirm_box.button(QMessageBox.StandardButton.Yes))
    give_manager_pin(qtbot, window)  # cancelling a ticket with payments is a manager's (the rights gate)
    qtbot.waitUntil(lambda: "annulé" in till.message.text())
    assert "encaissé en caisse : 1,00\u00a0€" in till.message.text()
