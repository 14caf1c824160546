"""Changer de vendeur in the middle of a ticket asks whose ticket it is, instead of silently recording the whole
ticket under the new seller."""
from __future__ import annotations

from kd_fixtures.till import open_till, tap, tap_article
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.ticket import PaymentMethod


def change_seller(qtbot, window, name: str):
    tap(qtbot, window.till.change_seller_button)
    tap(qtbot, window.seller_screen.button_for(name))


def pay_by_card(qtbot, window):
    till = window.till
    tap(qtbot, till.payment_buttons[PaymentMethod.CARD])
    tap(qtbot, till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not None)
    return till.last_closed


def test_yes_records_the_ticket_under_the_new_seller_and_says_so(qtbot, window):
    open_till(qtbot, window, "Karim")
    tap_article(qtbot, window, 1003)
    change_seller(qtbot, window, "Léa")
    box = window.till.seller_box
    assert box.isVisible() and "commencé par Karim" in box.text() and "au nom de Léa" in box.text()
    tap(qtbot, box.button(QMessageBox.StandardButton.Yes))
    assert window.till.message.text() == "Le ticket en cours sera enregistré au nom de Léa."
    assert window.till.seller_label.full_text() == "Vendeur : Léa"
    assert pay_by_card(qtbot, window).seller_name == "Léa"


def test_no_keeps_the_ticket_with_the_seller_who_started_it(qtbot, window):
    open_till(qtbot, window, "Karim")
    tap_article(qtbot, window, 1003)
    change_seller(qtbot, window, "Léa")
    tap(qtbot, window.till.seller_box.button(QMessageBox.StandardButton.No))
    assert "reste au nom de Karim" in window.till.message.text()
    assert window.till.seller_label.full_text() == "Vendeur : Karim"
    assert pay_by_card(qtbot, window).seller_name == "Karim"


def test_an_empty_ticket_changes_seller_without_a_question(qtbot, window):
    open_till(qtbot, window, "Karim")
    change_seller(qtbot, window, "Léa")
    assert window.till.seller_box is None
    assert window.till.seller_label.full_text() == "Vendeur : Léa"
