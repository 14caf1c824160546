"""What the till sends to HubRise, recorded by the sandbox and compared field by field with the documented shapes
(HubRise/website content/developers/api/en/orders.md § 1.1 and § 4, customers.md, general-concepts.md)."""
import asyncio
import re
from datetime import datetime

import pytest

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import Customer, ServiceType
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.sandbox.state import CATALOG_ID, CUSTOMER_LIST_ID
from kezia_desk.services.connection import CONNECTION_SETTING
from kezia_desk.services.preferences import SEND_WEB_CLIENT
from kezia_desk.services.till_orders import TillOrderLine

# orders.md § 1.1 « Create Order » parameters (current page, with its newer `channel`).
ORDER_FIELDS = {"channel", "ref", "private_ref", "status", "service_type", "service_type_ref", "expected_time",
                "confirmed_time", "customer_notes", "seller_notes", "collection_code", "coupon_codes", "items", "deals",
                "discounts", "charges", "payments", "customer_id", "customer_list_id", "customer_private_ref",
                "customer", "loyalty_operations", "custom_fields"}
ITEM_FIELDS = {"private_ref", "product_name", "sku_name", "sku_ref", "price", "quantity", "tax_rate",
               "customer_notes", "points_earned", "points_used", "options", "deal_line"}
OPTION_FIELDS = {"option_list_name", "name", "ref", "price", "quantity", "removed"}
PAYMENT_FIELDS = {"private_ref", "name", "ref", "amount", "info"}
CHARGE_FIELDS = {"private_ref", "name", "ref", "price", "tax_rate"}
# orders.md § 2: "The following fields are available in the `customer` object".
GUEST_FIELDS = {"email", "first_name", "last_name", "gender", "birth_date", "company_name", "phone",
                "phone_access_code", "address_1", "address_2", "postal_code", "city", "state", "country", "latitude",
                "longitude", "delivery_notes", "sms_marketing", "email_marketing"}
CUSTOMER_FIELDS = GUEST_FIELDS | {"private_ref", "custom_fields"}  # customers.md « Create Customer »
MONEY = re.compile(r"^-?\d+\.\d{2} [A-Z]{3}$")  # general-concepts.md « Monetary Values »
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")  # general-concepts.md « Decimal Values »: strings
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def sent(sandbox, method, path_part):
    return [r["body"] for r in sandbox.state.requests if r["method"] == method and path_part in r["path"]]


def outcome(qtbot, coro):
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=10_000)
    return task.result()


@pytest.fixture
def till(qtbot, connected, live_sandbox):
    kezia = connected()
    kezia.services.settings.set(CONNECTION_SETTING, {"platform": "Bac à sable", "api_url": live_sandbox.api_url,
                                                     "catalog_id": CATALOG_ID, "customer_list_id": CUSTOMER_LIST_ID})
    kezia.services.preferences.set_send_mode(SEND_WEB_CLIENT)
    return kezia


def test_a_till_order_goes_out_in_hubrises_documented_shape(qtbot, till, live_sandbox):
    """Strict in what it sends: only documented fields, money as "8.90 EUR", decimals as strings, option
    quantities as integers, times with their offset, the phone in E.164 (customers.md: "The E.164 format must be
    used for any new implementation"), and at least one payment (integration-guide.md: "You should always pass at
    least one payment in the payload") — here nothing is paid yet, so the one line is « à encaisser »."""
    services = till.services
    draft = services.till_orders.new_draft()
    draft.customer = services.customers.save(Customer(first_name="Zoé", last_name="Durand", phone="06 11 22 33 44",
                                                      address_1="3 rue des Lilas", postal_code="69003", city="Lyon"))
    draft.service_type = ServiceType.DELIVERY
    draft.expected_time = datetime(2030, 3, 1, 20, 15, tzinfo=SHOP_TIMEZONE)
    catalog = services.catalog
    draft.lines = [TillOrderLine(catalog.get(1012), 2, [catalog.get(4001), catalog.get(4001)])]
    draft.payment_method = PaymentMethod.CARD  # what the cashier will take at the door
    order = services.till_orders.create(draft, services.sellers.list_sellers()[1])
    qtbot.waitUntil(lambda: services.web_orders.get_order(order.local_id).hubrise_id is not None, timeout=10_000)
    [body] = sent(live_sandbox.sandbox, "POST", "/location/orders")
    assert set(body) <= ORDER_FIELDS, set(body) - ORDER_FIELDS
    assert body["status"] == "accepted" and body["private_ref"] == order.private_ref
    assert body["expected_time"] == "2030-03-01T20:15:00+01:00"
    [item] = body["items"]
    assert set(item) <= ITEM_FIELDS and item["sku_ref"] == "1012" and MONEY.match(item["price"])
    assert isinstance(item["quantity"], str) and DECIMAL.match(item["quantity"]) and item["quantity"] == "2"
    assert len(item["options"]) == 2  # integration guide: identical options as separate objects
    for option in item["options"]:
        assert set(option) <= OPTION_FIELDS and option["quantity"] == 1 and MONEY.match(option["price"])
    for charge in body["charges"]:
        assert set(charge) <= CHARGE_FIELDS and MONEY.match(charge["price"])
    assert body["payments"] == [{"name": "Carte bancaire (à encaisser)", "ref": "KEZIA-DUE",
                                 "amount": order.display_total.to_hubrise()}]
    assert all(set(p) <= PAYMENT_FIELDS for p in body["payments"])
    assert set(body["customer"]) <= GUEST_FIELDS and body["customer"]["phone"] == "+33611223344"
    remote = live_sandbox.sandbox.order(services.web_orders.get_order(order.local_id).hubrise_id)
    assert remote["payment_discrepancy"] == "0.00 EUR"  # the payment lines add up to HubRise's total
    assert not services.web_orders.get_order(order.local_id).is_paid


def test_envoi_clients_sends_e164_phones_in_create_and_update(qtbot, till, live_sandbox):
    """customers.md « Create Customer » / « Update Customer » fields only, phone in E.164 both times."""
    services = till.services
    zoe = services.customers.save(Customer(first_name="Zoé", phone="06 11 22 33 44", email="zoe@example.fr"))
    tom = services.customers.save(Customer(first_name="Tom", phone="+44 20 7946 0958"))
    assert "2 créés" in outcome(qtbot, services.exports.export_customers())
    created = sent(live_sandbox.sandbox, "POST", "/customers")
    assert [c["phone"] for c in created] == ["+33611223344", "+442079460958"]
    assert all(set(c) <= CUSTOMER_FIELDS and E164.match(c["phone"]) for c in created)
    services.customers.save(Customer(**{**vars(services.customers.get(zoe.local_id)), "phone": "07 66 55 44 33"}))
    assert "2 mis à jour" in outcome(qtbot, services.exports.export_customers())
    updated = sent(live_sandbox.sandbox, "PATCH", "/customers/")
    assert sorted(c["phone"] for c in updated[-2:]) == ["+33766554433", "+442079460958"]
    people = live_sandbox.sandbox.state.customers[CUSTOMER_LIST_ID]
    assert sorted(p["phone"] for p in people.values()) == ["+33766554433", "+442079460958"] and tom.local_id


def test_paid_deposit_and_the_rest_due_add_up_to_the_total(qtbot, till, live_sandbox):
    """orders.md § 10: "If one or several payments are defined, the sum of the payment amounts should equal the
    order's total": a 5 € deposit and the rest « à encaisser » make exactly the total."""
    services = till.services
    draft = services.till_orders.new_draft()
    draft.expected_time = datetime(2030, 3, 1, 20, 15, tzinfo=SHOP_TIMEZONE)
    draft.lines = [TillOrderLine(services.catalog.get(1012), 1)]
    draft.paid, draft.payment_method = Money.of("5.00"), PaymentMethod.CASH
    order = services.till_orders.create(draft, services.sellers.list_sellers()[1])
    qtbot.waitUntil(lambda: services.web_orders.get_order(order.local_id).hubrise_id is not None, timeout=10_000)
    [body] = sent(live_sandbox.sandbox, "POST", "/location/orders")
    due = order.display_total - Money.of("5.00")
    assert body["payments"] == [{"name": "Espèces", "ref": "KEZIA", "amount": "5.00 EUR"},
                                {"name": "Espèces (à encaisser)", "ref": "KEZIA-DUE", "amount": due.to_hubrise()}]
    local = services.web_orders.get_order(order.local_id)
    assert local.paid_amount() == Money.of("5.00") and local.amount_due() == due
