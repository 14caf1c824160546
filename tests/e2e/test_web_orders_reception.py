"""Web orders reaching the till: the real app (composition root) against the sandbox over loopback HTTP."""

from kezia_desk.domain.order import FLAG_UNKNOWN_ARTICLE, OrderStatus
from kezia_desk.sandbox.generator import WebShopOrderGenerator


def simple_order(ref="1012", **extra):
    return {"status": "new", "service_type": "collection", "expected_time": "2030-01-05T19:30:00+01:00",
            "customer": {"first_name": "Zoé", "last_name": "Martin", "phone": "+33611223344"},
            "items": [{"product_name": "Regina", "sku_name": "Moyenne", "sku_ref": ref, "price": "12.00 EUR",
                       "quantity": "1"}], **extra}


def wait_orders(qtbot, kezia, count, timeout=8000):
    qtbot.waitUntil(lambda: len(kezia.services.web_orders.list_orders()) >= count, timeout=timeout)
    return kezia.services.web_orders.list_orders()


def test_orders_arrive_once_are_acknowledged_and_set_received(qtbot, connected, live_sandbox):
    kezia = connected()
    bursts = []
    kezia.services.web_orders.new_orders.add(bursts.append)
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    generator = WebShopOrderGenerator(seed=11)
    placed = [live_sandbox.sandbox.place_shop_order(generator.next_payload()) for _ in range(3)]
    orders = wait_orders(qtbot, kezia, 3)
    assert sorted(o.hubrise_id for o in orders) == sorted(p["id"] for p in placed)
    qtbot.waitUntil(lambda: all(live_sandbox.sandbox.order(p["id"])["status"] == "received" for p in placed),
                    timeout=5000)
    qtbot.waitUntil(lambda: live_sandbox.sandbox.pending_events() == [], timeout=5000)
    assert sum(len(burst) for burst in bursts) == 3
    assert all(o.status is OrderStatus.RECEIVED for o in kezia.services.web_orders.list_orders())


def test_same_event_twice_and_crash_before_ack_make_no_duplicate(qtbot, connected, live_sandbox):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    # Acknowledgements fail (as if the till died right after committing): the event comes back every poll.
    live_sandbox.sandbox.faults.set(error_rate=1.0, error_codes=[503], paths=["/callback/events/"])
    live_sandbox.sandbox.place_shop_order(simple_order())
    qtbot.wait(200)
    live_sandbox.sandbox.faults.set(paths=["/callback/events/zzz"])  # GET of the event works again
    live_sandbox.sandbox.faults.clear()
    wait_orders(qtbot, kezia, 1)
    qtbot.waitUntil(lambda: live_sandbox.sandbox.pending_events() == [], timeout=5000)
    qtbot.wait(600)  # a few more polls
    assert len(kezia.services.web_orders.list_orders()) == 1
    assert kezia.db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 1


def test_unknown_refs_and_garbage_are_flagged_and_unreadable_kept_aside(qtbot, connected, live_sandbox):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    sandbox = live_sandbox.sandbox
    sandbox.place_shop_order(simple_order(ref="PIZZA-XL"))
    sandbox.place_shop_order(simple_order(ref=""))
    # An event whose state is not an order at all, as a broken integration could produce.
    till = sandbox.state.connections[sandbox.state.till_token]
    with sandbox.state.lock:
        till.events["brok1"] = {"id": "brok1", "resource_type": "order", "event_type": "create",
                                "created_at": "2030-01-01T10:00:00+01:00", "order_id": None, "new_state": ["?"]}
    sandbox.place_shop_order(simple_order(ref="1013"))
    orders = wait_orders(qtbot, kezia, 3)
    qtbot.waitUntil(lambda: len(kezia.services.web_orders.kept_aside()) == 1, timeout=5000)
    flagged = [o for o in orders if FLAG_UNKNOWN_ARTICLE in o.flags]
    assert len(flagged) == 2 and all(o.items[0].unknown_article for o in flagged)
    good = next(o for o in orders if o.items[0].sku_ref == "1013")
    assert good.items[0].idart == 1013 and not good.flags
    qtbot.waitUntil(lambda: sandbox.pending_events() == [], timeout=5000)
    # Mapping a line remembers the ref for the next orders.
    pizza_xl = next(o for o in flagged if o.items[0].sku_ref == "PIZZA-XL")
    kezia.services.order_actions.map_item(pizza_xl.local_id, 0, 1013)
    sandbox.place_shop_order(simple_order(ref="PIZZA-XL"))
    latest = wait_orders(qtbot, kezia, 4)
    assert all(o.items[0].idart == 1013 for o in latest if o.items[0].sku_ref == "PIZZA-XL")


def test_outage_5xx_429_and_revoked_token_are_survived(qtbot, connected, live_sandbox):
    kezia = connected()
    sandbox = live_sandbox.sandbox
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    sandbox.faults.set(error_rate=1.0, error_codes=[500, 502, 503])
    sandbox.place_shop_order(simple_order())
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "offline", timeout=5000)
    sandbox.faults.set(error_rate=0.0, rate_limit_burst=3, retry_after=1)
    wait_orders(qtbot, kezia, 1, timeout=10_000)
    live_sandbox.stop()
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "offline", timeout=5000)
    live_sandbox.start()
    sandbox.place_shop_order(simple_order())
    wait_orders(qtbot, kezia, 2, timeout=10_000)
    sandbox.revoke()
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "revoked", timeout=5000)
    assert "reconnecter" in kezia.services.link_status.current.text
    assert kezia.poller.paused
    polls = kezia.poller.polls
    qtbot.wait(600)
    assert kezia.poller.polls == polls  # paused until a manager reconnects
    assert any(p["outcome"] == "jeton refusé" for p in kezia.services.web_orders.recent_polls())


def test_cancellation_by_the_customer_raises_its_own_alert(qtbot, connected, live_sandbox):
    kezia = connected()
    cancelled = []
    kezia.services.web_orders.cancelled.add(cancelled.append)
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    placed = live_sandbox.sandbox.place_shop_order(simple_order())
    wait_orders(qtbot, kezia, 1)
    live_sandbox.sandbox.update_as_shop(placed["id"], {"status": "cancelled"})
    qtbot.waitUntil(lambda: len(cancelled) == 1, timeout=5000)
    assert cancelled[0].hubrise_id == placed["id"] and cancelled[0].status is OrderStatus.CANCELLED
