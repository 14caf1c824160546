"""COMMANDES and Commandes en cours driven like a cashier, against the sandbox over loopback."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till_orders import fill_order
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.services.preferences import SEND_NONE, SEND_WEB_CLIENT
from kezia_desk.ui.orders.orders_in_progress import HUBRISE, PAID, STATUS

LEFT = Qt.MouseButton.LeftButton


def test_with_aucun_the_order_stays_at_the_till(qtbot, connected, live_sandbox):
    kezia = connected()
    kezia.services.preferences.set_send_mode(SEND_NONE)
    form = fill_order(qtbot, kezia)
    qtbot.mouseClick(form.ok_button, LEFT)
    screen = kezia.window.till_orders_ui.screen
    assert kezia.window.current_screen() is screen, form.message.text()
    assert "C-000001 enregistrée" in screen.message.text()
    assert screen.model.index(0, HUBRISE).data() == "non envoyée"
    assert screen.model.index(0, PAID).data() == "Non", "5 € paid of 31 €: the rest is still to collect"
    qtbot.wait(500)
    assert [o for o in live_sandbox.sandbox.orders() if o.get("created_by") == "Kezia Desk"] == []


@pytest.mark.screenshot
def test_with_client_web_it_reaches_hubrise_once_and_f3_shows_it(qtbot, connected, live_sandbox):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    kezia.services.preferences.set_send_mode(SEND_WEB_CLIENT)
    sandbox = live_sandbox.sandbox
    sandbox.faults.set(drop_next=1, paths=["/location/orders"], methods=["POST"])
    form = fill_order(qtbot, kezia)
    shot(kezia.window, "new_order.png")
    qtbot.mouseClick(form.ok_button, LEFT)
    window = kezia.window
    screen = window.till_orders_ui.screen
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and screen.model.index(0, HUBRISE).data() == "envoyée",
                    timeout=10_000)
    sent = [o for o in sandbox.orders() if o.get("created_by") == "Kezia Desk"]
    assert len(sent) == 1 and sent[0]["total"] == "31.00 EUR"
    remote = sandbox.order(sent[0]["id"], "Kezia Desk")
    assert remote["private_ref"].startswith("kezia-") and remote["payments"][0]["amount"] == "5.00 EUR"
    assert remote["customer_notes"] == "Code portail 1234"
    # An accepted web order is listed with it.
    web = sandbox.place_shop_order({"status": "new", "service_type": "collection", "items": [
        {"product_name": "Frites", "sku_ref": "1104", "price": "3.00 EUR", "quantity": "1"}]})
    qtbot.waitUntil(lambda: any(o.hubrise_id == web["id"] for o in kezia.services.web_orders.list_orders()),
                    timeout=5000)
    local = next(o for o in kezia.services.web_orders.list_orders() if o.hubrise_id == web["id"])
    qtbot.waitUntil(lambda: kezia.window.web_orders_ui.alert.isVisible(), timeout=3000)
    qtbot.mouseClick(kezia.window.web_orders_ui.alert.ack_button, LEFT)  # « J'ai vu »
    kezia.services.order_actions.accept(local.local_id, kezia.services.sellers.list_sellers()[1], 10)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=3000)
    assert {screen.model.index(r, 1).data() for r in range(2)} == {"Caisse", "Web"}
    # Another app marks the till order « en livraison »: it shows here.
    sandbox.update_as_shop(sent[0]["id"], {"status": "in_delivery"})
    row = lambda: next(r for r in range(screen.model.rowCount())  # noqa: E731
                       if screen.model.index(r, 0).data() == "C-000001")
    qtbot.waitUntil(lambda: screen.model.index(row(), STATUS).data() == OrderStatus.IN_DELIVERY.label, timeout=5000)
    shot(window, "orders_in_progress.png")
    # Home → F3 → Commandes en cours; F3 again on the selected row opens its detail.
    window.show_home()
    window.activateWindow()  # the cashier is back on the till's window (the alert had the focus)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.home.till_button.setFocus()
    qtbot.keyClick(window.home.till_button, Qt.Key.Key_F3)
    assert window.current_screen() is screen
    screen.table.selectRow(row())
    qtbot.keyClick(screen.table, Qt.Key.Key_F3)
    details = window.web_orders_ui.details
    qtbot.waitUntil(lambda: any(d.isVisible() for d in details.values()), timeout=2000)
    detail = next(d for d in details.values() if d.isVisible())
    assert "Nadia Benali" in detail.body.toPlainText()
    assert "C-000001" in detail.body.toPlainText() or "Regina Moyenne" in detail.body.toPlainText()
    detail.close()
    # Facturer: the order on the till at its full price, the 5 € deposit a payment on it (never a negative line).
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    window.till_orders_ui.open_list()
    screen.table.selectRow(row())
    qtbot.mouseClick(screen.invoice_button, LEFT)
    assert window.current_screen() is window.till
    assert window.till.draft.total == Money.of("31.00") and window.till.draft.remaining == Money.of("26.00")
    assert [p.display_label for p in window.till.draft.payments] == ["Acompte déjà versé (Espèces)"]
    assert all(line.total.amount > 0 for line in window.till.draft.lines)
    # The rest paid by card: HubRise gets the till's payment and loses the « à encaisser » line in the same
    # PATCH, so its live payments add up to the order's total (5 € deposit + 26 € card).
    till = window.till
    qtbot.mouseClick(till.payment_buttons[PaymentMethod.CARD], LEFT)
    qtbot.mouseClick(till.payment_dialog.validate_button, LEFT)
    qtbot.waitUntil(lambda: till.last_closed is not None, timeout=3000)

    def live_payments() -> list[tuple[str, str]]:
        return [(p["ref"], p["amount"]) for p in sandbox.order(remote["id"])["payments"] if not p.get("deleted")]

    qtbot.waitUntil(lambda: any(ref == "ticket-1" for ref, _ in live_payments()), timeout=5000)
    assert sorted(live_payments()) == [("KEZIA", "5.00 EUR"), ("ticket-1", "26.00 EUR")]
    assert [p["ref"] for p in sandbox.order(remote["id"])["payments"] if p.get("deleted")] == ["KEZIA-DUE"]
    # Paid now: Commandes en cours says so (a paid order is handed over, not cashed again).
    window.till_orders_ui.open_list()
    qtbot.waitUntil(lambda: screen.model.index(row(), PAID).data() == "Oui", timeout=3000)
