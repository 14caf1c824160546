"""What the cashier sees of HubRise's fields, and the customer rules, driven with taps against the real app and
the sandbox over loopback."""
import httpx
from PySide6.QtCore import Qt

from kezia_desk.sandbox.state import ACCOUNT_CATALOG_ID, CATALOG_ID, CUSTOMER_LIST_ID
from kezia_desk.services.connection import CONNECTION_SETTING

LEFT = Qt.MouseButton.LeftButton


def cash_on_delivery_order():
    """After orders.md § 1.2's example: a customer with `phone_access_code`, a payment named cash whose deprecated
    `type` says "online"."""
    return {"status": "new", "service_type": "delivery", "expected_time": "2030-01-05T19:30:00+01:00",
            "customer": {"first_name": "Léa", "last_name": "Martin", "phone": "+33698765432",
                         "phone_access_code": "4471", "address_1": "8 rue de la Roquette", "postal_code": "75011",
                         "city": "Paris"},
            "items": [{"product_name": "Regina", "sku_name": "Moyenne", "sku_ref": "1012", "price": "12.00 EUR",
                       "quantity": "2"}],
            "charges": [{"name": "Frais de livraison", "ref": "9001", "price": "2.50 EUR"}],
            "payments": [{"name": "Payment by cash", "ref": "CSH", "type": "online", "amount": "26.50 EUR"}]}


def test_fiche_commande_shows_access_code_amount_due_and_the_delivery_as_it_changes(qtbot, connected, live_sandbox):
    """orders.md § 2 (customer `phone_access_code`), § 10 (payment `type` deprecated), § 11 (« Attaching or
    updating a delivery triggers an order.update callback event, which includes the delivery field »)."""
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    sandbox = live_sandbox.sandbox
    placed = sandbox.place_shop_order(cash_on_delivery_order())
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in web.list_orders()), timeout=5000)
    local = next(o for o in web.list_orders() if o.hubrise_id == placed["id"])
    alert = kezia.window.web_orders_ui.alert
    qtbot.waitUntil(alert.isVisible, timeout=3000)
    assert "NON payée, à encaisser 26,50" in alert.list.item(0).text()
    qtbot.mouseClick(alert.ack_button, LEFT)  # « J'ai vu »
    detail = kezia.window.web_orders_ui.open_detail(local.local_id)
    text = detail.body.toPlainText()
    assert "06 98 76 54 32 — code d'accès 4471" in text
    assert "Non payée" in text and "À encaisser : 26,50" in text
    assert "Payment by cash 26,50 € (à encaisser)" in text.replace("\u00a0", " ")
    assert detail.invoice_button.isEnabled()  # unpaid: Facturer is offered
    # The delivery company attaches a courier: an order.update event, and the open Fiche commande follows.
    qtbot.waitUntil(lambda: sandbox.order(placed["id"])["status"] == "received", timeout=5000)
    with httpx.Client(base_url=live_sandbox.api_url, headers={"X-Access-Token": live_sandbox.shop_token}) as shop:
        shop.post(f"/location/orders/{placed['id']}/delivery", json={
            "carrier": "Coursiers Paris", "status": "pickup_enroute", "driver_name": "Karim",
            "driver_phone": "+33611223344", "driver_phone_access_code": "0912",
            "estimated_pickup_at": "2030-01-05T19:10:00+01:00", "estimated_dropoff_at": "2030-01-05T19:25:00+01:00",
            "tracking_url": "https://coursiers.example/suivi/CP-1"}).raise_for_status()
        qtbot.waitUntil(lambda: "Karim" in detail.body.toPlainText(), timeout=5000)
        text = detail.body.toPlainText()
        assert "Coursiers Paris" in text and "livreur en route vers la boutique" in text
        assert "Karim, 06 11 22 33 44 (code 0912)" in text and "05/01 19:25" in text
        assert "https://coursiers.example/suivi/CP-1" in text
        detail.grab().save("/tmp/fidelity_order_detail.png")
        shop.patch(f"/location/orders/{placed['id']}/delivery", json={"status": "delivered"}).raise_for_status()
        qtbot.waitUntil(lambda: "livrée" in detail.body.toPlainText(), timeout=5000)
    assert web.get_order(local.local_id).status.value == "received"  # the delivery changed nothing else
    detail.close()


def test_a_customer_phone_is_checked_kept_in_e164_and_shown_the_french_way(qtbot, connected):
    kezia = connected()
    window = kezia.window
    qtbot.mouseClick(window.home.orders_button, LEFT)
    form = window.till_orders_ui.form
    qtbot.mouseClick(form.new_customer_button, LEFT)
    dialog = form.customer_dialog
    for key, text in (("first_name", "Nadia"), ("last_name", "Benali"), ("phone", "06 11 22")):
        qtbot.keyClicks(dialog.inputs[key], text)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "« 06 11 22 » n'est pas valide" in dialog.message.text()
    assert dialog.inputs["first_name"].text() == "Nadia"  # nothing typed is lost
    assert kezia.services.customers.all() == []
    qtbot.keyClicks(dialog.inputs["phone"], " 33 44")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.mouseClick(dialog.ok_button, LEFT)  # a second tap saves nothing more
    [saved] = kezia.services.customers.all()
    assert saved.phone == "+33611223344" and not dialog.isVisible()
    assert "Nadia Benali" in form.customer_label.text()
    qtbot.keyClicks(form.customer_search, "0611")
    assert [form.customer_list.item(i).text() for i in range(form.customer_list.count())] == [
        "Nadia Benali — 06 11 22 33 44"]


def test_an_account_catalog_is_explained_not_blamed_on_the_token(qtbot, connected, live_sandbox):
    """catalogs.md § 1.2: "an account access token is required to modify an account level catalog. A 401
    (unauthorized request) error code is returned otherwise." The E/S export says so; it does not ask the manager
    to reconnect, and the till keeps working."""
    from kd_fixtures.settings import open_settings

    kezia = connected()
    kezia.services.settings.set(CONNECTION_SETTING, {"platform": "Bac à sable", "api_url": live_sandbox.api_url,
                                                     "catalog_id": ACCOUNT_CATALOG_ID,
                                                     "customer_list_id": CUSTOMER_LIST_ID})
    settings = open_settings(qtbot, kezia)
    settings.tabs.setCurrentWidget(settings.exports_tab)
    exports = settings.exports_tab
    before = live_sandbox.sandbox.state.catalogs[ACCOUNT_CATALOG_ID]["data"]
    for _ in range(2):  # a second tap says the same, changes nothing
        qtbot.mouseClick(exports.catalog_button, LEFT)
        qtbot.waitUntil(lambda: "appartient au compte HubRise" in exports.message.text(), timeout=5000)
        assert "reconnect" not in exports.message.text().lower()
        qtbot.waitUntil(exports.catalog_button.isEnabled, timeout=5000)
    assert live_sandbox.sandbox.state.catalogs[ACCOUNT_CATALOG_ID]["data"] == before
    assert kezia.link.client is not None and not kezia.poller.paused
    kezia.services.settings.set(CONNECTION_SETTING, {**kezia.services.settings.get(CONNECTION_SETTING),
                                                     "catalog_id": CATALOG_ID})
    qtbot.mouseClick(exports.catalog_button, LEFT)
    qtbot.waitUntil(lambda: "Catalogue envoyé" in exports.message.text(), timeout=5000)
    assert "5 options" in exports.message.text()  # counted from HubRise's answer, read as `options_lists`
