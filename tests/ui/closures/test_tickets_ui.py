"""Tickets: searched by day, number, seller, amount or article; a ticket's detail with its fiscal block; a refund
made by a manager (PIN, lines returned, method), linked to the sale, which stays as it was."""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad

from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod


def sell(qtbot, window, *idarts):
    till = window.till
    for idart in idarts:
        tap_article(qtbot, window, idart)
    before = till.last_closed
    tap(qtbot, till.payment_buttons[PaymentMethod.CARD])
    tap(qtbot, till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not before)
    return till.last_closed


def open_tickets(qtbot, window):
    window.show_home()
    tap(qtbot, window.home.tickets_button)
    screen = window.closures_ui.tickets
    assert window.current_screen() is screen
    return screen


def search(qtbot, screen, field, text):
    screen.clear_search()
    qtbot.keyClicks(getattr(screen, field), text)
    tap(qtbot, screen.search_button)
    return [int(screen.table.item(r, 0).text()) for r in range(screen.table.rowCount())]


@pytest.mark.screenshot
def test_search_detail_and_a_refund(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    open_till(qtbot, window, "Karim")
    first = sell(qtbot, window, 1003, 2001, 2001)  # 13,00 + 2 × 2,50
    window.show_home()
    open_till(qtbot, window, "Léa")
    second = sell(qtbot, window, 1012)
    screen = open_tickets(qtbot, window)
    assert screen.table.rowCount() == 2 and screen.table.item(0, 0).text() == str(second.number)
    assert search(qtbot, screen, "seller_edit", "Karim") == [first.number]
    assert search(qtbot, screen, "article_edit", "coca") == [first.number]
    assert search(qtbot, screen, "amount_edit", "18,00") == [first.number]
    assert search(qtbot, screen, "number_edit", str(second.number)) == [second.number]
    assert search(qtbot, screen, "day_edit", first.closed_at.strftime("%d/%m/%Y")) == [second.number, first.number]
    search(qtbot, screen, "day_edit", "31/02/2026")
    assert screen.message.text() == "Jour illisible : tapez une date comme 05/12/2026."
    search(qtbot, screen, "number_edit", str(first.number))
    screen.table.selectRow(0)
    text = screen.detail.toPlainText()
    assert "Vente n° " in text and f"Ticket n° {first.number}" in text and "Signature : " in text
    assert "avant signature" not in text
    # Retour / avoir: PIN, one Coca back, paid back in cash.
    tap(qtbot, screen.refund_button)
    type_on_keypad(qtbot, screen.pin_dialog.keypad, "1234")
    tap(qtbot, screen.pin_dialog.ok_button)
    dialog = screen.refund_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    coca = next(i for i, line in enumerate(first.lines) if line.idart == 2001)
    tap(qtbot, dialog.plus_buttons[coca])
    tap(qtbot, dialog.method_buttons[PaymentMethod.CASH])
    assert dialog.total_label.text() == "À rembourser : 2,50\u00a0€ (Espèces)"
    shot(dialog, "refund.png")
    tap(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert screen.message.text().startswith("Avoir n° ") and "2,50\u00a0€ rendus (Espèces)" in screen.message.text()
    history = kezia.services.ticket_history
    [refund] = history.refunds_of(first.number)
    assert refund.total == Money.of("-2.50") and refund.refund_of == first.number
    assert [(p.method, p.amount) for p in refund.payments] == [(PaymentMethod.CASH, Money.of("-2.50"))]
    assert history.get(first.number).total == first.total, "the original is never changed"
    assert history.returnable(history.get(first.number))[coca] == 1
    assert f"Avoir n° {refund.number} (retour du ticket n° {first.number})" in screen.detail.toPlainText()
    shot(window, "tickets.png")
    assert kezia.services.till.verify_journal().ok
    x = kezia.services.closures.reading_x().figures
    assert (x.refund_count, x.refund_cents, x.by_payment["especes"]) == (1, 250, -250)


def test_a_refund_needs_the_manager_pin(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    open_till(qtbot, window, "Karim")
    sale = sell(qtbot, window, 1003)
    screen = open_tickets(qtbot, window)
    screen.table.selectRow(0)
    tap(qtbot, screen.refund_button)
    assert not screen.refund_button.isEnabled(), "a double tap asks once"
    type_on_keypad(qtbot, screen.pin_dialog.keypad, "9999")
    tap(qtbot, screen.pin_dialog.ok_button)
    assert screen.pin_dialog.isVisible() and "Code gérant erroné" in screen.pin_dialog.message.text()
    tap(qtbot, screen.pin_dialog.cancel_button)
    assert screen.refund_dialog is None and kezia.services.ticket_history.refunds_of(sale.number) == []
    assert screen.refund_button.isEnabled()
