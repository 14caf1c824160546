"""A payment is never recorded twice at HubRise (issue 10, defect 2), and the outbox owns its retries (issue 11).

HubRise's PATCH adds the payments it carries: a lost answer or a till killed between the PATCH and `mark_sent`
must not make a second payment. The real app against the sandbox over loopback.
"""
import time

import pytest

from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod

ORDER = {"status": "new", "service_type": "collection",
         "items": [{"product_name": "Regina", "sku_ref": "1012", "price": "12.00 EUR", "quantity": "1"}]}


@pytest.fixture
def till(qtbot, connected, live_sandbox):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    return kezia


def receive(qtbot, kezia, sandbox):
    placed = sandbox.place_shop_order(ORDER)
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in web.list_orders()), timeout=8000)
    qtbot.waitUntil(lambda: sandbox.order(placed["id"])["status"] == "received", timeout=8000)
    return next(o for o in web.list_orders() if o.hubrise_id == placed["id"])


def invoice(kezia, order):
    """Facturer through the invoicing service: the order as a ticket, paid cash, ticket and order in one go."""
    seller = kezia.services.sellers.list_sellers()[1]
    draft = kezia.services.invoicing.prepare(order.local_id)
    draft.add_payment(PaymentMethod.CASH, Money.of("12"))
    return kezia.services.invoicing.invoice(order.local_id, draft, seller)


def all_sent(kezia, local_id):
    return all(row["sent_at"] for row in kezia.services.web_orders.outbox.for_order(local_id))


def test_payment_patch_answer_lost_then_facturer_holds_one_payment(qtbot, till, live_sandbox):
    sandbox = live_sandbox.sandbox
    order = receive(qtbot, till, sandbox)
    sandbox.faults.set(drop_next=1, methods=["PATCH"])
    invoice(till, order)
    qtbot.waitUntil(lambda: all_sent(till, order.local_id), timeout=15000)
    assert sandbox.faults.settings.drop_next == 0, "the PATCH did reach HubRise and its answer was lost"
    payments = sandbox.order(order.hubrise_id)["payments"]
    assert len(payments) == 1 and payments[0]["amount"] == "12.00 EUR"


def test_till_killed_between_patch_and_mark_sent_does_not_pay_twice(qtbot, till, live_sandbox):
    sandbox = live_sandbox.sandbox
    order = receive(qtbot, till, sandbox)
    invoice(till, order)
    qtbot.waitUntil(lambda: all_sent(till, order.local_id), timeout=8000)
    assert len(sandbox.order(order.hubrise_id)["payments"]) == 1
    # What a SIGKILL right after the PATCH leaves in the database: the row is not marked sent.
    till.db.execute("UPDATE outbox SET sent_at = NULL WHERE kind = 'payment'")
    till.services.web_orders.check_now()
    qtbot.waitUntil(lambda: all_sent(till, order.local_id), timeout=8000)
    assert len(sandbox.order(order.hubrise_id)["payments"]) == 1


def test_a_429_never_holds_the_dispatcher(qtbot, till, live_sandbox):
    """The outbox calls the client without its retries: a long Retry-After reschedules the row in the database
    at once instead of sleeping inside the client, and HubRise gets it after the delay."""
    sandbox = live_sandbox.sandbox
    order = receive(qtbot, till, sandbox)
    sandbox.faults.set(rate_limit_burst=1, retry_after=2, methods=["PATCH"])
    seller = till.services.sellers.list_sellers()[1]
    started = time.monotonic()
    till.services.order_actions.accept(order.local_id, seller)
    outbox = till.services.web_orders.outbox
    qtbot.waitUntil(lambda: any(r["last_error"] and "Trop de demandes" in r["last_error"]
                                for r in outbox.for_order(order.local_id)), timeout=5000)
    row = next(r for r in outbox.for_order(order.local_id) if r["last_error"])
    assert row["attempts"] == 1 and row["next_attempt_at"] > time.time() + 0.5
    qtbot.waitUntil(lambda: sandbox.order(order.hubrise_id)["status"] == "accepted", timeout=8000)
    assert time.monotonic() - started >= 1.5
