"""The screens the user guide (docs/guide/) shows and no other test shoots, driven as a cashier or a manager does.

Each test checks what the guide says about its screen (the names of its buttons, what it shows), then saves it when
KEZIA_SHOTS is set: `bash docs/make-screenshots.sh` regenerates every picture of the guide from the real app.
"""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.sellers import give_manager_pin
from kd_fixtures.settings import type_pin
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from kezia_desk.domain.ticket import PaymentMethod

pytestmark = pytest.mark.screenshot
LEFT = Qt.MouseButton.LeftButton


def button_named(dialog: QWidget, text: str) -> QPushButton:
    """The dialog's button that shows `text` (as the cashier finds it)."""
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text and b.isVisible())


def test_home_screen_offers_the_three_keys_and_says_hubrise_is_connected(qtbot, connected, live_sandbox):
    kezia = connected()
    window = kezia.window
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    qtbot.waitUntil(lambda: "connecté (relève" in window.hubrise_status.full_text(), timeout=5000)
    assert window.current_screen() is window.home
    assert [b.text() for b in (window.home.till_button, window.home.orders_button, window.home.articles_button)] \
        == ["CAISSE", "COMMANDES", "ARTICLES"]
    shot(window, "home.png")


def test_seller_choice_then_a_ticket_with_its_vat_and_the_quantity_keypad(qtbot, window):
    tap(qtbot, window.home.till_button)
    assert window.current_screen() is window.seller_screen
    assert window.seller_screen.button_for("Karim") is not None
    shot(window, "seller.png")
    tap(qtbot, window.seller_screen.button_for("Karim"))
    assert window.current_screen() is window.till
    till = window.till
    for idart in (1102, 4001, 1104, 2001, 2001, 3001):
        tap_article(qtbot, window, idart)
    assert "Total TTC" in till.total_label.text()
    shot(window, "till.png")
    tap(qtbot, till.quantity_button)
    dialog = till.quantity_dialog
    assert dialog is not None and dialog.isVisible()
    type_on_keypad(qtbot, dialog.keypad, "2")
    assert dialog.keypad.display.text() == "2", "the first key replaces the selected quantity"
    shot(dialog, "till_quantity.png")
    tap(qtbot, dialog.ok_button)
    assert till.draft.lines[-1].quantity == 2


def test_cash_payment_shows_the_change_before_it_is_validated(qtbot, window):
    open_till(qtbot, window, "Karim")
    till = window.till
    tap_article(qtbot, window, 1002)  # Margherita Moyenne
    tap_article(qtbot, window, 2001)  # Coca-Cola
    tap(qtbot, till.payment_buttons[PaymentMethod.CASH])
    dialog = till.payment_dialog
    assert dialog is not None and dialog.quick_buttons, "cash offers quick amounts"
    type_on_keypad(qtbot, dialog.keypad, "20")
    assert dialog.change_label.text().startswith("Rendu : 7,00")
    shot(dialog, "payment_cash.png")
    tap(qtbot, dialog.validate_button)
    qtbot.waitUntil(lambda: len(window.services.till.list_tickets()) == 1, timeout=3000)
    assert window.services.till.list_tickets()[0].total.format_fr().startswith("13,00")


def test_articles_list_and_the_new_article_form(qtbot, window):
    tap(qtbot, window.home.articles_button)
    screen = window.articles
    assert window.current_screen() is screen and screen.table.model().rowCount() > 20
    shot(window, "articles.png")
    tap(qtbot, screen.new_button)
    give_manager_pin(qtbot, window)  # changing articles and prices is a manager's right
    dialog = screen.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Nouvel article"
    shot(dialog, "article_dialog.png")
    tap(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()


def test_accept_and_refuse_ask_their_question(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    order = live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
    tap(qtbot, ui.alert.ack_button)  # « J'ai vu »
    window.open_web_orders()
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 1, timeout=3000)
    ui.screen.select_order(ui.screen.model.orders[0].local_id)
    tap(qtbot, ui.screen.accept_button)
    accept = ui.controller.dialog
    assert sorted(accept.buttons) == [0, 10, 20, 30]
    shot(accept, "accept_dialog.png")
    tap(qtbot, button_named(accept, "Annuler"))
    tap(qtbot, ui.screen.reject_button)
    refuse = ui.controller.dialog
    assert refuse.reason_buttons[0].text() == "Rupture de stock"
    shot(refuse, "refuse_dialog.png")
    tap(qtbot, button_named(refuse, "Annuler"))
    assert live_sandbox.sandbox.order(order["id"])["status"] in ("new", "received")


def test_web_settings_ask_the_manager_pin_then_the_platform(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    ui = window.web_settings_ui
    open_till(qtbot, window, "Karim")
    tap(qtbot, window.till.web_settings_button)
    qtbot.waitUntil(lambda: ui.pin_dialog is not None and ui.pin_dialog.isVisible(), timeout=2000)
    qtbot.keyClicks(ui.pin_dialog.keypad.display, "12")
    shot(ui.pin_dialog, "settings_pin.png")
    type_pin(qtbot, ui.pin_dialog, "1234")
    qtbot.waitUntil(lambda: ui.platform_dialog is not None and ui.platform_dialog.isVisible(), timeout=2000)
    assert ui.platform_dialog.hubrise_button.text() == "HubRise"
    shot(ui.platform_dialog, "settings_platform.png")
    tap(qtbot, ui.platform_dialog.cancel_button)


def test_new_customer_form_of_commandes(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    tap(qtbot, window.home.orders_button)
    form = window.till_orders_ui.form
    tap(qtbot, form.new_customer_button)
    dialog = form.customer_dialog
    for key, text in (("first_name", "Nadia"), ("last_name", "Benali"), ("phone", "06 11 11 22 22")):
        qtbot.keyClicks(dialog.inputs[key], text)
    shot(dialog, "customer_dialog.png")
    tap(qtbot, dialog.ok_button)
    assert "Nadia Benali" in form.customer_label.text()
