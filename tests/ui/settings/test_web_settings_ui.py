"""Paramètres Web driven like a manager: PIN, platform, the OAuth paste-the-code flow against the sandbox over
loopback, the preferences, the exports and the disconnection."""
import re
import stat
from pathlib import Path

import httpx
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.settings import open_settings, type_pin
from PySide6.QtCore import Qt

from kezia_desk.domain.order import Customer, OrderStatus
from kezia_desk.sandbox.state import CATALOG_ID, CUSTOMER_LIST_ID
from kezia_desk.services.preferences import SEND_WEB_CLIENT
from kezia_desk.ui.settings import connection_tab

LEFT = Qt.MouseButton.LeftButton


def test_a_wrong_pin_is_refused_and_three_lock_the_settings_for_30_seconds(qtbot, unconnected):
    kezia = unconnected()
    ui = kezia.window.web_settings_ui
    now = [1000.0]
    kezia.services.rights.access.clock = lambda: now[0]
    kezia.window.open_web_settings()
    dialog = ui.pin_dialog
    assert dialog.prompt.text() == "Seul un gérant peut ouvrir les Paramètres : code gérant ?"
    type_pin(qtbot, dialog, "9999")
    assert dialog.isVisible() and dialog.message.text() == "Code gérant erroné : encore 2 essais."
    type_pin(qtbot, dialog, "0000")
    type_pin(qtbot, dialog, "1111")
    assert dialog.message.text() == "Code gérant erroné 3 fois : clavier verrouillé 30 s."
    assert not dialog.ok_button.isEnabled() and dialog.keypad.display.isReadOnly()  # greyed while locked
    type_pin(qtbot, dialog, "1234")  # the right code, typed on a physical keyboard: still locked
    assert dialog.isVisible() and ui.platform_dialog is None
    now[0] += 31
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=3000)  # the pad's own one-second tick
    assert dialog.message.text() == "Clavier déverrouillé : vous pouvez retaper un code."
    type_pin(qtbot, dialog, "1234")
    qtbot.waitUntil(lambda: ui.platform_dialog is not None and ui.platform_dialog.isVisible(), timeout=2000)
    assert not dialog.isVisible()
    refused = kezia.services.till.events.entries(code=530)  # each wrong code is in the JET, the locked try too
    assert len(refused) == 3 and "verrouillé" in refused[0].detail


def authorize_code(url):
    page = httpx.get(url, timeout=5).text
    return re.search(r'id="code">([0-9a-f]+)<', page).group(1)


@pytest.mark.screenshot
def test_connect_with_a_pasted_code_then_export_and_disconnect(qtbot, unconnected, live_sandbox, monkeypatch):
    kezia = unconnected()
    sandbox = live_sandbox.sandbox
    assert kezia.link.client is None
    settings = open_settings(qtbot, kezia)
    tab = settings.connection_tab
    assert tab.fields["platform"].text() == "non connecté"
    opened = []
    monkeypatch.setattr(connection_tab, "open_in_browser", opened.append)
    # HubRise itself needs this build's OAuth client: without it, a French explanation.
    qtbot.mouseClick(tab.start_button, LEFT)
    assert "identifiant d'application HubRise" in tab.message.text() and not opened
    qtbot.mouseClick(tab.sandbox_choice, LEFT)
    tab.sandbox_url.setText(live_sandbox.base_url)
    qtbot.mouseClick(tab.start_button, LEFT)
    assert opened and opened[0].startswith(live_sandbox.base_url + "/oauth2/v1/authorize?")
    assert "device_id=kezia-desk-" in opened[0] and tab.authorize_url.text() == opened[0]
    qtbot.keyClicks(tab.code, "mauvais-code")
    qtbot.mouseClick(tab.validate_button, LEFT)
    qtbot.waitUntil(lambda: "Code expiré ou déjà utilisé" in tab.message.text(), timeout=5000)
    tab.code.clear()
    qtbot.keyClicks(tab.code, authorize_code(opened[0]))
    qtbot.mouseClick(tab.validate_button, LEFT)
    qtbot.waitUntil(lambda: tab.fields["account_name"].text() == "Pizzeria Demo", timeout=5000)
    assert tab.fields["location_name"].text() != "—" and tab.fields["catalog_name"].text() == "Pizzeria Demo"
    assert tab.fields["customer_list_name"].text() == "Pizzeria Demo"
    token = kezia.link.client._token
    assert token not in tab.fields["masked_token"].text() and tab.fields["masked_token"].text().endswith(token[-4:])
    token_file = Path(kezia.config.data_dir) / "hubrise-token.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600 and token in token_file.read_text()
    dump = "\n".join(kezia.db.conn.iterdump())
    assert token not in dump
    shot(settings, "web_settings_connexion.png")

    # The new connection receives orders: a web shop order reaches the list.
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    placed = sandbox.place_shop_order({"status": "new", "service_type": "collection", "items": [
        {"product_name": "Tiramisu", "sku_ref": "3001", "price": "4.50 EUR", "quantity": "1"}]})
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in kezia.services.web_orders.list_orders()),
                    timeout=5000)

    # Personnalisation: applied at once.
    settings.tabs.setCurrentWidget(settings.preferences_tab)
    prefs_tab = settings.preferences_tab
    qtbot.mouseClick(prefs_tab.send_buttons[SEND_WEB_CLIENT], LEFT)
    assert kezia.services.preferences.send_mode == SEND_WEB_CLIENT
    qtbot.mouseClick(prefs_tab.poll.plus, LEFT)
    assert kezia.services.preferences.poll_interval == 40
    prefs_tab.take_charge.setCurrentIndex(prefs_tab.take_charge.findText("Attente récupération"))
    assert kezia.services.order_actions.take_charge_status() is OrderStatus.AWAITING_COLLECTION
    prefs_tab.sound.setChecked(False)
    assert not kezia.window.web_orders_ui.sound.enabled
    shot(settings, "web_settings_personnalisation.png")

    # E/S: the catalog with sku refs = IDARTs, then a web order with those refs lands on the right articles.
    settings.tabs.setCurrentWidget(settings.exports_tab)
    exports = settings.exports_tab
    qtbot.mouseClick(exports.catalog_button, LEFT)
    qtbot.waitUntil(lambda: "Catalogue envoyé" in exports.message.text(), timeout=5000)
    data = sandbox.state.catalogs[CATALOG_ID]["data"]
    articles = {a.idart: a for a in kezia.services.catalog.list_articles()}
    skus = {sku["ref"]: product["name"] for product in data["products"] for sku in product["skus"]}
    assert skus["1022"] == "Quatre fromages Moyenne" and all(articles[int(ref)].name == name
                                                             for ref, name in skus.items())
    assert {o["ref"] for o in data["option_lists"][0]["options"]} == {"4001", "4002", "4003", "4004", "4005"}
    assert data["charges"] == [{"ref": "9001", "name": "Frais de livraison", "type": "delivery",
                                "price": "2.50 EUR"}]
    product = next(p for p in data["products"] if p["skus"][0]["ref"] == "1022")
    sku = product["skus"][0]
    web = sandbox.place_shop_order({"status": "new", "service_type": "collection", "items": [
        {"product_name": product["name"], "sku_ref": sku["ref"], "price": sku["price"], "quantity": "1",
         "options": [{"option_list_name": data["option_lists"][0]["name"], "name": "Supplément champignons",
                      "ref": "4003", "price": "1.00 EUR", "quantity": 1}]}]})
    qtbot.waitUntil(lambda: any(o.hubrise_id == web["id"] for o in kezia.services.web_orders.list_orders()),
                    timeout=5000)
    order = next(o for o in kezia.services.web_orders.list_orders() if o.hubrise_id == web["id"])
    assert order.items[0].idart == 1022 and not order.flags
    assert order.items[0].options[0].ref == "4003"

    # Customers: a second export creates no duplicates; one already in HubRise (same phone) is matched.
    httpx.post(f"{live_sandbox.api_url}/customer_lists/{CUSTOMER_LIST_ID}/customers",
               headers={"X-Access-Token": live_sandbox.shop_token},
               json={"first_name": "Paul", "last_name": "Durand", "phone": "+33655443322"}).raise_for_status()
    for customer in (Customer(first_name="Paul", last_name="Durand", phone="+33655443322"),
                     Customer(first_name="Léa", last_name="Roux", email="lea.roux@example.fr")):
        kezia.services.customers.save(customer)
    qtbot.mouseClick(exports.customers_button, LEFT)
    qtbot.waitUntil(lambda: "Clients envoyés" in exports.message.text(), timeout=5000)
    assert "1 créé, 1 mis à jour" in exports.message.text()
    qtbot.mouseClick(exports.customers_button, LEFT)
    qtbot.waitUntil(lambda: "0 créé, 2 mis à jour" in exports.message.text(), timeout=5000)
    assert len(sandbox.state.customers[CUSTOMER_LIST_ID]) == 2
    shot(settings, "web_settings_es.png")

    # Déconnexion: the token is revoked in HubRise and forgotten here; polling stops.
    settings.tabs.setCurrentWidget(settings.connection_tab)
    qtbot.mouseClick(tab.disconnect_button, LEFT)
    qtbot.waitUntil(lambda: kezia.link.client is None, timeout=5000)
    qtbot.waitUntil(lambda: "Déconnecté" in tab.message.text(), timeout=5000)
    assert not token_file.exists()
    assert sandbox.state.connections[token].revoked_message
    assert tab.fields["platform"].text() == "non connecté"
    qtbot.mouseClick(settings.close_button, LEFT)
    assert not settings.isVisible()
    # The technical event log (JET) holds the connection, each export and the disconnection, in that order.
    codes = [entry.code for entry in reversed(kezia.services.till.events.entries())]
    hubrise = [code for code in codes if code in (520, 521, 110)]
    assert hubrise[0] == 520 and hubrise[-1] == 521 and hubrise.count(110) == 3


def test_a_stored_connection_comes_back_after_a_restart(qtbot, unconnected, live_sandbox, monkeypatch):
    kezia = unconnected()
    settings = open_settings(qtbot, kezia)
    tab = settings.connection_tab
    opened = []
    monkeypatch.setattr(connection_tab, "open_in_browser", opened.append)
    qtbot.mouseClick(tab.sandbox_choice, LEFT)
    tab.sandbox_url.setText(live_sandbox.base_url)
    qtbot.mouseClick(tab.start_button, LEFT)
    qtbot.keyClicks(tab.code, authorize_code(opened[0]))
    qtbot.mouseClick(tab.validate_button, LEFT)
    qtbot.waitUntil(lambda: kezia.link.client is not None, timeout=5000)
    settings.close()
    from kd_fixtures.app import close

    close(qtbot, kezia)
    again = unconnected()
    assert again.link.client is not None
    qtbot.waitUntil(lambda: again.poller.callback_registered, timeout=5000)
    assert again.services.connection.state().account_name == "Pizzeria Demo"
    placed = live_sandbox.sandbox.place_shop_order({"status": "new", "items": [
        {"product_name": "Frites", "sku_ref": "1104", "price": "3.00 EUR", "quantity": "1"}]})
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in again.services.web_orders.list_orders()),
                    timeout=5000)
