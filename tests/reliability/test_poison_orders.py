"""Poison orders (issue 10, defect 1): each malformed event is stored flagged or kept aside with its raw JSON and
a French reason, and acknowledged; the orders behind it arrive; the lists and the alert keep working.

The real app (composition root) polls the sandbox over loopback; the bad events are injected byte for byte.
"""
import json

import pytest
from kd_fixtures.screenshots import shot
from PySide6.QtCore import Qt

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import Order, OrderPayment, OrderStatus

GOOD = {"status": "new", "service_type": "collection",
        "items": [{"product_name": "Regina", "sku_ref": "1012", "price": "12.00 EUR", "quantity": "1"}]}


def state(order_id, **fields):
    return {"id": order_id, "status": "new", "items": [{"product_name": "Regina", "price": "12.00 EUR",
                                                        "quantity": "1"}], **fields}


HUGE = "9" * 5000
TRIGGERS = {
    "amount_1e26": json.dumps(state("p-amount", total="100000000000000000000000000.00 EUR")),
    "item_1e26": json.dumps(state("p-item", items=[{"product_name": "X", "price": "1" + "0" * 26 + ".00 EUR",
                                                   "quantity": "1"}])),
    "mixed_currencies": json.dumps(state("p-currency", total="12.00 EUR", payments=[
        {"name": "CB", "amount": "12.00 USD"}], items=[{"product_name": "X", "price": "12.00 USD",
                                                        "quantity": "1"}])),
    "huge_int_quantity": json.dumps(state("p-hugeq"))[:-1] + f', "custom_fields": {{"n": {HUGE}}}, '
                                                             f'"ref": {HUGE}}}',
    "private_ref_object": json.dumps(state("p-private", private_ref={"a": [1, 2]}, created_by=["x"],
                                           created_at={"when": "now"})),
    "private_ref_huge_int": json.dumps(state("p-private2", private_ref=10 ** 30, created_at=10 ** 30,
                                             created_by=10 ** 40)),
    "status_garbage": json.dumps(state("p-garbage", status="garbage")),
    "status_null": json.dumps(state("p-null", status=None)),
    "status_object": json.dumps(state("p-obj", status={"x": 1})),
    "not_an_order": json.dumps([1, 2, 3]),
}


@pytest.mark.screenshot
def test_poison_events_never_block_the_orders_behind_them(qtbot, connected, live_sandbox):
    """Every trigger is queued before a good order: each is stored flagged or kept aside with its raw JSON and a
    French reason, all are acknowledged, every good order arrives, the lists and the Fiche commande open."""
    kezia = connected()
    sandbox = live_sandbox.sandbox
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    kezia.poller.paused = True  # the bad events first in the queue, a good order behind each
    events, placed = {}, []
    for name in sorted(TRIGGERS):
        events[name] = sandbox.inject_event(TRIGGERS[name])
        placed.append(sandbox.place_shop_order(GOOD)["id"])
    kezia.poller.resume()
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: {o.hubrise_id for o in web.list_orders()} >= set(placed), timeout=15_000)
    qtbot.waitUntil(lambda: sandbox.pending_events() == [], timeout=8000)
    kept = {row["event_id"]: row for row in web.kept_aside()}
    outcomes = {}
    for name, event_id in events.items():
        state = json.loads(TRIGGERS[name]) if name != "huge_int_quantity" else {"id": "p-hugeq"}
        stored = web.store.find_by_hubrise_id(state["id"]) if isinstance(state, dict) else None
        assert (stored is None) != (event_id not in kept), name  # stored (flagged) or kept aside, never lost
        if stored is not None:
            order = web.get_order(stored["local_id"])
            assert order.flags, f"{name}: a malformed order is stored with a flag the cashier sees"
            assert isinstance(order.status, OrderStatus)
            assert web.get_view(stored["local_id"]).history  # the Fiche commande opens
            outcomes[name] = "enregistrée"
        else:
            assert kept[event_id]["raw"] and "mise de côté" in kept[event_id]["reason"], name
            outcomes[name] = "mise de côté"
    assert outcomes["status_garbage"] == outcomes["status_null"] == "enregistrée"
    assert outcomes["not_an_order"] == "mise de côté"
    for tab in ("nouvelles", "en_cours", "terminees", "annulees", "toutes"):
        web.list_orders(tab)
    assert not any(task.done() for task in kezia.tasks), "the poller and the dispatcher never die"
    # Diagnostic: the events kept aside, counted, with their reason and raw JSON.
    qtbot.mouseClick(kezia.window.hubrise_status, Qt.MouseButton.LeftButton)
    dialog = kezia.window.web_orders_ui.diagnostics
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=3000)
    assert dialog.tabs.tabText(dialog.aside_tab) == f"Commandes mises de côté ({len(kept)})"
    dialog.tabs.setCurrentIndex(dialog.aside_tab)
    dialog.aside.selectRow(0)
    assert dialog.raw.toPlainText().strip()
    shot(dialog, "diagnostics_kept_aside.png")


def test_unknown_status_stored_as_new_and_an_update_keeps_the_known_status(qtbot, connected, live_sandbox):
    kezia = connected()
    sandbox = live_sandbox.sandbox
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    sandbox.inject_event(json.dumps(state("p-later", status="accepted")))
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: len(web.list_orders("en_cours")) == 1, timeout=8000)
    sandbox.inject_event(json.dumps({**state("p-later", status="garbage"), "customer_notes": "v2"}),
                         event_type="update")
    qtbot.waitUntil(lambda: web.list_orders()[0].customer_notes == "v2", timeout=8000)
    assert web.list_orders()[0].status is OrderStatus.ACCEPTED
    assert kezia.db.execute("SELECT status FROM orders").fetchall() == [("accepted",)]


def test_a_row_the_till_cannot_read_still_lists(qtbot, connected, live_sandbox):
    """Even a row written by an older version with an unknown status and broken JSON never empties a list."""
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    live_sandbox.sandbox.place_shop_order(GOOD)
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: len(web.list_orders()) == 1, timeout=8000)
    kezia.db.execute("UPDATE orders SET status = 'garbage', raw = '{\"id\": 5}'")
    orders = web.list_orders()
    assert len(orders) == 1 and orders[0].flags and orders[0].status is OrderStatus.NEW


def test_alert_keeps_the_burst_when_one_order_mixes_currencies(qtbot, demo_app):
    alert = demo_app.window.web_orders_ui.alert
    bad = Order(status=OrderStatus.NEW, hubrise_id="bad", local_id=1)
    bad.total = Money.of("12.00")
    bad.payments.append(OrderPayment(Money.of("12.00", "USD"), "CB"))
    good = Order(status=OrderStatus.NEW, hubrise_id="good", local_id=2)
    demo_app.window.web_orders_ui.sound.stop()
    alert.notify_new([bad, good])
    assert alert.count == 2 and alert.list.count() == 2
    assert "paiement à vérifier" in alert.list.item(0).text()
    assert "2 nouvelles commandes web" in alert.title.text()
    alert.acknowledge()
