"""Facturer, Autre statut and Prendre en charge driven as a cashier taps them, against the sandbox over loopback."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.ticket import PaymentMethod

LEFT = Qt.MouseButton.LeftButton
PAID_COLUMN = 6


def payload(name="Zoé", online=None):
    body = {"status": "new", "service_type": "collection", "expected_time": "2030-01-05T19:30:00+01:00",
            "collection_code": "427", "customer": {"first_name": name, "last_name": "Martin"},
            "items": [{"product_name": "Regina", "sku_name": "Moyenne", "sku_ref": "1012", "price": "12.00 EUR",
                       "quantity": "1"},
                      {"product_name": "Coca-Cola", "sku_ref": "2001", "price": "2.50 EUR", "quantity": "1"},
                      {"product_name": "Tiramisu", "sku_ref": "3001", "price": "4.50 EUR", "quantity": "1"}]}
    if online:
        body["payments"] = [{"name": "CB en ligne", "ref": "CB", "type": "online", "amount": f"{online} EUR"}]
    return body


def start(qtbot, connected):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    kezia.window.show_seller_choice()
    kezia.window.choose_seller(kezia.services.sellers.list_sellers()[1])
    return kezia


def receive(qtbot, kezia, sandbox, body):
    placed = sandbox.place_shop_order(body)
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in web.list_orders()), timeout=8000)
    order = next(o for o in web.list_orders() if o.hubrise_id == placed["id"])
    qtbot.waitUntil(lambda: web.get_order(order.local_id).status is OrderStatus.RECEIVED, timeout=5000)
    kezia.window.web_orders_ui.alert.hide()
    return order


def tap(qtbot, widget):
    qtbot.mouseClick(widget, LEFT)


def test_facturer_accepts_first_then_one_sale_the_order_paid_everywhere(qtbot, connected, live_sandbox):
    kezia = start(qtbot, connected)
    window, sandbox = kezia.window, live_sandbox.sandbox
    ui = window.web_orders_ui
    order = receive(qtbot, kezia, sandbox, payload(online="5.00"))
    window.till.message.show_error("message du ticket précédent")
    ui.open_list()
    assert ui.screen.select_order(order.local_id)
    tap(qtbot, ui.screen.invoice_button)
    # Not accepted yet: the usual time choice comes first, then the till.
    accept_dialog = ui.controller.dialog
    assert accept_dialog.isVisible() and window.current_screen() is not window.till
    tap(qtbot, accept_dialog.buttons[10])
    qtbot.waitUntil(lambda: sandbox.order(order.hubrise_id)["status"] == "accepted", timeout=5000)
    till = window.till
    assert window.current_screen() is till and till.invoice_local_id == order.local_id
    assert till.message.text() == "Commande de Zoé Martin, code 427 : encaissez-la."
    assert till.draft.total == Money.of("19.00") and till.draft.remaining == Money.of("14.00")
    assert "Payé en ligne (CB en ligne) 5,00" in till.payments_label.text()
    tap(qtbot, till.payment_buttons[PaymentMethod.CARD])
    dialog = till.payment_dialog
    tap(qtbot, dialog.validate_button)
    tap(qtbot, dialog.validate_button)  # a hurried second tap
    qtbot.waitUntil(lambda: till.last_closed is not None, timeout=3000)
    assert till.message.text() == "Ticket n° 1 enregistré, commande payée"
    assert [t.number for t in kezia.services.till.list_tickets()] == [1]
    # HubRise has the payment once, with its marker; the order stays « Acceptée » (Après facturation: inchangé).
    qtbot.waitUntil(lambda: len(sandbox.order(order.hubrise_id)["payments"]) == 2, timeout=5000)
    till_payment = sandbox.order(order.hubrise_id)["payments"][1]
    assert till_payment["ref"] == "ticket-1" and till_payment["amount"] == "14.00 EUR"
    ui.open_list()
    tap(qtbot, ui.screen.tab_buttons["en_cours"])
    row = next(r for r, o in enumerate(ui.screen.model.orders) if o.local_id == order.local_id)
    assert ui.screen.model.index(row, PAID_COLUMN).data() == "Oui"
    assert kezia.services.web_orders.get_order(order.local_id).status is OrderStatus.ACCEPTED
    # Facturer again: refused, nothing loaded, nothing recorded.
    ui.screen.select_order(order.local_id)
    ui.controller.invoice(order.local_id)
    assert not till.draft.lines and len(kezia.services.till.list_tickets()) == 1


def test_facturer_tapped_twice_loads_the_order_once(qtbot, connected, live_sandbox):
    kezia = start(qtbot, connected)
    ui = kezia.window.web_orders_ui
    order = receive(qtbot, kezia, live_sandbox.sandbox, payload())
    kezia.services.order_actions.accept(order.local_id, kezia.services.sellers.list_sellers()[1], 0)
    ui.open_list()
    tap(qtbot, ui.screen.tab_buttons["en_cours"])
    assert ui.screen.select_order(order.local_id)
    tap(qtbot, ui.screen.invoice_button)
    till = kezia.window.till
    draft = till.draft
    assert kezia.window.current_screen() is till and draft.total == Money.of("19.00")
    kezia.window.web_orders_ui.open_list()
    ui.screen.select_order(order.local_id)
    tap(qtbot, ui.screen.invoice_button)
    assert till.draft is draft and till.replace_box is None
    assert "déjà à la caisse" in till.message.text()


def test_facturer_asks_before_replacing_a_ticket_in_progress(qtbot, connected, live_sandbox):
    kezia = start(qtbot, connected)
    window = kezia.window
    order = receive(qtbot, kezia, live_sandbox.sandbox, payload())
    kezia.services.order_actions.accept(order.local_id, kezia.services.sellers.list_sellers()[1], 0)
    window.till.add_article(kezia.services.catalog.get(2001))
    window.web_orders_ui.controller.invoice(order.local_id)
    box = window.till.replace_box
    assert box.isVisible() and "Un ticket est en cours (2,50" in box.text()
    tap(qtbot, box.button(QMessageBox.StandardButton.No))
    assert window.till.draft.total == Money.of("2.50")
    window.web_orders_ui.controller.invoice(order.local_id)
    tap(qtbot, window.till.replace_box.button(QMessageBox.StandardButton.Yes))
    assert window.till.invoice_local_id == order.local_id and window.till.draft.total == Money.of("19.00")


def test_autre_statut_applies_every_status_forward_and_backward(qtbot, connected, live_sandbox):
    kezia = start(qtbot, connected)
    ui = kezia.window.web_orders_ui
    order = receive(qtbot, kezia, live_sandbox.sandbox, payload())
    detail = ui.open_detail(order.local_id)
    assert detail.status_combo.currentData() == "received"  # starts on the order's status
    web, actions = kezia.services.web_orders, kezia.services.order_actions
    # (status, whether it goes backwards): the whole flow forward, then back from a final status and onwards.
    steps = [("accepted", False), ("in_preparation", False), ("awaiting_shipment", False),
             ("awaiting_collection", False), ("in_delivery", False), ("completed", False), ("in_delivery", True),
             ("accepted", True), ("new", True), ("rejected", False), ("received", True), ("cancelled", False),
             ("delivery_failed", True)]
    assert {value for value, _ in steps} == {status.value for status in OrderStatus}
    for value, backwards in steps:
        target = OrderStatus(value)
        asks = actions.needs_confirmation(order.local_id, target) is not None
        assert asks == backwards
        detail.status_combo.setCurrentIndex(detail.status_combo.findData(value))
        tap(qtbot, detail.status_button)
        if asks:
            box = ui.controller.dialog
            assert isinstance(box, QMessageBox) and "revient en arrière" in box.text()
            tap(qtbot, box.button(QMessageBox.StandardButton.Yes))
        qtbot.waitUntil(lambda target=target: web.get_order(order.local_id).status is target, timeout=3000)
        qtbot.waitUntil(lambda value=value: detail.status_combo.currentData() == value, timeout=3000)
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(order.hubrise_id)["status"] == "delivery_failed",
                    timeout=8000)
    # Backwards refused with « Non »: nothing changes.
    detail.status_combo.setCurrentIndex(detail.status_combo.findData("accepted"))
    tap(qtbot, detail.status_button)
    tap(qtbot, ui.controller.dialog.button(QMessageBox.StandardButton.No))
    assert web.get_order(order.local_id).status is OrderStatus.DELIVERY_FAILED
    # Applying the status the order already has, twice: nothing recorded, nothing sent.
    rows = len(web.get_view(order.local_id).history)
    for _ in range(2):
        detail.status_combo.setCurrentIndex(detail.status_combo.findData("delivery_failed"))
        tap(qtbot, detail.status_button)
    assert len(web.get_view(order.local_id).history) == rows
    assert "déjà « Échec livraison »" in detail.message.text()


def test_prendre_en_charge_tapped_twice_makes_one_history_row_and_one_patch(qtbot, connected, live_sandbox):
    kezia = start(qtbot, connected)
    ui = kezia.window.web_orders_ui
    order = receive(qtbot, kezia, live_sandbox.sandbox, payload())
    detail = ui.open_detail(order.local_id)
    tap(qtbot, detail.take_button)
    tap(qtbot, detail.take_button)
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(order.hubrise_id)["status"] == "in_preparation", timeout=5000)
    statuses = [change.status for change in web.get_view(order.local_id).history]
    assert statuses.count(OrderStatus.IN_PREPARATION) == 1
    assert [row["payload"].get("status") for row in web.outbox.for_order(order.local_id)] == [
        "received", "in_preparation"]


def test_apres_facturation_terminee_set_in_personnalisation_completes_the_order_at_payment(
        qtbot, connected, live_sandbox):
    from kezia_desk.ui.settings.preferences_tab import PreferencesTab

    kezia = start(qtbot, connected)
    tab = PreferencesTab(kezia.services)
    qtbot.addWidget(tab)
    assert tab.after_invoice.currentText() == "inchangé" and tab.unknown_vat.currentText() == "10 %"
    tab.after_invoice.setCurrentIndex(tab.after_invoice.findText("Terminée"))
    tab.unknown_vat.setCurrentIndex(tab.unknown_vat.findText("5,5 %"))
    prefs = kezia.services.preferences
    assert prefs.after_invoice_status is OrderStatus.COMPLETED and str(prefs.unknown_line_vat_rate) == "5.5"
    order = receive(qtbot, kezia, live_sandbox.sandbox, payload())
    kezia.services.order_actions.accept(order.local_id, kezia.services.sellers.list_sellers()[1], 0)
    kezia.window.web_orders_ui.controller.invoice(order.local_id)
    till = kezia.window.till
    till.draft.add_payment(PaymentMethod.CASH, Money.of("20"))
    till.close_ticket()
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(order.hubrise_id)["status"] == "completed", timeout=5000)
    assert [p["ref"] for p in live_sandbox.sandbox.order(order.hubrise_id)["payments"]] == ["ticket-1"]
    assert kezia.services.web_orders.get_order(order.local_id).status is OrderStatus.COMPLETED


def test_facturer_from_the_fiche_commande_accepts_first_then_the_till_takes_over(qtbot, connected, live_sandbox):
    kezia = start(qtbot, connected)
    ui = kezia.window.web_orders_ui
    order = receive(qtbot, kezia, live_sandbox.sandbox, payload("Inès"))
    detail = ui.open_detail(order.local_id)
    tap(qtbot, detail.invoice_button)
    accept_dialog = ui.controller.dialog
    assert accept_dialog.isVisible() and accept_dialog.parent() is detail
    tap(qtbot, accept_dialog.buttons[0])
    qtbot.waitUntil(lambda: not detail.isVisible(), timeout=2000)
    till = kezia.window.till
    assert kezia.window.current_screen() is till and till.invoice_local_id == order.local_id
    assert till.message.text() == "Commande de Inès Martin, code 427 : encaissez-la."


def test_facturer_on_an_order_paid_online_says_so_and_accepts_nothing(qtbot, connected, live_sandbox):
    """Found by a new user: Facturer on a new, already paid order asked for the accept time, accepted it, and only
    then said there was nothing to invoice."""
    kezia = start(qtbot, connected)
    window, sandbox = kezia.window, live_sandbox.sandbox
    ui = window.web_orders_ui
    order = receive(qtbot, kezia, sandbox, payload(online="19.00"))
    qtbot.waitUntil(lambda: sandbox.order(order.hubrise_id)["status"] == "received", timeout=5000)
    ui.open_list()
    assert ui.screen.select_order(order.local_id)
    tap(qtbot, ui.screen.invoice_button)
    tap(qtbot, ui.screen.invoice_button)
    qtbot.waitUntil(lambda: "déjà payée" in ui.screen.message.text(), timeout=2000)
    assert ui.controller.dialog is None or not ui.controller.dialog.isVisible()
    assert window.current_screen() is ui.screen and not window.till.draft.lines
    assert kezia.services.web_orders.get_order(order.local_id).status is OrderStatus.RECEIVED
    assert sandbox.order(order.hubrise_id)["status"] == "received"
