"""The cashier's day, driven through the real window and the real till services on a temporary database."""
from __future__ import annotations

from decimal import Decimal

from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtCore import Qt

from kezia_desk.domain.journal import GENESIS_HASH
from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod


def test_home_shows_the_three_big_buttons_and_the_hubrise_status(window):
    labels = [window.home.till_button.text(), window.home.orders_button.text(), window.home.articles_button.text()]
    assert labels == ["CAISSE", "COMMANDES", "ARTICLES"]
    assert window.home.till_button.height() >= 150
    assert window.hubrise_status.text() == "HubRise : non connecté"
    window.hubrise_status.set_link_state("HubRise : connecté", "ok")
    assert (window.hubrise_status.text(), window.hubrise_status.level) == ("HubRise : connecté", "ok")


def test_caisse_leads_to_seller_grid_with_managers_marked(qtbot, window):
    tap(qtbot, window.home.till_button)
    assert window.current_screen() is window.seller_screen
    sellers = window.services.sellers.list_sellers()
    assert len(window.seller_screen.seller_buttons) == len([s for s in sellers if s.active])
    for seller in sellers:
        text = window.seller_screen.seller_buttons[seller.id].text()
        assert seller.name in text
        assert ("Responsable" in text) == seller.is_manager


def test_sale_paid_cash_with_change_is_recorded_with_seller_total_and_chained_hash(qtbot, window):
    open_till(qtbot, window, "Karim")
    assert "Karim" in window.till.seller_label.text()
    assert window.current_seller.name == "Karim"
    tap_article(qtbot, window, 1022)  # Quatre fromages Moyenne 12,50
    tap_article(qtbot, window, 2001)  # Coca-Cola 2,50
    tap_article(qtbot, window, 2001)
    tap_article(qtbot, window, 3001)  # Tiramisu 4,50
    assert window.till.model.rowCount() == 3
    assert window.till.total_label.text() == "Total TTC : 22,00\u00a0€"
    assert "TVA 5,5 %" in window.till.vat_label.text() and "TVA 10 %" in window.till.vat_label.text()

    tap(qtbot, window.till.payment_buttons[PaymentMethod.CASH])
    dialog = window.till.payment_dialog
    assert dialog.isVisible() and dialog.method is PaymentMethod.CASH
    amounts = [button.text() for button in dialog.quick_buttons]
    assert amounts == ["Exact 22,00\u00a0€", "25,00\u00a0€", "30,00\u00a0€", "40,00\u00a0€", "50,00\u00a0€"]
    type_on_keypad(qtbot, dialog.keypad, "50")
    assert dialog.change_label.text() == "Rendu : 28,00\u00a0€"
    tap(qtbot, dialog.validate_button)

    assert not dialog.isVisible()
    assert window.till.model.rowCount() == 0, "a new ticket starts once the sale is recorded"
    closed = window.till.last_closed
    assert window.till.message.text() == f"Ticket n° {closed.number} enregistré — rendu 28,00\u00a0€"
    stored = window.services.till.get_ticket(closed.number)
    assert stored.total == Money.of("22.00")
    assert stored.change_due == Money.of("28.00")
    assert stored.seller_name == "Karim" and stored.seller_id == window.current_seller.id
    assert [(line.idart, line.quantity) for line in stored.lines] == [(1022, 1), (2001, 2), (3001, 1)]
    assert [(p.method, p.amount) for p in stored.payments] == [(PaymentMethod.CASH, Money.of("50.00"))]
    assert stored.previous_hash == GENESIS_HASH and len(stored.entry_hash) == 64
    assert window.services.till.verify_journal().ok


def test_second_ticket_chains_on_the_first_and_split_payment_settles(qtbot, window):
    open_till(qtbot, window, "Léa")
    for idart in (1101, 1104):  # 9,90 + 3,00 = 12,90
        tap_article(qtbot, window, idart)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CARD])
    tap(qtbot, window.till.payment_dialog.validate_button)
    first = window.till.last_closed

    tap_article(qtbot, window, 1013)  # 14,50
    tap(qtbot, window.till.payment_buttons[PaymentMethod.MEAL_VOUCHER])
    dialog = window.till.payment_dialog
    type_on_keypad(qtbot, dialog.keypad, "10")
    tap(qtbot, dialog.validate_button)
    assert dialog.isVisible(), "a partial payment keeps the dialog open"
    assert dialog.remaining_label.text() == "Reste dû : 4,50\u00a0€"
    tap(qtbot, dialog.method_buttons[PaymentMethod.CARD])
    tap(qtbot, dialog.validate_button)
    second = window.till.last_closed
    assert second.number == first.number + 1
    assert window.till.message.text() == f"Ticket n° {second.number} enregistré"
    stored = window.services.till.get_ticket(second.number)
    assert stored.previous_hash == window.services.till.get_ticket(first.number).entry_hash
    assert [(p.method, p.amount.amount) for p in stored.payments] == [
        (PaymentMethod.MEAL_VOUCHER, Decimal("10.00")), (PaymentMethod.CARD, Decimal("4.50"))]
    assert window.services.till.verify_journal().ok


def test_f3_on_home_opens_orders_in_progress_whatever_has_the_focus(qtbot, window):
    opened: list[str] = []
    window.register_screen_opener("orders_in_progress", lambda: opened.append("en cours"))
    window.home.articles_button.setFocus()
    qtbot.keyClick(window.home.articles_button, Qt.Key.Key_F3)
    assert opened == ["en cours"]
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert opened == ["en cours", "en cours"]


def test_f3_uses_the_registered_screen_and_does_nothing_on_the_till(qtbot, window):
    opened: list[str] = []
    window.register_screen_opener("orders_in_progress", lambda: opened.append("en cours"))
    qtbot.keyClick(window.home.till_button, Qt.Key.Key_F3)
    assert opened == ["en cours"]
    open_till(qtbot, window)
    qtbot.keyClick(window.till.home_button, Qt.Key.Key_F3)
    assert opened == ["en cours"]


def test_menu_entries_and_action_keys_open_their_screens(qtbot, demo_app):
    window = demo_app.window
    window.orders_in_progress_action.trigger()
    assert window.current_screen() is window.till_orders_ui.screen
    window.web_settings_action.trigger()
    assert window.web_settings_ui.pin_dialog.isVisible()
    window.web_settings_ui.pin_dialog.reject()
    window.show_home()
    tap(qtbot, window.home.orders_button)
    assert window.current_screen() is window.till_orders_ui.form
    window.show_home()
    open_till(qtbot, window)
    tap(qtbot, window.till.web_orders_button)
    assert window.current_screen() is window.web_orders_ui.screen
    window.show_till()
    tap(qtbot, window.till.web_settings_button)
    assert window.web_settings_ui.pin_dialog.isVisible()


def test_a_failing_registered_screen_shows_a_french_message(qtbot, window):
    def broken() -> None:
        raise RuntimeError("boom")

    window.register_screen_opener("web_orders", broken)
    window.open_web_orders()  # must not raise
    assert window.isVisible()
    assert window.error_box.isVisible()
    assert window.error_box.text() == "« Commandes Web » n'a pas pu être ouvert."
    window.error_box.close()
    window.open_web_settings()  # never registered on this bare window: the same French message, no crash
    assert window.error_box.text() == "« Paramètres Web » n'a pas pu être ouvert."
