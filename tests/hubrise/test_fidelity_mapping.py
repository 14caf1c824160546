"""What the till reads from HubRise and what it writes, on payloads shaped like HubRise's own documented examples.

Each payload below is our own, written after a page of HubRise's developer documentation (HubRise/website,
content/developers/api/en/*.md), cited in the test's docstring.
"""
import copy
from decimal import Decimal

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import Customer
from kezia_desk.hubrise.catalog import CatalogCounts, catalog_counts, option_lists_of
from kezia_desk.hubrise.mapping import customer_to_payload, order_from_hubrise, order_to_create_payload

# After orders.md § 1.2 « Retrieve Order », example response: payment named cash with the deprecated
# "type": "online", customer with "phone_access_code", and a "delivery" object.
RETRIEVED = {
    "id": "q8v3k", "location_id": "7hk2m-0", "ref": "CMD-5521", "private_ref": None, "status": "in_delivery",
    "service_type": "delivery", "service_type_ref": None, "created_at": "2030-05-14T18:02:11+02:00",
    "created_by": "Ma Boutique", "expected_time": "2030-05-14T19:00:00+02:00", "confirmed_time": None,
    "customer_notes": None, "seller_notes": None, "collection_code": None, "coupon_codes": [],
    "total": "24.40 EUR", "total_discrepancy": None, "payment_discrepancy": "0.00 EUR",
    "items": [
        {"id": "a1b2c", "private_ref": None, "product_name": "Calzone", "sku_name": "Grande", "sku_ref": "1031",
         "price": "13.90 EUR", "quantity": "1.0", "subtotal": "13.90 EUR", "tax_rate": None, "customer_notes": None,
         "points_earned": None, "points_used": None, "options": [], "deleted": False},
        {"id": "d3e4f", "private_ref": None, "product_name": "Panna cotta", "sku_name": None, "sku_ref": "3002",
         "price": "3.50 EUR", "quantity": "2.0", "subtotal": "7.50 EUR", "tax_rate": None, "customer_notes": None,
         "points_earned": None, "points_used": None,
         "options": [{"option_list_name": "Coulis", "name": "Fruits rouges", "ref": "31", "price": "0.25 EUR",
                      "quantity": 1}], "deleted": False}],
    "deals": {}, "discounts": [],
    "charges": [{"id": "g5h6j", "private_ref": None, "type": "other", "name": "Livraison", "ref": "DEL",
                 "price": "3.00 EUR", "tax_rate": None, "charge_type": "other", "charge_ref": "DEL",
                 "charge_price": "3.00 EUR", "deleted": False}],
    "payments": [{"id": "k7l8m", "private_ref": None, "type": "online", "name": "Payment by cash", "ref": "CSH",
                  "amount": "24.40 EUR", "info": None, "deleted": False}],
    "customer": {"id": "n9p0q", "customer_list_id": "r1s2t", "anonymised": False, "private_ref": "7781",
                 "email": "lea.martin@dummy-mail.org", "first_name": "Léa", "last_name": "Martin", "gender": None,
                 "birth_date": None, "company_name": None, "phone": "+33698765432", "phone_access_code": "4471",
                 "address_1": "8 rue de la Roquette", "address_2": None, "postal_code": "75011", "city": "Paris",
                 "state": None, "country": "FR", "latitude": "48.8534", "longitude": "2.3719",
                 "delivery_notes": "Interphone Martin", "sms_marketing": False, "email_marketing": False,
                 "nb_orders": 2, "order_total": "41.20 EUR", "first_order_date": "2030-04-02T12:01:00+02:00",
                 "last_order_date": "2030-05-14T18:02:11+02:00", "loyalty_cards": [], "custom_fields": {}},
    "delivery": {"carrier": "Coursiers Paris", "carrier_ref": "cp", "ref": "CP-99812", "status": "dropoff_enroute",
                 "fee": "4.00 EUR", "estimated_pickup_at": "2030-05-14T18:40:00+02:00",
                 "estimated_dropoff_at": "2030-05-14T18:55:00+02:00",
                 "tracking_url": "https://coursiers.example/suivi/CP-99812", "driver_name": "Karim",
                 "driver_phone": "+33611223344", "driver_phone_access_code": "0912"},
    "loyalty_operations": [], "custom_fields": {},
}


def test_payment_named_cash_is_still_to_collect_whatever_its_deprecated_type():
    """orders.md § 10 « Order Payments »: "the `type` field is deprecated and should be ignored in new
    integrations" — and § 1.2's example outputs `"type": "online"` for `"name": "Payment by cash", "ref": "CSH"`.
    The till decides from the amounts against the total and from the payment's name/ref."""
    order = order_from_hubrise(copy.deepcopy(RETRIEVED))
    assert order.flags == [] and order.display_total == Money.of("24.40")
    assert not order.is_paid and order.amount_due() == Money.of("24.40")
    card = copy.deepcopy(RETRIEVED)
    card["payments"] = [{"type": "cash", "name": "Carte en ligne", "ref": "CB", "amount": "20.00 EUR"}]
    partly = order_from_hubrise(card)
    assert not partly.is_paid and partly.amount_due() == Money.of("4.40")  # 24.40 − 20.00 still due
    card["payments"].append({"name": "Bon d'achat", "ref": "BON", "amount": "4.40 EUR"})
    assert order_from_hubrise(card).is_paid and order_from_hubrise(card).amount_due() == Money.zero()


def test_phone_access_code_and_delivery_are_kept():
    """orders.md § 2 lists `phone_access_code` among the customer fields and § 1.2's example carries
    `"phone_access_code": "8888"`; § 11 « Order Delivery »: "An order with an attached delivery includes a
    `delivery` field" (carrier, status, estimated_pickup_at / estimated_dropoff_at, tracking_url, driver_name,
    driver_phone, driver_phone_access_code)."""
    order = order_from_hubrise(copy.deepcopy(RETRIEVED))
    assert order.customer.phone == "+33698765432" and order.customer.phone_access_code == "4471"
    delivery = order.delivery
    assert (delivery.carrier, delivery.status, delivery.driver_name, delivery.driver_phone) == (
        "Coursiers Paris", "dropoff_enroute", "Karim", "+33611223344")
    assert delivery.driver_phone_access_code == "0912" and delivery.tracking_url.endswith("CP-99812")
    assert delivery.estimated_dropoff_at.isoformat() == "2030-05-14T18:55:00+02:00"
    odd = copy.deepcopy(RETRIEVED)
    odd["customer"]["phone_access_code"] = 4471  # a code sent as a JSON number is still the code
    odd["delivery"] = "en route"
    read = order_from_hubrise(odd)
    assert read.customer.phone_access_code == "4471" and read.delivery is None and read.flags == ["champ_invalide"]


def test_quantities_and_amounts_as_json_numbers_are_read_exactly():
    """general-concepts.md « Decimal Values »: decimals are strings "to eliminate any ambiguity and loss of
    precision", "never converted to floating point numbers" — yet older senders write JSON numbers
    (`"quantity": 2.0`). The till reads them through their text, never by float arithmetic."""
    numbers = copy.deepcopy(RETRIEVED)
    numbers["items"][1]["quantity"] = 2.0
    numbers["items"][1]["options"][0]["quantity"] = 1.0
    numbers["items"][0]["quantity"] = 0.1  # 0.1 as a binary float is 0.1000000000000000055…
    numbers["items"][0]["subtotal"] = 1.39
    numbers["charges"][0]["price"] = 3
    numbers["total"] = "11.89 EUR"
    numbers["customer"]["latitude"] = 48.8534
    order = order_from_hubrise(numbers)
    calzone, panna = order.items
    assert panna.quantity == Decimal("2.0") and panna.options[0].quantity == 1 and order.flags == []
    assert calzone.quantity == Decimal("0.1") and calzone.computed_subtotal() == Money.of("1.39")
    assert calzone.subtotal == Money.of("1.39") and order.charges[0].price == Money.of("3.00")
    assert order.computed_total() == Money.of("11.89")  # 1.39 + 7.50 + 3.00, exact to the cent
    assert order.items[1].quantity * 3 == Decimal("6.0")
    numbers["items"][1]["price"] = 3.333  # a third decimal is no amount of money: flagged, not rounded
    assert "champ_invalide" in order_from_hubrise(numbers).flags


def test_catalog_reading_accepts_both_spellings_of_option_lists():
    """catalogs.md: uploads carry `data.option_lists` (Create Catalog parameters), while the Retrieve Catalog
    example answers `"options_lists": [...]`."""
    read = {"categories": [{"ref": "piz", "name": "Pizzas"}], "products": [{"name": "Regina"}, {"name": "Reine"}],
            "options_lists": [{"ref": "sup", "name": "Suppléments", "options": [{"name": "Olives"}, {"name": "Oeuf"}]}]}
    uploaded = {**{k: v for k, v in read.items() if k != "options_lists"}, "option_lists": read["options_lists"]}
    assert catalog_counts(read) == catalog_counts(uploaded) == CatalogCounts(products=2, categories=1, options=2)
    assert option_lists_of({"options_lists": "?"}) == [] and catalog_counts(None) == CatalogCounts(0, 0, 0)


def test_customer_payload_sends_e164_and_leaves_out_an_unreadable_phone():
    """customers.md: "(*) The E.164 format must be used for any new implementation." A phone saved by an older
    till as typed goes out in E.164; one that cannot be read is not sent at all."""
    typed = Customer(first_name="Zoé", phone="06 11 22 33 44", phone_access_code="12")
    assert customer_to_payload(typed) == {"first_name": "Zoé", "phone": "+33611223344", "phone_access_code": "12"}
    assert "phone" not in customer_to_payload(Customer(first_name="Zoé", phone="demander au comptoir"))


def test_a_till_order_always_carries_a_payment():
    """integration-guide.md « Encoding Orders »: "You should always pass at least one payment in the payload." An
    order stored before the till added its « à encaisser » line gets one for its whole total."""
    order = order_from_hubrise({"id": "x", "status": "accepted", "total": "9.50 EUR",
                                "items": [{"product_name": "Regina", "price": "9.50 EUR", "quantity": "1"}]})
    order.till_number = "C-000009"
    assert order_to_create_payload(order)["payments"] == [
        {"name": "Paiement (à encaisser)", "ref": "KEZIA-DUE", "amount": "9.50 EUR"}]
