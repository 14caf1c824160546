"""What the web-order UI tests share: a HubRise order to place in the sandbox, and a till started with a seller
once the poller listens (importable from any test folder, unlike a test module)."""
from __future__ import annotations

__all__ = ["payload", "start_till"]


def payload(name="Zoé", ref="1012", paid=False, service="delivery"):
    body = {"status": "new", "service_type": service, "expected_time": "2030-01-05T19:30:00+01:00",
            "collection_code": "427", "customer_notes": "Sonner deux fois",
            "customer": {"first_name": name, "last_name": "Martin", "phone": "+33611223344",
                         "address_1": "12 rue Oberkampf", "postal_code": "75011", "city": "Paris"},
            "items": [{"product_name": "Regina", "sku_name": "Moyenne", "sku_ref": ref, "price": "12.00 EUR",
                       "quantity": "1", "options": [
                           {"option_list_name": "Suppléments", "name": "Supplément olives", "ref": "4004",
                            "price": "0.75 EUR", "quantity": 1},
                           {"option_list_name": "Retirer", "name": "Oignons", "removed": True}]}],
            "charges": [{"name": "Frais de livraison", "ref": "9001", "price": "2.50 EUR"}]}
    if paid:
        body["payments"] = [{"name": "CB en ligne", "ref": "CB", "amount": "15.25 EUR"}]
    return body


def start_till(qtbot, kezia):
    window = kezia.window
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    return window
