"""The till's bad inputs and ticket editing: French messages, and the draft never loses anything."""
from __future__ import annotations

from decimal import Decimal

import pytest
from kd_fixtures.fakes import FakeCatalog, FakeTill
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.seller import Seller
from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.store.database import StoreError
from kezia_desk.ui.till.till_screen import TillScreen


@pytest.fixture
def till(qtbot, window):
    open_till(qtbot, window, "Thomas")
    return window.till


def quantities(till) -> list[Decimal]:
    return [line.quantity for line in till.draft.lines]


def test_tapping_the_same_product_twice_merges_the_line_and_options_have_their_own_category(qtbot, window, till):
    tap_article(qtbot, window, 1001)
    tap_article(qtbot, window, 1001)
    assert quantities(till) == [2]
    assert "Suppléments" in till.products.category_buttons
    tap(qtbot, till.products.category_buttons["Suppléments"])
    assert till.products.current_category() == "Suppléments"
    tap(qtbot, till.products.button_for(4001))
    assert [line.idart for line in till.draft.lines] == [1001, 4001]
    assert till.total_label.text() == "Total TTC : 18,00\u00a0€"


def test_non_numeric_quantity_is_refused_in_french_and_nothing_is_lost(qtbot, window, till):
    tap_article(qtbot, window, 1101)
    till.select_row(0)
    tap(qtbot, till.quantity_button)
    dialog = till.quantity_dialog
    assert dialog.isVisible()
    dialog.keypad.display.selectAll()
    qtbot.keyClicks(dialog.keypad.display, "abc")
    tap(qtbot, dialog.ok_button)
    assert dialog.isVisible(), "the keypad stays open on a bad quantity"
    assert dialog.message.text() == "Quantité invalide : « abc »."
    assert quantities(till) == [1]
    tap(qtbot, dialog.keypad.keys["C"])
    type_on_keypad(qtbot, dialog.keypad, "0")
    tap(qtbot, dialog.ok_button)
    assert dialog.message.text() == "La quantité doit être supérieure à zéro."
    tap(qtbot, dialog.keypad.keys["C"])
    type_on_keypad(qtbot, dialog.keypad, "3")
    tap(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert quantities(till) == [3]
    assert till.total_label.text() == "Total TTC : 29,70\u00a0€"


def test_plus_minus_and_remove_line(qtbot, window, till):
    tap_article(qtbot, window, 1104)
    tap_article(qtbot, window, 2003)
    till.select_row(0)
    tap(qtbot, till.plus_button)
    assert quantities(till) == [2, 1]
    tap(qtbot, till.minus_button)
    tap(qtbot, till.minus_button)
    assert quantities(till) == [1, 1], "quantity never drops to zero"
    assert "supérieure à zéro" in till.message.text() and till.message.level == "error"
    tap(qtbot, till.remove_button)
    assert [line.idart for line in till.draft.lines] == [2003]
    assert till.total_label.text() == "Total TTC : 1,80\u00a0€"


def test_line_actions_without_selection_ask_for_one(qtbot, till):
    tap(qtbot, till.quantity_button)
    assert till.message.text() == "Sélectionnez d'abord une ligne du ticket."
    assert till.quantity_dialog is None


def test_empty_ticket_cannot_be_paid(qtbot, window, till):
    tap(qtbot, till.payment_buttons[PaymentMethod.CASH])
    assert till.payment_dialog is None
    assert till.message.text() == "Le ticket est vide : ajoutez un article avant d'encaisser."
    assert window.services.till.list_tickets() == []


def test_card_cannot_exceed_what_remains_and_bad_amounts_are_explained(qtbot, window, till):
    tap_article(qtbot, window, 1003)  # 13,00
    tap(qtbot, till.payment_buttons[PaymentMethod.CARD])
    dialog = till.payment_dialog
    assert dialog.quick_buttons == [], "quick banknote amounts are for cash only"
    type_on_keypad(qtbot, dialog.keypad, "20")
    tap(qtbot, dialog.validate_button)
    assert "ne peut pas dépasser le reste dû" in dialog.message.text()
    tap(qtbot, dialog.keypad.keys["C"])
    qtbot.keyClicks(dialog.keypad.display, "1,234")
    tap(qtbot, dialog.validate_button)
    assert dialog.message.text() == "Un montant a au plus deux décimales (les centimes)."
    tap(qtbot, dialog.keypad.keys["C"])
    qtbot.keyClicks(dialog.keypad.display, "douze")
    tap(qtbot, dialog.validate_button)
    assert dialog.message.text().startswith("Montant invalide : « douze »")
    assert till.draft.payments == [] and dialog.isVisible()
    tap(qtbot, dialog.close_button)
    assert [line.idart for line in till.draft.lines] == [1003]


def test_lines_are_frozen_once_a_payment_is_entered_until_payments_are_cancelled(qtbot, window, till):
    tap_article(qtbot, window, 1002)  # 10,50
    tap(qtbot, till.payment_buttons[PaymentMethod.CHEQUE])
    dialog = till.payment_dialog
    type_on_keypad(qtbot, dialog.keypad, "5")
    tap(qtbot, dialog.validate_button)
    tap(qtbot, dialog.close_button)
    assert "Réglé : Chèque 5,00\u00a0€ — reste 5,50\u00a0€" == till.payments_label.text()
    tap_article(qtbot, window, 1002)
    assert quantities(till) == [1] and "annulez-les" in till.message.text()
    tap(qtbot, till.payment_buttons[PaymentMethod.CASH])
    dialog = till.payment_dialog
    assert dialog.remaining_label.text() == "Reste dû : 5,50\u00a0€"
    tap(qtbot, dialog.clear_payments_button)
    tap(qtbot, dialog.close_button)
    assert till.draft.payments == []
    tap_article(qtbot, window, 1002)
    assert quantities(till) == [2]


def test_cancel_ticket_asks_first(qtbot, window, till):
    tap_article(qtbot, window, 3002)
    tap(qtbot, till.cancel_ticket_button)
    box = till.confirm_box
    tap(qtbot, box.button(QMessageBox.StandardButton.No))
    assert quantities(till) == [1]
    tap(qtbot, till.cancel_ticket_button)
    tap(qtbot, till.confirm_box.button(QMessageBox.StandardButton.Yes))
    assert till.draft.lines == []


def test_storage_failure_keeps_the_paid_ticket_and_a_retry_records_it(qtbot):
    """Widget unit test: the database refusal is simulated by the fake till (a real one cannot be forced)."""
    till_service = FakeTill()
    till_service.fail_with = StoreError("La base de données est occupée par un autre programme.")
    screen = TillScreen(FakeCatalog(), till_service)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    screen.set_seller(Seller(2, "Karim"))
    tap(qtbot, screen.products.category_buttons["Boissons"])
    tap(qtbot, screen.products.button_for(2004))
    tap(qtbot, screen.payment_buttons[PaymentMethod.CASH])
    type_on_keypad(qtbot, screen.payment_dialog.keypad, "5")
    tap(qtbot, screen.payment_dialog.validate_button)
    assert screen.message.text() == "La base de données est occupée par un autre programme."
    assert screen.error_box.isVisible() and screen.error_box.text() == screen.message.text()
    assert [line.idart for line in screen.draft.lines] == [2004] and screen.draft.is_settled
    tap(qtbot, screen.error_box.button(QMessageBox.StandardButton.Ok))
    till_service.fail_with = None
    tap(qtbot, screen.payment_buttons[PaymentMethod.CASH])  # retry: no second payment asked
    assert len(till_service.closed) == 1
    assert till_service.closed[0].change_due.amount == Decimal("1.50")
    assert screen.message.text() == "Ticket n° 1 enregistré — rendu 1,50\u00a0€"
    assert screen.draft.lines == []
