"""The cashier's actions reach HubRise (the sandbox) as specified, even across an outage and a restart."""
from datetime import datetime, timedelta

import pytest

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.services.order_actions import OrderActionError

EXPECTED = "2030-01-05T19:30:00+01:00"


def order_payload(paid=False):
    payload = {"status": "new", "service_type": "delivery", "expected_time": EXPECTED,
               "customer": {"first_name": "Inès", "last_name": "Petit", "phone": "+33622334455"},
               "items": [{"product_name": "Regina", "sku_name": "Grande", "sku_ref": "1013", "price": "14.50 EUR",
                          "quantity": "1", "options": [{"option_list_name": "Suppléments", "name": "Supplément olives",
                                                         "ref": "4004", "price": "0.75 EUR", "quantity": 1}]}],
               "charges": [{"name": "Frais de livraison", "ref": "9001", "price": "2.50 EUR"}]}
    if paid:
        payload["payments"] = [{"name": "CB en ligne", "ref": "CB", "amount": "17.75 EUR"}]
    return payload


@pytest.fixture
def till(qtbot, connected, live_sandbox):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    return kezia


def receive(qtbot, kezia, sandbox, payload):
    placed = sandbox.place_shop_order(payload)
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in kezia.services.web_orders.list_orders()),
                    timeout=5000)
    order = next(o for o in kezia.services.web_orders.list_orders() if o.hubrise_id == placed["id"])
    qtbot.waitUntil(lambda: sandbox.order(placed["id"])["status"] == "received", timeout=5000)
    return order


def seller(kezia):
    return kezia.services.sellers.list_sellers()[1]


def test_accept_with_delay_sets_status_and_confirmed_time(qtbot, till, live_sandbox):
    order = receive(qtbot, till, live_sandbox.sandbox, order_payload())
    till.services.order_actions.accept(order.local_id, seller(till), 20)
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(order.hubrise_id)["status"] == "accepted", timeout=5000)
    confirmed = datetime.fromisoformat(live_sandbox.sandbox.order(order.hubrise_id)["confirmed_time"])
    assert confirmed == datetime.fromisoformat(EXPECTED) + timedelta(minutes=20)
    # The till marks the change sent once it has read HubRise's answer: wait for the till's own state.
    qtbot.waitUntil(lambda: till.services.web_orders.get_view(order.local_id).history[-1].sent is True, timeout=5000)
    view = till.services.web_orders.get_view(order.local_id)
    assert view.history[-1].by == "Karim" and view.order.confirmed_time == confirmed


def test_reject_sends_the_reason(qtbot, till, live_sandbox):
    order = receive(qtbot, till, live_sandbox.sandbox, order_payload())
    with pytest.raises(OrderActionError):
        till.services.order_actions.reject(order.local_id, seller(till), "  ")
    till.services.order_actions.reject(order.local_id, seller(till), "Rupture de stock")
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(order.hubrise_id)["status"] == "rejected", timeout=5000)
    rejection = live_sandbox.sandbox.order(order.hubrise_id)["custom_fields"]["epos"]["rejection"]
    assert rejection["cause"] == "Rupture de stock" and rejection["info"]["refusee_par"] == "Karim"


def test_take_charge_uses_the_setting(qtbot, till, live_sandbox):
    first = receive(qtbot, till, live_sandbox.sandbox, order_payload())
    assert till.services.order_actions.take_charge(first.local_id, seller(till)) is OrderStatus.IN_PREPARATION
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(first.hubrise_id)["status"] == "in_preparation", timeout=5000)
    till.services.settings.set("web.take_charge_status", "awaiting_collection")
    second = receive(qtbot, till, live_sandbox.sandbox, order_payload())
    till.services.order_actions.take_charge(second.local_id, seller(till))
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(second.hubrise_id)["status"] == "awaiting_collection",
                    timeout=5000)


def test_backwards_move_needs_confirmation(qtbot, till, live_sandbox):
    order = receive(qtbot, till, live_sandbox.sandbox, order_payload())
    actions = till.services.order_actions
    actions.set_status(order.local_id, OrderStatus.COMPLETED, seller(till))
    assert "en arrière" in actions.needs_confirmation(order.local_id, OrderStatus.IN_PREPARATION)
    assert actions.needs_confirmation(order.local_id, OrderStatus.COMPLETED) is None


def test_invoice_unpaid_order_records_ticket_and_sends_payment(qtbot, till, live_sandbox):
    invoicing = till.services.invoicing
    paid = receive(qtbot, till, live_sandbox.sandbox, order_payload(paid=True))
    with pytest.raises(OrderActionError, match="déjà payée"):
        invoicing.prepare(paid.local_id)
    order = receive(qtbot, till, live_sandbox.sandbox, order_payload())
    draft = invoicing.prepare(order.local_id)
    assert draft.total == Money.of("17.75")
    assert [line.idart for line in draft.lines] == [1013, 4004, 9001]  # the supplement keeps its IDART
    draft.add_payment(PaymentMethod.CASH, Money.of("20"))
    ticket = invoicing.invoice(order.local_id, draft, seller(till))
    assert till.services.web_orders.get_order(order.local_id).is_paid
    assert till.services.till.get_ticket(ticket.number).web_order_id == order.hubrise_id
    qtbot.waitUntil(lambda: len(live_sandbox.sandbox.order(order.hubrise_id)["payments"]) == 1, timeout=5000)
    payment = live_sandbox.sandbox.order(order.hubrise_id)["payments"][0]
    assert payment["amount"] == "17.75 EUR" and payment["ref"] == f"ticket-{ticket.number}"
    with pytest.raises(OrderActionError, match="déjà facturée"):
        invoicing.prepare(order.local_id)


def test_changes_made_offline_arrive_in_order_after_a_restart(qtbot, connected, live_sandbox, make_app):
    first = connected()
    qtbot.waitUntil(lambda: first.poller.callback_registered, timeout=5000)
    order = receive(qtbot, first, live_sandbox.sandbox, order_payload())
    live_sandbox.stop()
    actions = first.services.order_actions
    actions.accept(order.local_id, seller(first), 10)
    actions.take_charge(order.local_id, seller(first))
    actions.set_status(order.local_id, OrderStatus.AWAITING_SHIPMENT, seller(first))
    qtbot.waitUntil(lambda: first.services.web_orders.pending_outbox_count() == 3, timeout=3000)
    from kd_fixtures.app import close

    close(qtbot, first)  # the till is switched off with three changes waiting
    live_sandbox.start()
    seen = []
    original = live_sandbox.sandbox.state.emit

    def spy(cause, resource_type, event_type, ids, render, previous=None):
        seen.append(live_sandbox.sandbox.state.orders[ids["order_id"]]["status"])
        return original(cause, resource_type, event_type, ids, render, previous)

    live_sandbox.sandbox.state.emit = spy
    second = connected()
    qtbot.waitUntil(lambda: second.services.web_orders.pending_outbox_count() == 0, timeout=8000)
    assert seen == ["accepted", "in_preparation", "awaiting_shipment"]
    assert live_sandbox.sandbox.order(order.hubrise_id)["status"] == "awaiting_shipment"
    assert len(second.services.web_orders.list_orders()) == 1
