"""Reading HubRise orders leniently (flags, never exceptions) and writing strictly."""
import copy
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from example_order import EXAMPLE_ORDER
from hypothesis import given, settings
from hypothesis import strategies as st

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import (
    FLAG_BAD_FIELD,
    FLAG_UNKNOWN_STATUS,
    Customer,
    Order,
    OrderItem,
    OrderOption,
    OrderStatus,
    ServiceType,
)
from kezia_desk.hubrise.errors import UnreadableOrderError
from kezia_desk.hubrise.mapping import (
    WriteValidationError,
    order_from_hubrise,
    order_to_create_payload,
    payment_patch,
    status_patch,
)


@pytest.fixture
def example(sandbox):
    return sandbox.place_shop_order(copy.deepcopy(EXAMPLE_ORDER))


def test_worked_example(example):
    order = order_from_hubrise(example)
    assert order.total == Money.of("26.50") and order.computed_total() == Money.of("26.50")
    assert order.flags == []
    regina, tiramisu = order.items
    assert regina.label == "Regina Large" and regina.sku_ref == "1021" and regina.subtotal == Money.of("13.50")
    assert [o.removed for o in regina.options] == [False, False, True] and regina.options[2].name == "Onions"
    assert tiramisu.quantity == Decimal("2.0") and tiramisu.deal_key == "0" and order.deals[0].name == "Sweet duo"
    assert order.discounts[0].price_off == Money.of("1.00") and order.charges[0].price == Money.of("4.00")
    assert order.is_paid and order.service_type is ServiceType.DELIVERY
    assert order.expected_time.utcoffset() == timedelta(hours=1)
    assert order.customer.display_name == "Ana Silva" and order.collection_code == "452"


def test_cash_payment_by_name_or_ref_means_unpaid_whatever_its_deprecated_type(example):
    """Orders page, Order Payments: "the `type` field is deprecated and should be ignored in new integrations";
    its Retrieve Order example outputs `"type": "online"` for `"name": "Payment by cash", "ref": "CSH"`."""
    data = copy.deepcopy(example)
    data["payments"][0].update({"type": "online", "name": "Payment by cash", "ref": "CSH"})
    assert not order_from_hubrise(data).is_paid
    data["payments"][0].update({"type": "cash", "name": "Card online", "ref": "CB"})
    assert order_from_hubrise(data).is_paid
    data["payments"] = []
    assert not order_from_hubrise(data).is_paid


def test_garbage_fields_become_flags(example):
    data = copy.deepcopy(example)
    data.update({"status": "teleported", "expected_time": "demain midi", "service_type": 42,
                 "coupon_codes": "SPRING", "customer": "Ana", "unknown_field": {"x": 1}})
    data["items"][0]["price"] = 12.0
    data["items"][0]["quantity"] = "beaucoup"
    data["items"][1]["options"] = "none"
    data["items"].append("not an item")
    data["payments"][0]["amount"] = "26,50 €"
    order = order_from_hubrise(data)
    assert FLAG_UNKNOWN_STATUS in order.flags and FLAG_BAD_FIELD in order.flags
    assert order.status is OrderStatus.NEW and order.expected_time is None and order.customer is None
    assert len(order.items) == 2 and order.items[0].quantity == 1 and order.payments == []
    assert any("expected_time" in detail for detail in order.flag_details)


@pytest.mark.parametrize("quantity", ["0", "-2", 0, -1.5])
def test_a_zero_or_negative_quantity_is_flagged_never_silently_charged(example, quantity):
    """Found by review: « 0 » or « -2 » became 1 with no flag, so Facturer would charge a line nobody ordered."""
    data = copy.deepcopy(example)
    data["items"][0]["quantity"] = quantity
    order = order_from_hubrise(data)
    assert FLAG_BAD_FIELD in order.flags
    assert any("items[0].quantity" in detail and "nulle ou négative" in detail for detail in order.flag_details)


@pytest.mark.parametrize("payload", [None, [], "order", 42, {}, {"id": ""}, {"id": 12}])
def test_hopeless_payloads_raise_unreadable(payload):
    with pytest.raises(UnreadableOrderError):
        order_from_hubrise(payload)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["status", "items", "total", "payments", "charges", "discounts", "deals",
                                        "customer", "expected_time", "service_type", "coupon_codes"]), json_values))
def test_never_raises_on_garbage_besides_unreadable(fields):
    order_from_hubrise({"id": "abcde", **fields})


def test_odd_but_legal_data_is_kept():
    order = order_from_hubrise({"id": "x1", "status": "new", "total": "5.25 EUR", "items": [
        {"product_name": "Demi-Margherita 🍕 très longue " * 5, "sku_ref": "PIZZA-1", "price": "10.50 EUR",
         "quantity": "0.5"}]})
    assert order.items[0].quantity == Decimal("0.5") and order.computed_total() == Money.of("5.25")
    assert "🍕" in order.items[0].product_name and order.flags == []


def till_order():
    paris = timezone(timedelta(hours=1))
    return Order(status=OrderStatus.ACCEPTED, till_number="C-000012", private_ref="kd-123",
                 service_type=ServiceType.COLLECTION, expected_time=datetime(2030, 1, 5, 19, 30, tzinfo=paris),
                 items=[OrderItem("Regina Moyenne", Money.of("12.00"), Decimal(2), sku_ref="1012",
                                  tax_rate=Decimal("10"),
                                  options=[OrderOption("Supplément olives", "Suppléments", "4004",
                                                       Money.of("0.75"), quantity=2)])],
                 customer=Customer(first_name="Zoé", phone="+33611223344"))


def test_create_payload_is_strict_and_complete(sandbox):
    payload = order_to_create_payload(till_order())
    assert payload["status"] == "accepted" and payload["private_ref"] == "kd-123"
    assert payload["custom_fields"]["epos"]["order_id"] == "C-000012"
    assert payload["items"][0]["quantity"] == "2" and payload["items"][0]["price"] == "12.00 EUR"
    assert len(payload["items"][0]["options"]) == 2  # identical options as separate entries
    assert payload["expected_time"] == "2030-01-05T19:30:00+01:00"
    assert sandbox.place_shop_order(payload)["total"] == "27.00 EUR"  # the sandbox accepts it as is


def test_writing_refuses_invalid_data():
    order = till_order()
    order.expected_time = datetime(2030, 1, 5, 19, 30)
    with pytest.raises(WriteValidationError, match="fuseau"):
        order_to_create_payload(order)
    with pytest.raises(WriteValidationError):
        payment_patch(Money.of("0"), "Espèces", "ESP")
    with pytest.raises(ValueError):
        status_patch("flying")  # type: ignore[arg-type]


def test_status_patch_shapes():
    at = datetime(2030, 1, 5, 19, 40, tzinfo=UTC)
    assert status_patch(OrderStatus.ACCEPTED, confirmed_time=at) == {
        "status": "accepted", "confirmed_time": "2030-01-05T19:40:00+00:00"}
    assert status_patch(OrderStatus.REJECTED, rejection_cause="Rupture de stock")["custom_fields"] == {
        "epos": {"rejection": {"cause": "Rupture de stock", "info": {}}}}
    assert payment_patch(Money.of("18.90"), "Espèces", "ESP") == {
        "payments": [{"name": "Espèces", "ref": "ESP", "amount": "18.90 EUR"}]}
